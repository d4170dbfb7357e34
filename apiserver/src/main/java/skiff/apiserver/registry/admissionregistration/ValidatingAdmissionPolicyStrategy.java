package skiff.apiserver.registry.admissionregistration;

import dev.cel.common.types.CelType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.admission.policy.AdmissionExpressions;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies (k/k 1.32 pkg/apis/admissionregistration/v1
 * defaults.go, pkg/apis/admissionregistration/validation/validation.go validateValidatingAdmissionPolicySpec and
 * pkg/registry/admissionregistration/validatingadmissionpolicy/strategy.go): every expression must compile; the
 * status is the status subresource's, and a spec change bumps the generation. The check that the writer may read
 * the paramKind (the strategy's authorizer) is not made.
 */
public enum ValidatingAdmissionPolicyStrategy implements ResourceStrategy {
    INSTANCE;

    private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
    // validation.go supportedValidationPolicyReason, sorted.
    private static final List<String> REASONS = List.of("Forbidden", "Invalid", "RequestEntityTooLarge",
            "Unauthorized");
    private static final int MAX_AUDIT_ANNOTATIONS = 20;
    private static final int MAX_VALUE_EXPRESSION_LENGTH = 5 * 1024;
    private static final Pattern CEL_IDENTIFIER = Pattern.compile("^[_a-zA-Z][_a-zA-Z0-9]*$");
    private static final Set<String> CEL_RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");
    private static final Pattern NEWLINES = Pattern.compile("[\\n\\r]+");

    // defaults.go SetDefaults_ValidatingAdmissionPolicySpec and SetDefaults_MatchResources.
    @Override
    public void applyDefaults(ObjectNode policy) {
        if (!(policy.path("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (!GoFields.present(spec.get("failurePolicy"))) {
            spec.put("failurePolicy", "Fail");
        }
        MatchResourcesValidation.applyDefaults(spec.get("matchConstraints"));
    }

    // strategy.go PrepareForCreate: no status on create.
    @Override
    public void prepareForCreate(ObjectNode policy) {
        policy.remove("status");
    }

    // strategy.go PrepareForUpdate: the status is kept.
    @Override
    public void prepareForUpdate(ObjectNode policy, ObjectNode old) {
        JsonNode status = old.get("status");
        if (status == null) {
            policy.remove("status");
        } else {
            policy.set("status", status.deepCopy());
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode policy) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = policy.path("spec");
        String at = "spec";
        JsonNode failurePolicy = spec.get("failurePolicy");
        if (!GoFields.present(failurePolicy)) {
            errors.add(FieldError.required(at + ".failurePolicy", ""));
        } else if (!FAILURE_POLICIES.contains(failurePolicy.asString(""))) {
            errors.add(FieldError.notSupported(at + ".failurePolicy", failurePolicy.asString(""), FAILURE_POLICIES));
        }
        boolean hasParams = GoFields.present(spec.get("paramKind"));
        if (hasParams) {
            validateParamKind(spec.get("paramKind"), at + ".paramKind", errors);
        }
        JsonNode constraints = spec.get("matchConstraints");
        if (!GoFields.present(constraints)) {
            errors.add(FieldError.required(at + ".matchConstraints", ""));
        } else {
            MatchResourcesValidation.validate(constraints, at + ".matchConstraints", errors);
            if (constraints.path("resourceRules").isEmpty()) {
                errors.add(FieldError.required(at + ".matchConstraints.resourceRules", ""));
            }
        }
        MatchConditionValidation.validate(spec.path("matchConditions"), hasParams, at + ".matchConditions", errors);
        AdmissionExpressions.Scope scope = AdmissionExpressions.Scope.of(hasParams);
        JsonNode variables = spec.path("variables");
        for (int i = 0; i < variables.size(); i++) {
            scope = validateVariable(variables.get(i), scope, at + ".variables[" + i + "]", errors);
        }
        JsonNode validations = spec.path("validations");
        JsonNode annotations = spec.path("auditAnnotations");
        if (validations.isEmpty() && annotations.isEmpty()) {
            String detail = "validations or auditAnnotations must contain at least one item";
            errors.add(FieldError.required(at + ".validations", detail));
            errors.add(FieldError.required(at + ".auditAnnotations", detail));
            return errors;
        }
        for (int i = 0; i < validations.size(); i++) {
            validateValidation(validations.get(i), scope, at + ".validations[" + i + "]", errors);
        }
        if (annotations.size() > MAX_AUDIT_ANNOTATIONS) {
            errors.add(FieldError.invalid(at + ".auditAnnotations", annotations,
                    "must not have more than " + MAX_AUDIT_ANNOTATIONS + " auditAnnotations"));
        }
        Set<String> keys = new HashSet<>();
        String name = policy.path("metadata").path("name").asString("");
        for (int i = 0; i < annotations.size(); i++) {
            String item = at + ".auditAnnotations[" + i + "]";
            String key = GoFields.text(annotations.get(i), "key");
            validateAuditAnnotation(annotations.get(i), name, scope, item, errors);
            if (!keys.add(key)) {
                errors.add(FieldError.duplicate(item + ".key", key));
            }
        }
        return errors;
    }

    // validation.go validateParamKind and parseGroupVersion.
    private static void validateParamKind(JsonNode paramKind, String at, List<FieldError> errors) {
        String apiVersion = GoFields.text(paramKind, "apiVersion");
        if (apiVersion.isEmpty()) {
            errors.add(FieldError.required(at + ".apiVersion", ""));
        } else if (apiVersion.chars().filter(c -> c == '/').count() > 1) {
            errors.add(FieldError.invalid(at + ".apiVersion", apiVersion,
                    "unexpected GroupVersion string: " + apiVersion));
        } else if (!apiVersion.equals("/")) {
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String version = apiVersion.substring(slash + 1);
            if (!group.isEmpty()) {
                List<String> bad = NameValidation.isDns1123Subdomain(group);
                if (!bad.isEmpty()) {
                    errors.add(FieldError.invalid(at + ".apiVersion", group, String.join(",", bad)));
                }
            }
            if (version.isEmpty()) {
                errors.add(FieldError.invalid(at + ".apiVersion", apiVersion, "version must be specified"));
            } else {
                List<String> bad = NameValidation.isDns1035Label(version);
                if (!bad.isEmpty()) {
                    errors.add(FieldError.invalid(at + ".apiVersion", version, String.join(",", bad)));
                }
            }
        } else {
            errors.add(FieldError.invalid(at + ".apiVersion", apiVersion, "version must be specified"));
        }
        String kind = GoFields.text(paramKind, "kind");
        if (kind.isEmpty()) {
            errors.add(FieldError.required(at + ".kind", ""));
        } else {
            List<String> bad = NameValidation.isDns1035Label(kind.toLowerCase(Locale.ROOT));
            if (!bad.isEmpty()) {
                errors.add(FieldError.invalid(at + ".kind", kind, "may have mixed case, but should otherwise match: "
                        + String.join(",", bad)));
            }
        }
    }

    // validation.go validateVariable: a later variable, validation or annotation sees the variable with its type.
    private static AdmissionExpressions.Scope validateVariable(JsonNode variable, AdmissionExpressions.Scope scope,
            String at, List<FieldError> errors) {
        String name = GoFields.text(variable, "name");
        if (name.isBlank()) {
            errors.add(FieldError.required(at + ".name", "name is not specified"));
        } else if (!CEL_IDENTIFIER.matcher(name).matches() || CEL_RESERVED.contains(name)) {
            errors.add(FieldError.invalid(at + ".name", name, "name is not a valid CEL identifier"));
        }
        String expression = GoFields.text(variable, "expression");
        if (expression.isBlank()) {
            errors.add(FieldError.required(at + ".expression", "expression is not specified"));
            return scope;
        }
        CelType type = PolicyExpressions.check(expression, scope, AdmissionExpressions.ANY, at + ".expression",
                errors);
        return name.isBlank() ? scope : scope.with(name, type);
    }

    // validation.go validateValidation.
    private static void validateValidation(JsonNode validation, AdmissionExpressions.Scope scope, String at,
            List<FieldError> errors) {
        String expression = GoFields.text(validation, "expression");
        if (expression.isBlank()) {
            errors.add(FieldError.required(at + ".expression", "expression is not specified"));
        } else {
            PolicyExpressions.check(expression, scope, AdmissionExpressions.BOOL, at + ".expression", errors);
        }
        String messageExpression = GoFields.text(validation, "messageExpression");
        if (!messageExpression.isEmpty() && messageExpression.isBlank()) {
            errors.add(FieldError.invalid(at + ".messageExpression", messageExpression,
                    "must be non-empty if specified"));
        } else if (!messageExpression.isEmpty()) {
            PolicyExpressions.check(messageExpression, scope.withoutAuthorizer(), AdmissionExpressions.STRING,
                    at + ".messageExpression", errors);
        }
        String message = GoFields.text(validation, "message");
        if (!message.isEmpty() && message.isBlank()) {
            errors.add(FieldError.invalid(at + ".message", message, "message must be non-empty if specified"));
        } else if (NEWLINES.matcher(message.strip()).find()) {
            errors.add(FieldError.invalid(at + ".message", message, "message must not contain line breaks"));
        }
        JsonNode reason = validation.get("reason");
        if (GoFields.present(reason) && !REASONS.contains(reason.asString(""))) {
            errors.add(FieldError.notSupported(at + ".reason", reason.asString(""), REASONS));
        }
    }

    // validation.go validateAuditAnnotation: the key, prefixed with the policy's name, must be a qualified name.
    private static void validateAuditAnnotation(JsonNode annotation, String policyName,
            AdmissionExpressions.Scope scope, String at, List<FieldError> errors) {
        String key = GoFields.text(annotation, "key");
        if (!policyName.isEmpty()) {
            String qualified = policyName + "/" + key;
            NameValidation.isQualifiedName(qualified).forEach(m -> errors.add(FieldError.invalid(at + ".key",
                    qualified, m)));
        } else {
            errors.add(FieldError.invalid(at + ".key", key, "requires metadata.name be non-empty"));
        }
        String value = GoFields.text(annotation, "valueExpression");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            errors.add(FieldError.required(at + ".valueExpression", "valueExpression is not specified"));
        } else if (trimmed.length() > MAX_VALUE_EXPRESSION_LENGTH) {
            errors.add(FieldError.required(at + ".valueExpression", "must not exceed "
                    + MAX_VALUE_EXPRESSION_LENGTH + " bytes in length"));
        } else {
            try {
                AdmissionExpressions.compile(trimmed, scope, AdmissionExpressions.STRING_OR_NULL);
            } catch (AdmissionExpressions.CompileError e) {
                errors.add(FieldError.invalid(at + ".valueExpression", value, e.getMessage()));
            }
        }
    }
}
