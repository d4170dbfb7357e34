package skiff.apiserver.admission.policy;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import skiff.apiserver.cel.AuthorizerLibrary;
import skiff.apiserver.cel.CelEnvironment;
import skiff.apiserver.cel.CompiledExpression;

/**
 * Compiles the CEL expressions of admission policies and webhook match conditions (k/k 1.32
 * staging/src/k8s.io/apiserver/pkg/admission/plugin/cel compile.go CompileCELExpression): {@code object},
 * {@code oldObject} and {@code params} (when the policy has a paramKind) are dyn, {@code request} and
 * {@code namespaceObject} typed objects, {@code variables} the variables declared so far, {@code authorizer} and
 * {@code authorizer.requestResource} Kubernetes' authorizer library; the result must have one of the expected types.
 */
public final class AdmissionExpressions {
    /** Validations and match conditions. */
    public static final List<CelType> BOOL = List.of(SimpleType.BOOL);
    /** Message expressions. */
    public static final List<CelType> STRING = List.of(SimpleType.STRING);
    /** Audit annotation values. */
    public static final List<CelType> STRING_OR_NULL = List.of(SimpleType.STRING, SimpleType.NULL_TYPE);
    /** Variables, whose type is whatever their expression has. */
    public static final List<CelType> ANY = List.of();

    private AdmissionExpressions() {}

    /** The variables an expression may read: params or not, and the policy's variables declared before it. */
    public record Scope(boolean hasParams, boolean hasAuthorizer, Map<String, CelType> variables) {
        public Scope {
            variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }

        /** The scope of validations, match conditions, variables and audit annotations: with the authorizer. */
        public static Scope of(boolean hasParams) {
            return new Scope(hasParams, true, Map.of());
        }

        /** This scope with one more variable. */
        public Scope with(String name, CelType type) {
            Map<String, CelType> more = new LinkedHashMap<>(variables);
            more.put(name, type);
            return new Scope(hasParams, hasAuthorizer, more);
        }

        /** This scope without the authorizer, as message expressions see it (plugin.go compilePolicy). */
        public Scope withoutAuthorizer() {
            return new Scope(hasParams, false, variables);
        }
    }

    /** An expression that did not compile, with k/k's detail ("compilation failed: ...", "must evaluate to ..."). */
    public static final class CompileError extends Exception {
        public CompileError(String detail) {
            super(detail);
        }
    }

    public static CompiledExpression compile(String expression, Scope scope, List<CelType> returnTypes)
            throws CompileError {
        AdmissionCelTypes types = AdmissionCelTypes.with(scope.variables());
        Map<String, CelType> declared = new LinkedHashMap<>();
        declared.put("object", SimpleType.DYN);
        declared.put("oldObject", SimpleType.DYN);
        declared.put("request", types.type("kubernetes.AdmissionRequest"));
        declared.put("namespaceObject", types.type("kubernetes.Namespace"));
        if (scope.hasParams()) {
            declared.put("params", SimpleType.DYN);
        }
        declared.put("variables", types.type(AdmissionCelTypes.VARIABLES));
        if (scope.hasAuthorizer()) {
            declared.put("authorizer", AuthorizerLibrary.AUTHORIZER);
            declared.put("authorizer.requestResource", AuthorizerLibrary.RESOURCE_CHECK);
        }
        CompiledExpression compiled;
        try {
            compiled = CelEnvironment.compile(expression, declared, types, scope.hasAuthorizer());
        } catch (CelEnvironment.CelCompileException e) {
            throw new CompileError("compilation failed: " + e.getMessage());
        }
        CelType result = compiled.ast().getResultType();
        if (!returnTypes.isEmpty() && returnTypes.stream().noneMatch(result::equals)) {
            throw new CompileError(returnTypes.size() == 1
                    ? "must evaluate to " + name(returnTypes.get(0)) + " but got " + name(result)
                    : "must evaluate to one of " + returnTypes.stream().map(AdmissionExpressions::name)
                            .collect(Collectors.joining(" ", "[", "]")) + " but got " + name(result));
        }
        return compiled;
    }

    // cel-go's Type.String: "list(string)", "map(string, dyn)", "null_type".
    static String name(CelType type) {
        if (type.kind() == CelKind.NULL_TYPE) {
            return "null_type";
        }
        if (type.parameters().isEmpty() || type.kind() == CelKind.STRUCT) {
            return type.name();
        }
        return type.name() + type.parameters().stream().map(AdmissionExpressions::name)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
