package skiff.apiserver.admission;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Finds a namespace's ServiceAccount, which the ServiceAccount admission plugin checks pods against. */
public interface ServiceAccountLookup {
    /** No accounts at all. */
    ServiceAccountLookup NONE = (namespace, name) -> Optional.empty();

    Optional<ObjectNode> serviceAccount(String namespace, String name);
}
