package skiff.apiserver.authn;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a service-account token says (k/k pkg/serviceaccount/claims.go, 1.32): the account it stands for, the pod
 * and node it is bound to if any, the audiences it is meant for and its lifetime.
 */
public record ServiceAccountClaims(String namespace, ObjectRef serviceAccount, Optional<ObjectRef> pod,
        Optional<ObjectRef> node, List<String> audiences, Instant issuedAt, Instant expiresAt, String id) {
    public ServiceAccountClaims {
        audiences = List.copyOf(audiences);
    }

    /** {@code system:serviceaccount:NS:NAME}. */
    public String userName() {
        return ServiceAccountUsers.userName(namespace, serviceAccount.name());
    }
}
