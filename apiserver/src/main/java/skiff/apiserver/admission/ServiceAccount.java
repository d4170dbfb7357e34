package skiff.apiserver.admission;

import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs every new pod but a kubelet's mirror pod as a service account, "default" unless it names one
 * (k/k plugin/pkg/admission/serviceaccount/admission.go Admit, 1.32). The plugin's checks that the account exists and
 * its token mount are not done here.
 */
public final class ServiceAccount implements MutatingAdmission {
    public static final String NAME = "ServiceAccount";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE);
    }

    @Override
    public void admit(AdmissionRequest request) {
        if (!request.isCore("pods") || !request.mainResource()
                || request.object().path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
            return;
        }
        ObjectNode spec = request.object().withObject("spec");
        if (spec.path("serviceAccountName").asString("").isEmpty()) {
            // The deprecated serviceAccount field mirrors serviceAccountName on the wire (v1 conversion).
            spec.put("serviceAccountName", "default");
            spec.put("serviceAccount", "default");
        }
    }
}
