package skiff.apiserver.admission;

import java.util.List;

/**
 * The enabled admission plugins in their fixed order (k/k apiserver pkg/admission/chain.go chainAdmissionHandler):
 * the registry runs every mutating plugin before it prepares and validates an object, and every validating plugin
 * on the fully formed object just before it is stored. The first refusal ends the request.
 */
public final class AdmissionChain {
    private final List<AdmissionPlugin> plugins;

    public AdmissionChain(List<AdmissionPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    public List<String> names() {
        return plugins.stream().map(AdmissionPlugin::name).toList();
    }

    /** The mutating phase: each mutating plugin that handles the operation, in order. */
    public void admit(AdmissionRequest request) {
        for (AdmissionPlugin plugin : plugins) {
            if (plugin instanceof MutatingAdmission m && m.operations().contains(request.operation())) {
                m.admit(request);
            }
        }
    }

    /** The validating phase: each validating plugin that handles the operation, in order. */
    public void validate(AdmissionRequest request) {
        for (AdmissionPlugin plugin : plugins) {
            if (plugin instanceof ValidatingAdmission v && v.operations().contains(request.operation())) {
                v.validate(request);
            }
        }
    }
}
