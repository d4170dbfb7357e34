package skiff.apiserver.fieldmanager;

import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON written with single quotes (and backticks for quotes inside strings), for readable test tables. */
final class Objects {
    private Objects() {}

    static JsonNode json(String singleQuoted) {
        return Json.mapper().readTree(singleQuoted.replace("`", "\\\"").replace('\'', '"'));
    }

    static ObjectNode object(String singleQuoted) {
        return (ObjectNode) json(singleQuoted);
    }
}
