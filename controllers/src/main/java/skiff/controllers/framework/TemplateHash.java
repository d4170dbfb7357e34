package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The short hash that names a controller's revision of a pod template ({@code pod-template-hash},
 * {@code controller-revision-hash}), as k/k pkg/controller/controller_utils.go ComputeHash computes it: 32-bit FNV-1a
 * over the template, then the collision count as four little-endian bytes, printed in decimal and made safe with
 * apimachinery util/rand SafeEncodeString.
 *
 * <p>Kubernetes feeds FNV with the template printed by go-spew (Go struct syntax); Skiff feeds it the template's
 * JSON with sorted keys. The algorithm is the same, the bytes hashed are not, so the hashes differ from a real
 * cluster's for the same template (they are stable within Skiff, which is what naming and matching need).
 */
public final class TemplateHash {
    // apimachinery util/rand: the alphabet without vowels and confusable characters.
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV32_OFFSET = 0x811c9dc5;
    private static final int FNV32_PRIME = 0x01000193;

    private TemplateHash() {}

    public static String of(PodTemplateSpec template, Integer collisionCount) {
        int hash = FNV32_OFFSET;
        hash = fnv(hash, canonicalJson(template));
        if (collisionCount != null) {
            int c = collisionCount;
            hash = fnv(hash, new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    private static int fnv(int hash, byte[] bytes) {
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= FNV32_PRIME;
        }
        return hash;
    }

    private static byte[] canonicalJson(PodTemplateSpec template) {
        JsonNode tree = Json.parse(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
        return Json.bytes(sorted(tree));
    }

    /** The same JSON with every object's keys in order, so equal templates hash equally. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Json.object();
            List<String> names = new ArrayList<>(node.propertyNames());
            Collections.sort(names);
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.mapper().createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }

    /** apimachinery util/rand SafeEncodeString: each byte picks a letter of the alphabet by its value. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(ALPHANUMS.charAt((b & 0xff) % ALPHANUMS.length()));
        }
        return out.toString();
    }
}
