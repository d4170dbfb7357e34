package skiff.apiserver.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a request comes from, as authentication found it (k/k staging/src/k8s.io/apiserver/pkg/authentication/user
 * DefaultInfo, v1.32): the name, an optional uid, the groups and the extra values. Authorization and admission
 * read it; it never changes once made.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
    public static final String ANONYMOUS = "system:anonymous";
    public static final String ALL_AUTHENTICATED = "system:authenticated";
    public static final String ALL_UNAUTHENTICATED = "system:unauthenticated";
    public static final String MASTERS = "system:masters";

    public UserInfo {
        Objects.requireNonNull(name, "name");
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    public static UserInfo of(String name, List<String> groups) {
        return new UserInfo(name, "", groups, Map.of());
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
