package skiff.apiserver.authz;

import java.util.Optional;
import skiff.apiserver.auth.UserInfo;

/**
 * Which node a user is (k/k pkg/auth/nodeidentifier/default.go NodeIdentity, 1.32): a user named
 * {@code system:node:NAME} in the {@code system:nodes} group is node NAME; NAME may be empty, an unidentifiable node.
 */
public final class NodeIdentity {
    public static final String GROUP = "system:nodes";
    private static final String PREFIX = "system:node:";

    private NodeIdentity() {}

    /** The node's name, empty when {@code user} is no node at all. */
    public static Optional<String> nodeName(UserInfo user) {
        if (user == null || !user.name().startsWith(PREFIX) || !user.inGroup(GROUP)) {
            return Optional.empty();
        }
        return Optional.of(user.name().substring(PREFIX.length()));
    }
}
