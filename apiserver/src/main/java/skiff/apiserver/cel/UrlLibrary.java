package skiff.apiserver.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * The Kubernetes URL library (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel/library/urls.go): url() and isURL()
 * accept what Go's url.ParseRequestURI accepts, and the accessors answer as Go's url.URL does.
 */
final class UrlLibrary {
    static final CelType URL = OpaqueType.create("kubernetes.URL");

    private UrlLibrary() {}

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("url",
                        CelOverloadDecl.newGlobalOverload("string_to_url", URL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isURL",
                        CelOverloadDecl.newGlobalOverload("is_url_string", SimpleType.BOOL, SimpleType.STRING)),
                member("getScheme", "url_get_scheme", SimpleType.STRING),
                member("getHost", "url_get_host", SimpleType.STRING),
                member("getHostname", "url_get_hostname", SimpleType.STRING),
                member("getPort", "url_get_port", SimpleType.STRING),
                member("getEscapedPath", "url_get_escaped_path", SimpleType.STRING),
                member("getQuery", "url_get_query",
                        MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING))));
    }

    private static CelFunctionDecl member(String name, String overload, CelType result) {
        return CelFunctionDecl.newFunctionDeclaration(name, CelOverloadDecl.newMemberOverload(overload, result, URL));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_url", String.class, UrlLibrary::url),
                CelFunctionBinding.from("is_url_string", String.class, s -> {
                    try {
                        GoUrl.parseRequestUri(s);
                        return true;
                    } catch (GoUrl.ParseException e) {
                        return false;
                    }
                }),
                CelFunctionBinding.from("url_get_scheme", GoUrl.class, GoUrl::scheme),
                CelFunctionBinding.from("url_get_host", GoUrl.class, GoUrl::host),
                CelFunctionBinding.from("url_get_hostname", GoUrl.class, GoUrl::hostname),
                CelFunctionBinding.from("url_get_port", GoUrl.class, GoUrl::port),
                CelFunctionBinding.from("url_get_escaped_path", GoUrl.class, GoUrl::escapedPath),
                CelFunctionBinding.from("url_get_query", GoUrl.class, GoUrl::query));
    }

    // urls.go stringToUrl: checked as a request URI, then parsed again with the fragment split off.
    private static GoUrl url(String s) throws CelEvaluationException {
        try {
            GoUrl.parseRequestUri(s);
            return GoUrl.parseReference(s);
        } catch (GoUrl.ParseException e) {
            throw new CelEvaluationException("URL parse error during conversion from string: " + e.getMessage());
        }
    }
}
