package skiff.apiserver.registry.admissionregistration;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.admission.policy.AdmissionExpressions;
import tools.jackson.databind.JsonNode;

/** A CEL expression of an admission configuration checked at write time, its failure an Invalid field error. */
final class PolicyExpressions {
    private PolicyExpressions() {}

    // validation.go validateCELCondition and convertCELErrorToValidationError: Invalid, the expression as the value.
    static CelType check(String expression, AdmissionExpressions.Scope scope, List<CelType> returnTypes, String at,
            List<FieldError> errors) {
        try {
            return AdmissionExpressions.compile(expression, scope, returnTypes).ast().getResultType();
        } catch (AdmissionExpressions.CompileError e) {
            errors.add(FieldError.invalid(at, expression, e.getMessage()));
            return SimpleType.DYN;
        }
    }

    static boolean hasParams(JsonNode policy) {
        return policy.path("spec").hasNonNull("paramKind");
    }
}
