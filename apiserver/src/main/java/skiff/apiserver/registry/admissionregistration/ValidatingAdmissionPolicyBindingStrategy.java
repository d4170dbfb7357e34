package skiff.apiserver.registry.admissionregistration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameRule;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBindings (k/k 1.32 pkg/apis/admissionregistration/v1
 * defaults.go and validation.go validateValidatingAdmissionPolicyBindingSpec). Kubernetes reports the binding's
 * matchResources errors under the misspelt path {@code spec.matchResouces}; so does this.
 */
public enum ValidatingAdmissionPolicyBindingStrategy implements ResourceStrategy {
    INSTANCE;

    // validation.go validValidationActions, sorted.
    private static final List<String> ACTIONS = List.of("Audit", "Deny", "Warn");
    private static final List<String> NOT_FOUND_ACTIONS = List.of("Deny", "Allow");

    @Override
    public void applyDefaults(ObjectNode binding) {
        MatchResourcesValidation.applyDefaults(binding.path("spec").get("matchResources"));
    }

    @Override
    public List<FieldError> validate(ObjectNode binding) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = binding.path("spec");
        String policyName = GoFields.text(spec, "policyName");
        if (policyName.isEmpty()) {
            errors.add(FieldError.required("spec.policyName", ""));
        } else {
            NameRule.DNS1123_SUBDOMAIN.validate(policyName, false)
                    .forEach(m -> errors.add(FieldError.invalid("spec.policyName", policyName, m)));
        }
        validateParamRef(spec.get("paramRef"), "spec.paramRef", errors);
        MatchResourcesValidation.validate(spec.get("matchResources"), "spec.matchResouces", errors);
        validateActions(RuleValidation.strings(spec.path("validationActions")), "spec.validationActions", errors);
        return errors;
    }

    // validation.go validateParamRef.
    private static void validateParamRef(JsonNode ref, String at, List<FieldError> errors) {
        if (!GoFields.present(ref)) {
            return;
        }
        String name = GoFields.text(ref, "name");
        boolean selector = GoFields.present(ref.get("selector"));
        if (!name.isEmpty()) {
            NameRule.PATH_SEGMENT.validate(name, false)
                    .forEach(m -> errors.add(FieldError.invalid(at + ".name", name, m)));
            if (selector) {
                errors.add(FieldError.forbidden(at + ".name", "name and selector are mutually exclusive"));
            }
        }
        if (selector) {
            errors.addAll(WorkloadSelector.validate(ref.get("selector"), at + ".selector"));
            if (!name.isEmpty()) {
                errors.add(FieldError.forbidden(at + ".selector", "name and selector are mutually exclusive"));
            }
        }
        if (name.isEmpty() && !selector) {
            errors.add(FieldError.required(at, "one of name or selector must be specified"));
        }
        String action = GoFields.text(ref, "parameterNotFoundAction");
        if (action.isEmpty()) {
            errors.add(FieldError.required(at + ".parameterNotFoundAction", ""));
        } else if (!NOT_FOUND_ACTIONS.contains(action)) {
            errors.add(FieldError.notSupported(at + ".parameterNotFoundAction", action, NOT_FOUND_ACTIONS));
        }
    }

    // validation.go validateValidationActions.
    private static void validateActions(List<String> actions, String at, List<FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < actions.size(); i++) {
            String action = actions.get(i);
            if (!ACTIONS.contains(action)) {
                errors.add(FieldError.notSupported(at + "[" + i + "]", action, ACTIONS));
            }
            if (!seen.add(action)) {
                errors.add(FieldError.duplicate(at + "[" + i + "]", action));
            }
        }
        if (seen.contains("Deny") && seen.contains("Warn")) {
            errors.add(FieldError.invalid(at, actions, "must not contain both Deny and Warn (repeating the same "
                    + "validation failure information in the API response and headers serves no purpose)"));
        }
        if (seen.isEmpty()) {
            errors.add(FieldError.required(at, "at least one validation action is required"));
        }
    }
}
