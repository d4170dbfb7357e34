package skiff.apiserver.admission.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import skiff.api.json.Json;
import skiff.apiserver.admission.AdmissionErrors;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.admission.RequestMatching;
import skiff.apiserver.admission.ValidatingAdmission;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ValidatingAdmissionPolicy plugin (k/k 1.32 apiserver pkg/admission/plugin/policy/validating dispatcher.go
 * Dispatch): each policy whose matchConstraints match the request, with each of its bindings whose matchResources
 * do, once per param the binding selects. A failed validation denies, warns or is only audited, as the binding's
 * validationActions say; errors follow the policy's failurePolicy. The first denial refuses the request with 422
 * Invalid (or the validation's reason). A failure a binding audits, and the policy's audit annotations, go into the
 * request's audit events.
 */
public final class ValidatingAdmissionPolicies implements ValidatingAdmission {
    public static final String NAME = "ValidatingAdmissionPolicy";

    private final PolicySource source;
    private final Map<String, CompiledPolicy> compiled = new ConcurrentHashMap<>();

    public ValidatingAdmissionPolicies(PolicySource source) {
        this.source = source;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
    }

    private record Denial(String policy, String binding, String message, String reason) {}

    @Override
    public void validate(AdmissionRequest request) {
        if (RequestMatching.exempt(request)) {
            return;
        }
        List<ObjectNode> policies = source.validatingAdmissionPolicies();
        // Compiled policies are kept while their policy exists, recompiled when it changes.
        compiled.keySet().retainAll(policies.stream().map(p -> p.path("metadata").path("name").asString(""))
                .collect(Collectors.toSet()));
        if (policies.isEmpty()) {
            return;
        }
        List<ObjectNode> bindings = source.validatingAdmissionPolicyBindings();
        List<Denial> denials = new ArrayList<>();
        for (ObjectNode policy : policies.stream()
                .sorted(Comparator.comparing(p -> p.path("metadata").path("name").asString(""))).toList()) {
            if (!matches(policy.path("spec").get("matchConstraints"), request)) {
                continue;
            }
            CompiledPolicy program = compile(policy);
            PolicyAuditAnnotations audit = new PolicyAuditAnnotations(program.name());
            for (ObjectNode binding : bindings) {
                if (!GoFields.text(binding.path("spec"), "policyName").equals(program.name())) {
                    continue;
                }
                JsonNode matchResources = binding.path("spec").get("matchResources");
                if (GoFields.present(matchResources) && !matches(matchResources, request)) {
                    continue;
                }
                dispatch(policy, program, binding, request, denials, audit);
            }
            audit.publish(request.auditAnnotations());
        }
        if (!denials.isEmpty()) {
            throw denied(request, denials.get(0));
        }
    }

    private void dispatch(ObjectNode policy, CompiledPolicy program, ObjectNode binding, AdmissionRequest request,
            List<Denial> denials, PolicyAuditAnnotations audit) {
        String bindingName = binding.path("metadata").path("name").asString("");
        List<JsonNode> params;
        try {
            params = ParamLookup.collect(policy.path("spec").get("paramKind"), binding.path("spec").get("paramRef"),
                    request.namespace(), source);
        } catch (ParamLookup.ParamError e) {
            // dispatcher.go addConfigError: Fail denies, Ignore lets the request through.
            if (!program.failOpen()) {
                denials.add(new Denial(program.name(), bindingName, "failed to configure binding: "
                        + e.getMessage(), ""));
            }
            return;
        }
        // dispatcher.go: a Namespace is not in a namespace of its own here.
        String namespaceName = request.isCore("namespaces") ? "" : request.namespace() == null ? ""
                : request.namespace();
        ObjectNode namespace = namespaceName.isEmpty() ? null : source.namespace(namespaceName).orElse(null);
        List<String> actions = new ArrayList<>();
        binding.path("spec").path("validationActions").forEach(a -> actions.add(a.asString("")));
        for (JsonNode param : params) {
            PolicyValidator.Result result = PolicyValidator.validate(program,
                    AdmissionInputs.of(request, namespace, param, source.admissionAuthorizer()));
            for (int i = 0; i < result.decisions().size(); i++) {
                PolicyValidator.Decision decision = result.decisions().get(i);
                if (!decision.deny()) {
                    continue;
                }
                for (String action : actions) {
                    switch (action) {
                        case "Deny" -> denials.add(new Denial(program.name(), bindingName, decision.message(),
                                decision.reason()));
                        case "Audit" -> request.auditAnnotations().accept(ValidationFailure.KEY,
                                ValidationFailure.value(decision.message(), program.name(), bindingName, i, actions));
                        case "Warn" -> request.warnings().accept("Validation failed for ValidatingAdmissionPolicy '"
                                + program.name() + "' with binding '" + bindingName + "': " + decision.message());
                        default -> { }
                    }
                }
            }
            for (PolicyValidator.Annotation annotation : result.annotations()) {
                if (annotation.error() != null) {
                    denials.add(new Denial(program.name(), bindingName, annotation.error(), ""));
                } else if (annotation.value() != null) {
                    audit.add(annotation.key(), annotation.value());
                }
            }
        }
    }

    private CompiledPolicy compile(ObjectNode policy) {
        String name = policy.path("metadata").path("name").asString("");
        String version = policy.path("metadata").path("resourceVersion").asString("");
        CompiledPolicy cached = compiled.get(name);
        if (cached != null && cached.resourceVersion().equals(version)) {
            return cached;
        }
        CompiledPolicy fresh = CompiledPolicy.of(policy);
        compiled.put(name, fresh);
        return fresh;
    }

    // k/k apiserver pkg/admission/plugin/policy/matching/matching.go Matches: selectors, then the excluded rules,
    // then the rules (none: every resource), each named rule limited to its resourceNames when it has any.
    private boolean matches(JsonNode match, AdmissionRequest request) {
        if (!GoFields.present(match)) {
            return false;
        }
        if (!RequestMatching.namespaceSelectorMatches(match.get("namespaceSelector"), request, source::namespace)
                || !RequestMatching.objectSelectorMatches(match.get("objectSelector"), request)) {
            return false;
        }
        if (rulesMatch(match.path("excludeResourceRules"), request)) {
            return false;
        }
        return match.path("resourceRules").isEmpty() || rulesMatch(match.path("resourceRules"), request);
    }

    private static boolean rulesMatch(JsonNode rules, AdmissionRequest request) {
        String name = request.name() == null ? "" : request.name();
        for (JsonNode rule : rules) {
            if (!RequestMatching.ruleMatches(rule, request)) {
                continue;
            }
            JsonNode names = rule.path("resourceNames");
            if (names.isEmpty()) {
                return true;
            }
            for (JsonNode n : names) {
                if (n.asString("").equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    // dispatcher.go: admission.NewForbidden's status, with the reason (Invalid unless the validation names one),
    // the code that goes with it and the message as a cause.
    private static StatusException denied(AdmissionRequest request, Denial denial) {
        String message = "ValidatingAdmissionPolicy '" + denial.policy() + "' with binding '" + denial.binding()
                + "' denied request: " + denial.message();
        String reason = denial.reason().isEmpty() ? "Invalid" : denial.reason();
        int code = switch (reason) {
            case "Forbidden" -> 403;
            case "Unauthorized" -> 401;
            case "RequestEntityTooLarge" -> 413;
            default -> 422;
        };
        ResourceDefinition def = request.resource();
        String name = AdmissionErrors.objectName(request);
        ObjectNode details = Json.object();
        details.put("name", name);
        if (!def.group().isEmpty()) {
            details.put("group", def.group());
        }
        details.put("kind", def.resource());
        details.putArray("causes").addObject().put("message", message);
        return StatusException.of(code, reason, def.qualifiedResource() + " \"" + name + "\" is forbidden: "
                + message, details);
    }
}
