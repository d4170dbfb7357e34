package skiff.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The error body of the distribution spec ("Error Codes": {@code {"errors": [{code, message}]}}), for messages. */
final class RegistryErrors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistryErrors() {}

    /** {@code " (MANIFEST_UNKNOWN: manifest unknown)"}, or "" when the body says nothing readable. Closes it. */
    static String describe(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(64 << 10);
        } catch (IOException e) {
            return "";
        }
        try {
            JsonNode root = JSON.readTree(body);
            List<String> parts = new ArrayList<>();
            if (root != null) {
                for (JsonNode e : root.path("errors")) {
                    String code = e.path("code").asString("");
                    String message = e.path("message").asString("");
                    parts.add(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
                }
            }
            return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
        } catch (JacksonException e) {
            return "";
        }
    }
}
