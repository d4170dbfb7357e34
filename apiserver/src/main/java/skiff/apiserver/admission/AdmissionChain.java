package skiff.apiserver.admission;

import java.util.List;

/**
 * The enabled admission plugins in their fixed order (k/k apiserver pkg/admission/chain.go chainAdmissionHandler):
 * the registry runs every mutating plugin before it prepares and validates an object, and every validating plugin
 * on the fully formed object just before it is stored. The first refusal ends the request.
 */
public final class AdmissionChain {
    private final List<AdmissionPlugin> plugins;
    private final List<ValidatingAdmission> storageChecks;

    public AdmissionChain(List<AdmissionPlugin> plugins) {
        this(plugins, List.of());
    }

    private AdmissionChain(List<AdmissionPlugin> plugins, List<ValidatingAdmission> storageChecks) {
        this.plugins = List.copyOf(plugins);
        this.storageChecks = List.copyOf(storageChecks);
    }

    /**
     * This chain with {@code check} run before the validating plugins: a resource's own storage rule that needs the
     * request's user (k/k pkg/registry/rbac policybased storage), which no flag turns off.
     */
    public AdmissionChain withStorageCheck(ValidatingAdmission check) {
        List<ValidatingAdmission> checks = new java.util.ArrayList<>(storageChecks);
        checks.add(check);
        return new AdmissionChain(plugins, checks);
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
        for (ValidatingAdmission check : storageChecks) {
            if (check.operations().contains(request.operation())) {
                check.validate(request);
            }
        }
        for (AdmissionPlugin plugin : plugins) {
            if (plugin instanceof ValidatingAdmission v && v.operations().contains(request.operation())) {
                v.validate(request);
            }
        }
    }
}
