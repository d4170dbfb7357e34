package skiff.e2e.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An HTTP answer as it came off the wire. */
record RawResponse(int code, String body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    JsonNode json() {
        return JSON.readTree(body);
    }

    static JsonNode parse(String line) {
        return JSON.readTree(line);
    }
}
