package skiff.apiserver.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import skiff.api.json.Json;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A list page's continuation: the revision the first page was read at and the last key returned, so that later
 * pages read the same snapshot (k/k apiserver storage/continue.go encodes the same two facts).
 */
public record ContinueToken(long revision, String startAfter) {

    public String encode() {
        ObjectNode n = Json.object();
        n.put("v", "meta.k8s.io/v1");
        n.put("rv", revision);
        n.put("start", startAfter);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    public static ContinueToken decode(String token) {
        try {
            JsonNode n = Json.parse(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII)));
            long rv = n.path("rv").asLong(0);
            String start = n.path("start").asString("");
            if (rv <= 0 || start.isEmpty() || !n.path("v").asString("").equals("meta.k8s.io/v1")) {
                throw new IllegalArgumentException("bad fields");
            }
            return new ContinueToken(rv, start);
        } catch (RuntimeException e) {
            throw StatusException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
