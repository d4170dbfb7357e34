package skiff.apiserver.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The CEL environment of the API server's expressions (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel/environment
 * base.go): the standard library and macros, optional values, the strings extension and the Kubernetes list and
 * regex functions. Each caller declares its own variables and types; the runtime is shared.
 */
public final class CelEnvironment {
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableOptionalSyntax(true)
            .enableHeterogeneousNumericComparisons(true)
            .build();
    // base.go: strings extension version 2 since 1.29 (strings.quote included); reverse() came with version 3,
    // after 1.32. (format(), of version 1, is missing from dev.cel up to 0.14.0, the newest release.)
    private static final Set<CelStringExtensions.Function> STRINGS_V2 = EnumSet.complementOf(
            EnumSet.of(CelStringExtensions.Function.REVERSE));
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings(STRINGS_V2), CelExtensions.optional())
            .addLibraries(CelExtensions.sets(OPTIONS))
            .addFunctionBindings(KubernetesLibraries.bindings())
            .addFunctionBindings(KubernetesTypeLibraries.bindings())
            .addFunctionBindings(AuthorizerLibrary.bindings())
            .build();

    private CelEnvironment() {}

    /**
     * Parses and type-checks {@code expression} with the given variables, whose object types {@code types}
     * resolves. Throws with cel's issue text ({@code ERROR: <input>:1:5: ...}) when it does not compile.
     */
    public static CompiledExpression compile(String expression, Map<String, CelType> variables,
            CelTypeProvider types) throws CelCompileException {
        return compile(expression, variables, types, false);
    }

    /** As above, with Kubernetes' authorizer functions when {@code authorizer} ({@link AuthorizerLibrary}). */
    public static CompiledExpression compile(String expression, Map<String, CelType> variables,
            CelTypeProvider types, boolean authorizer) throws CelCompileException {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings(STRINGS_V2), CelExtensions.optional())
                .addLibraries(CelExtensions.sets(OPTIONS))
                .addFunctionDeclarations(KubernetesLibraries.declarations())
                .addFunctionDeclarations(KubernetesTypeLibraries.declarations())
                .setTypeProvider(types);
        if (authorizer) {
            builder.addFunctionDeclarations(AuthorizerLibrary.declarations());
        }
        variables.forEach(builder::addVar);
        CelCompiler compiler = builder.build();
        CelValidationResult result = compiler.compile(expression);
        if (result.hasError()) {
            throw new CelCompileException(result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new CompiledExpression(expression, ast, RUNTIME.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new CelCompileException(e.getMessage());
        }
    }

    /** An expression that does not compile; the message is cel's description of why. */
    public static final class CelCompileException extends Exception {
        public CelCompileException(String message) {
            super(message);
        }
    }
}
