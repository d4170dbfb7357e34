package skiff.api.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The JSON and YAML codecs every component shares. Objects travel as JSON trees or fabric8 model types. */
public final class Json {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Json() {}

    public static JsonMapper mapper() {
        return JSON;
    }

    /** Parses JSON bytes into a tree. @throws JacksonException when the bytes are not JSON */
    public static JsonNode parse(byte[] bytes) {
        return JSON.readTree(bytes);
    }

    /** Parses YAML (which includes JSON) into a tree. */
    public static JsonNode parseYaml(byte[] bytes) {
        return YAML.readTree(bytes);
    }

    public static byte[] bytes(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    public static String string(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        return JSON.treeToValue(node, type);
    }

    public static ObjectNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
