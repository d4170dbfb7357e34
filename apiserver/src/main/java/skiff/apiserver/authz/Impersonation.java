package skiff.apiserver.authz;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.status.StatusException;

/**
 * Acting as another user ({@code kubectl --as/--as-group}): the Impersonate-User, Impersonate-Group, Impersonate-Uid
 * and Impersonate-Extra-KEY headers, each of which the caller must be allowed to {@code impersonate} (k/k apiserver
 * pkg/endpoints/filters/impersonation.go WithImpersonation, 1.32).
 */
public final class Impersonation {
    private static final String EXTRA_PREFIX = "impersonate-extra-";
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    private final Authorizer authorizer;

    public Impersonation(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /**
     * The user the request acts as: {@code requester} when no impersonation header is present. {@code headers} maps
     * lower-case header names to their values, one per header line.
     */
    public UserInfo actingAs(UserInfo requester, Map<String, List<String>> headers) {
        String user = first(headers.get("impersonate-user"));
        List<String> groupHeaders = headers.getOrDefault("impersonate-group", List.of());
        String uid = first(headers.get("impersonate-uid"));
        Map<String, List<String>> extraHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name.startsWith(EXTRA_PREFIX)) {
                extraHeaders.put(unescape(name.substring(EXTRA_PREFIX.length()).toLowerCase(Locale.ROOT)), values);
            }
        });
        if (user.isEmpty()) {
            if (!groupHeaders.isEmpty() || !extraHeaders.isEmpty() || !uid.isEmpty()) {
                throw StatusException.internal("requested " + requests(groupHeaders, extraHeaders, uid)
                        + " without impersonating a user");
            }
            return requester;
        }
        String name = user;
        List<String> groups = new ArrayList<>();
        String[] serviceAccount = serviceAccount(user);
        if (serviceAccount != null) {
            check(RequestAttributes.resource(requester, "impersonate", "", "serviceaccounts", "", serviceAccount[0],
                    serviceAccount[1]));
            if (groupHeaders.isEmpty()) {
                groups.add("system:serviceaccounts");
                groups.add("system:serviceaccounts:" + serviceAccount[0]);
            }
        } else {
            check(RequestAttributes.resource(requester, "impersonate", "", "users", "", "", user));
        }
        for (String group : groupHeaders) {
            check(RequestAttributes.resource(requester, "impersonate", "", "groups", "", "", group));
            groups.add(group);
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extraHeaders.forEach((key, values) -> {
            for (String value : values) {
                check(RequestAttributes.resource(requester, "impersonate", "authentication.k8s.io", "userextras", key,
                        "", value));
                extra.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        });
        if (!uid.isEmpty()) {
            check(RequestAttributes.resource(requester, "impersonate", "authentication.k8s.io", "uids", "", "", uid));
        }
        // A non-anonymous user is authenticated unless a group says otherwise; anonymous is unauthenticated.
        if (!name.equals(UserInfo.ANONYMOUS)) {
            if (!groups.contains(UserInfo.ALL_AUTHENTICATED) && !groups.contains(UserInfo.ALL_UNAUTHENTICATED)) {
                groups.add(UserInfo.ALL_AUTHENTICATED);
            }
        } else if (!groups.contains(UserInfo.ALL_UNAUTHENTICATED)) {
            groups.add(UserInfo.ALL_UNAUTHENTICATED);
        }
        return new UserInfo(name, uid, groups, extra);
    }

    // impersonation.go buildImpersonationRequests: the ObjectReferences asked for, as Go's %v prints them
    // ({Kind Namespace Name UID APIVersion ResourceVersion FieldPath}).
    private static String requests(List<String> groups, Map<String, List<String>> extra, String uid) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(reference("Group", g, "", "")));
        extra.forEach((key, values) -> values.forEach(v -> out.add(reference("UserExtra", v,
                "authentication.k8s.io/v1", key))));
        if (!uid.isEmpty()) {
            out.add(reference("UID", uid, "authentication.k8s.io/v1", ""));
        }
        return "[" + String.join(" ", out) + "]";
    }

    private static String reference(String kind, String name, String apiVersion, String fieldPath) {
        return "{" + kind + "  " + name + "  " + apiVersion + "  " + fieldPath + "}";
    }

    private void check(RequestAttributes attributes) {
        Decision decision = authorizer.authorize(attributes);
        if (!decision.allowed()) {
            throw Forbidden.of(attributes, decision.reason());
        }
    }

    // serviceaccount.SplitUsername: system:serviceaccount:NAMESPACE:NAME, both parts non-empty.
    private static String[] serviceAccount(String user) {
        if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            return null;
        }
        String[] parts = user.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
        return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? parts : null;
    }

    // Extra keys are percent-encoded in header names (impersonation.go unescapeExtraKey).
    private static String unescape(String key) {
        try {
            return URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
