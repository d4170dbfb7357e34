package skiff.apiserver.authz;

import skiff.apiserver.auth.UserInfo;

/**
 * What authorization decides on (k/k apiserver pkg/authorization/authorizer Attributes, 1.32): who asks, the verb,
 * and either a resource (API group, version, resource, subresource, namespace, name, the list's field selector) or a
 * non-resource path. Empty strings stand for "none".
 */
public record RequestAttributes(UserInfo user, String verb, boolean resourceRequest, String path, String apiGroup,
        String apiVersion, String resource, String subresource, String namespace, String name, String fieldSelector) {

    public static RequestAttributes resource(UserInfo user, String verb, String apiGroup, String resource,
            String subresource, String namespace, String name) {
        return new RequestAttributes(user, verb, true, "", apiGroup, "", resource, subresource, namespace, name, "");
    }

    public static RequestAttributes nonResource(UserInfo user, String verb, String path) {
        return new RequestAttributes(user, verb, false, path, "", "", "", "", "", "", "");
    }

    public RequestAttributes withUser(UserInfo other) {
        return new RequestAttributes(other, verb, resourceRequest, path, apiGroup, apiVersion, resource, subresource,
                namespace, name, fieldSelector);
    }

    public RequestAttributes withVerb(String other) {
        return new RequestAttributes(user, other, resourceRequest, path, apiGroup, apiVersion, resource, subresource,
                namespace, name, fieldSelector);
    }

    /**
     * Why a denied request was refused, as k/k apiserver endpoints/handlers/responsewriters/errors.go forbiddenMessage
     * (1.32) words it.
     */
    public String forbiddenMessage() {
        String user = "User " + quote(this.user.name());
        if (!resourceRequest) {
            return user + " cannot " + verb + " path " + quote(path);
        }
        String r = subresource.isEmpty() ? resource : resource + "/" + subresource;
        String scope = namespace.isEmpty() ? "at the cluster scope" : "in the namespace " + quote(namespace);
        return user + " cannot " + verb + " resource " + quote(r) + " in API group " + quote(apiGroup) + " " + scope;
    }

    static String quote(String s) {
        return skiff.api.validation.GoQuotedString.of(s);
    }
}
