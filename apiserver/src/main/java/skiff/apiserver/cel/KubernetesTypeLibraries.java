package skiff.apiserver.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes CEL libraries with types of their own that a 1.32 API server offers its expressions (k/k 1.32
 * staging/src/k8s.io/apiserver/pkg/cel/environment/base.go): URLs (since 1.0), quantities (1.28), IPs and CIDRs
 * (1.30) and named formats (1.31). CRD rules compile against the 1.31 environment (the minimum compatibility
 * version of a 1.32 server), which has all four.
 */
final class KubernetesTypeLibraries {
    private KubernetesTypeLibraries() {}

    static List<CelFunctionDecl> declarations() {
        List<CelFunctionDecl> all = new ArrayList<>();
        all.addAll(UrlLibrary.declarations());
        all.addAll(QuantityLibrary.declarations());
        all.addAll(IpLibrary.declarations());
        all.addAll(FormatLibrary.declarations());
        return all;
    }

    static List<CelFunctionBinding> bindings() {
        List<CelFunctionBinding> all = new ArrayList<>();
        all.addAll(UrlLibrary.bindings());
        all.addAll(QuantityLibrary.bindings());
        all.addAll(IpLibrary.bindings());
        all.addAll(FormatLibrary.bindings());
        return all;
    }
}
