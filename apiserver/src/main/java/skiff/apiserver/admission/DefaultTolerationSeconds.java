package skiff.apiserver.admission;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes every pod tolerate not-ready and unreachable nodes for 300 seconds unless it already tolerates them
 * (k/k plugin/pkg/admission/defaulttolerationseconds/admission.go, 1.32), so its pods are evicted from such nodes
 * after five minutes rather than at once.
 */
public final class DefaultTolerationSeconds implements MutatingAdmission {
    public static final String NAME = "DefaultTolerationSeconds";
    private static final long SECONDS = 300;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE);
    }

    @Override
    public void admit(AdmissionRequest request) {
        if (!request.isCore("pods") || !request.mainResource()) {
            return;
        }
        ObjectNode spec = request.object().withObject("spec");
        ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode a ? a : spec.putArray("tolerations");
        boolean notReady = tolerates(tolerations, "node.kubernetes.io/not-ready");
        boolean unreachable = tolerates(tolerations, "node.kubernetes.io/unreachable");
        if (!notReady) {
            add(tolerations, "node.kubernetes.io/not-ready");
        }
        if (!unreachable) {
            add(tolerations, "node.kubernetes.io/unreachable");
        }
    }

    // A toleration with no key tolerates every taint key; one with no effect tolerates every effect.
    private static boolean tolerates(ArrayNode tolerations, String key) {
        for (JsonNode t : tolerations) {
            String k = t.path("key").asString("");
            String effect = t.path("effect").asString("");
            if ((k.equals(key) || k.isEmpty()) && (effect.equals("NoExecute") || effect.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    private static void add(ArrayNode tolerations, String key) {
        ObjectNode t = tolerations.addObject();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", "NoExecute");
        t.put("tolerationSeconds", SECONDS);
    }
}
