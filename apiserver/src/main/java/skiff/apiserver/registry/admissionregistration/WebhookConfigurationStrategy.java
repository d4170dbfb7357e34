package skiff.apiserver.registry.admissionregistration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * admissionregistration.k8s.io/v1 ValidatingWebhookConfigurations and MutatingWebhookConfigurations (k/k
 * pkg/apis/admissionregistration/v1/defaults.go and pkg/apis/admissionregistration/validation/validation.go, 1.32).
 */
public enum WebhookConfigurationStrategy implements ResourceStrategy {
    VALIDATING(false), MUTATING(true);

    // validation.go supportedFailurePolicies, supportedMatchPolicies, noSideEffectClasses, ... (sorted, as
    // sets.String.List() gives them).
    private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
    private static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");
    private static final List<String> NO_SIDE_EFFECTS = List.of("None", "NoneOnDryRun");
    private static final List<String> SIDE_EFFECTS = List.of("None", "NoneOnDryRun", "Some", "Unknown");
    private static final List<String> REINVOCATION_POLICIES = List.of("IfNeeded", "Never");
    // validation.go AcceptedAdmissionReviewVersions.
    private static final List<String> REVIEW_VERSIONS = List.of("v1", "v1beta1");

    private final boolean mutating;

    WebhookConfigurationStrategy(boolean mutating) {
        this.mutating = mutating;
    }

    // defaults.go SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook, SetDefaults_Rule and
    // SetDefaults_ServiceReference: sideEffects and admissionReviewVersions have no default in v1.
    @Override
    public void applyDefaults(ObjectNode configuration) {
        for (JsonNode hook : configuration.path("webhooks")) {
            if (!(hook instanceof ObjectNode h)) {
                continue;
            }
            putIfAbsent(h, "failurePolicy", "Fail");
            putIfAbsent(h, "matchPolicy", "Equivalent");
            if (!GoFields.present(h.get("namespaceSelector"))) {
                h.putObject("namespaceSelector");
            }
            if (!GoFields.present(h.get("objectSelector"))) {
                h.putObject("objectSelector");
            }
            if (!GoFields.present(h.get("timeoutSeconds"))) {
                h.put("timeoutSeconds", 10);
            }
            if (mutating) {
                putIfAbsent(h, "reinvocationPolicy", "Never");
            }
            for (JsonNode rule : h.path("rules")) {
                if (rule instanceof ObjectNode r) {
                    putIfAbsent(r, "scope", "*");
                }
            }
            if (h.path("clientConfig").path("service") instanceof ObjectNode service
                    && !GoFields.present(service.get("port"))) {
                service.put("port", 443);
            }
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!GoFields.present(node.get(field))) {
            node.put(field, value);
        }
    }

    // validation.go ValidateValidatingWebhookConfiguration / ValidateMutatingWebhookConfiguration: every check on.
    @Override
    public List<FieldError> validate(ObjectNode configuration) {
        return validate(configuration, true, true, true);
    }

    // validation.go Validate*WebhookConfigurationUpdate: a check the stored object already fails is not made again,
    // so that objects stored before it existed stay updatable.
    @Override
    public List<FieldError> validateUpdate(ObjectNode configuration, ObjectNode old) {
        boolean noSideEffects = true;
        boolean acceptedVersions = true;
        boolean uniqueNames = true;
        Set<String> names = new HashSet<>();
        for (JsonNode hook : old.path("webhooks")) {
            noSideEffects &= NO_SIDE_EFFECTS.contains(GoFields.text(hook, "sideEffects"));
            List<String> versions = RuleValidation.strings(hook.path("admissionReviewVersions"));
            acceptedVersions &= versions.isEmpty() || versions.stream().anyMatch(REVIEW_VERSIONS::contains);
            uniqueNames &= names.add(GoFields.text(hook, "name"));
        }
        return validate(configuration, noSideEffects, acceptedVersions, uniqueNames);
    }

    private List<FieldError> validate(ObjectNode configuration, boolean requireNoSideEffects,
            boolean requireAcceptedVersion, boolean requireUniqueNames) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode hooks = configuration.path("webhooks");
        for (int i = 0; i < hooks.size(); i++) {
            String at = "webhooks[" + i + "]";
            JsonNode hook = hooks.get(i);
            validateWebhook(hook, at, requireNoSideEffects, errors);
            validateReviewVersions(RuleValidation.strings(hook.path("admissionReviewVersions")), requireAcceptedVersion,
                    at + ".admissionReviewVersions", errors);
            String name = GoFields.text(hook, "name");
            if (requireUniqueNames && !name.isEmpty() && !names.add(name)) {
                errors.add(FieldError.duplicate(at + ".name", name));
            }
        }
        return errors;
    }

    private void validateWebhook(JsonNode hook, String at, boolean requireNoSideEffects, List<FieldError> errors) {
        validateFullyQualifiedName(GoFields.text(hook, "name"), at + ".name", errors);
        JsonNode rules = hook.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            RuleValidation.validateRule(rules.get(i), at + ".rules[" + i + "]", errors);
        }
        notSupported(hook, "failurePolicy", FAILURE_POLICIES, at, errors);
        notSupported(hook, "matchPolicy", MATCH_POLICIES, at, errors);
        List<String> allowedSideEffects = requireNoSideEffects ? NO_SIDE_EFFECTS : SIDE_EFFECTS;
        if (!GoFields.present(hook.get("sideEffects"))) {
            errors.add(FieldError.required(at + ".sideEffects",
                    "must specify one of " + String.join(", ", allowedSideEffects)));
        } else {
            notSupported(hook, "sideEffects", allowedSideEffects, at, errors);
        }
        JsonNode timeout = hook.get("timeoutSeconds");
        if (GoFields.present(timeout) && (timeout.asLong() > 30 || timeout.asLong() < 1)) {
            errors.add(FieldError.invalid(at + ".timeoutSeconds", timeout.asLong(),
                    "the timeout value must be between 1 and 30 seconds"));
        }
        errors.addAll(WorkloadSelector.validate(hook.get("namespaceSelector"), at + ".namespaceSelector"));
        errors.addAll(WorkloadSelector.validate(hook.get("objectSelector"), at + ".objectSelector"));
        if (mutating) {
            notSupported(hook, "reinvocationPolicy", REINVOCATION_POLICIES, at, errors);
        }
        validateClientConfig(hook.path("clientConfig"), at + ".clientConfig", errors);
        MatchConditionValidation.validate(hook.path("matchConditions"), false, at + ".matchConditions", errors);
    }

    private static void notSupported(JsonNode hook, String field, List<String> supported, String at,
            List<FieldError> errors) {
        JsonNode value = hook.get(field);
        if (GoFields.present(value) && !supported.contains(value.asString(""))) {
            errors.add(FieldError.notSupported(at + "." + field, value.asString(""), supported));
        }
    }

    // k/k apimachinery pkg/util/validation/validation.go IsFullyQualifiedName.
    private static void validateFullyQualifiedName(String name, String at, List<FieldError> errors) {
        if (name.isEmpty()) {
            errors.add(FieldError.required(at, ""));
            return;
        }
        List<String> dns = NameValidation.isDns1123Subdomain(name);
        if (!dns.isEmpty()) {
            errors.add(FieldError.invalid(at, name, String.join(",", dns)));
        } else if (name.split("\\.", -1).length < 3) {
            errors.add(FieldError.invalid(at, name, "should be a domain with at least three segments separated by dots"));
        }
    }

    // validation.go validateAdmissionReviewVersions.
    private static void validateReviewVersions(List<String> versions, boolean requireAccepted, String at,
            List<FieldError> errors) {
        if (versions.isEmpty()) {
            errors.add(FieldError.required(at, "must specify one of " + String.join(", ", REVIEW_VERSIONS)));
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean accepted = false;
        for (int i = 0; i < versions.size(); i++) {
            String v = versions.get(i);
            if (!seen.add(v)) {
                errors.add(FieldError.invalid(at + "[" + i + "]", v, "duplicate version"));
                continue;
            }
            int index = i;
            NameValidation.isDns1035Label(v).forEach(m -> errors.add(FieldError.invalid(at + "[" + index + "]", v, m)));
            accepted |= REVIEW_VERSIONS.contains(v);
        }
        if (requireAccepted && !accepted) {
            errors.add(FieldError.invalid(at, versions, "must include at least one of " + String.join(", ",
                    REVIEW_VERSIONS)));
        }
    }

    private static void validateClientConfig(JsonNode config, String at, List<FieldError> errors) {
        boolean url = GoFields.present(config.get("url"));
        boolean service = GoFields.present(config.get("service"));
        if (url == service) {
            errors.add(FieldError.required(at, "exactly one of url or service is required"));
        } else if (url) {
            WebhookClientConfigValidation.validateUrl(GoFields.text(config, "url"), at + ".url", errors);
        } else {
            WebhookClientConfigValidation.validateService(config.get("service"), at + ".service", errors);
        }
    }

}
