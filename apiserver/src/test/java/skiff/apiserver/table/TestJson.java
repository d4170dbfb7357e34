package skiff.apiserver.table;

import java.time.Instant;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/** Fixed time and JSON parsing for the table tests. */
final class TestJson {
    /** The "now" of every test: ages are computed against it, never against the wall clock. */
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private TestJson() {}

    static JsonNode parse(String json) {
        return Json.mapper().readTree(json);
    }
}
