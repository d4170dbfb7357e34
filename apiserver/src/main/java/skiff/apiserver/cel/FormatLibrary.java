package skiff.apiserver.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes format library (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel/library/format.go):
 * {@code format.<name>()} and {@code format.named(name)} give a format, whose {@code validate(s)} is none when
 * {@code s} is valid and else the list of reasons.
 */
final class FormatLibrary {
    static final CelType FORMAT = OpaqueType.create("kubernetes.NamedFormat");

    private FormatLibrary() {}

    static List<CelFunctionDecl> declarations() {
        List<CelFunctionDecl> declarations = new ArrayList<>();
        declarations.add(CelFunctionDecl.newFunctionDeclaration("validate", CelOverloadDecl.newMemberOverload(
                "format-validate", OptionalType.create(ListType.create(SimpleType.STRING)), FORMAT,
                SimpleType.STRING)));
        declarations.add(CelFunctionDecl.newFunctionDeclaration("format.named", CelOverloadDecl.newGlobalOverload(
                "format-named", OptionalType.create(FORMAT), SimpleType.STRING)));
        for (NamedFormat format : NamedFormat.ALL) {
            String name = "format." + format.celName();
            declarations.add(CelFunctionDecl.newFunctionDeclaration(name,
                    CelOverloadDecl.newGlobalOverload(name, FORMAT, List.of())));
        }
        return declarations;
    }

    static List<CelFunctionBinding> bindings() {
        List<CelFunctionBinding> bindings = new ArrayList<>();
        bindings.add(CelFunctionBinding.from("format-validate", NamedFormat.class, String.class, (f, s) -> {
            List<String> errors = f.check().apply(s);
            return errors.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(errors));
        }));
        bindings.add(CelFunctionBinding.from("format-named", String.class, NamedFormat::named));
        for (NamedFormat format : NamedFormat.ALL) {
            bindings.add(CelFunctionBinding.from("format." + format.celName(), List.of(), args -> format));
        }
        return bindings;
    }
}
