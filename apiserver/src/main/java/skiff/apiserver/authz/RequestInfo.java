package skiff.apiserver.authz;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import skiff.apiserver.auth.UserInfo;

/**
 * Derives a request's authorization attributes from its method, path and query, as k/k apiserver
 * pkg/endpoints/request/requestinfo.go RequestInfoFactory.NewRequestInfo (1.32) does: paths under {@code /api/VERSION}
 * and {@code /apis/GROUP/VERSION} are resource requests whose verb follows from the method (a GET of a collection is
 * list or watch, a DELETE of one is deletecollection); every other path is a non-resource request whose verb is the
 * lower-case method.
 */
public final class RequestInfo {
    private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    private RequestInfo() {}

    /** {@code query}: the first value of a query parameter, or null. */
    public static RequestAttributes of(UserInfo user, String method, String path, Function<String, String> query) {
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        RequestAttributes nonResource = RequestAttributes.nonResource(user, method.toLowerCase(Locale.ROOT), path);
        if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return nonResource;
        }
        String group = "";
        List<String> rest = parts.subList(1, parts.size());
        if (parts.get(0).equals("apis")) {
            if (rest.size() < 3) {
                return nonResource;
            }
            group = rest.get(0);
            rest = rest.subList(1, rest.size());
        }
        String version = rest.get(0);
        rest = rest.subList(1, rest.size());
        String verb;
        boolean specialVerb = SPECIAL_VERBS.contains(rest.get(0));
        if (specialVerb) {
            if (rest.size() < 2) {
                return nonResource;
            }
            verb = rest.get(0);
            rest = rest.subList(1, rest.size());
        } else {
            verb = switch (method) {
                case "POST" -> "create";
                case "GET", "HEAD" -> "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> "";
            };
        }
        String namespace = "";
        if (rest.get(0).equals("namespaces")) {
            if (rest.size() > 1) {
                namespace = rest.get(1);
                if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                    rest = rest.subList(2, rest.size());
                }
            }
        }
        String resource = rest.get(0);
        String name = rest.size() >= 2 ? rest.get(1) : "";
        String subresource = rest.size() >= 3 && !verb.equals("proxy") ? rest.get(2) : "";
        if (name.isEmpty() && verb.equals("get")) {
            verb = isTrue(query.apply("watch")) ? "watch" : "list";
            String exact = FieldSelectors.exactValue(query.apply("fieldSelector"), "metadata.name");
            if (exact != null && !exact.isEmpty() && !exact.equals(".") && !exact.equals("..")
                    && !exact.contains("/") && !exact.contains("%")) {
                name = exact;
            }
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        String selector = query.apply("fieldSelector");
        return new RequestAttributes(user, verb, true, path, group, version, resource, subresource, namespace, name,
                selector == null ? "" : selector);
    }

    // Go's strconv.ParseBool, which the ListOptions parameter codec uses.
    private static boolean isTrue(String value) {
        return value != null && Set.of("1", "t", "T", "TRUE", "true", "True").contains(value);
    }
}
