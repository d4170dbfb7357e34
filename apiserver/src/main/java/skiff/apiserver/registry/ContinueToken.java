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
    static final String INVALID_START_RV =
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)";

    public String encode() {
        ObjectNode n = Json.object();
        n.put("v", "meta.k8s.io/v1");
        n.put("rv", revision);
        n.put("start", startAfter);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    // k/k apiserver storage/continue.go DecodeContinue and storage/etcd3/store.go GetList (1.32): every fault is a
    // BadRequest "invalid continue token: ...".
    public static ContinueToken decode(String token) {
        JsonNode n;
        try {
            n = Json.parse(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (RuntimeException e) {
            throw invalid("continue key is not valid: " + e.getMessage());
        }
        if (!n.path("v").asString("").equals("meta.k8s.io/v1")) {
            throw invalid("continue key is not valid: got unrecognized encoded version " + n.path("v").asString(""));
        }
        if (!n.path("rv").isIntegralNumber() || n.path("rv").asLong(0) <= 0) {
            throw invalid(INVALID_START_RV);
        }
        String start = n.path("start").asString("");
        if (start.isEmpty()) {
            throw invalid("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
        }
        return new ContinueToken(n.path("rv").asLong(), start);
    }

    private static StatusException invalid(String message) {
        return StatusException.badRequest("invalid continue token: " + message);
    }
}
