package skiff.apiserver.authz;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** The stored objects the Node authorizer relates a node to: the pods bound to it and the claims they use. */
public interface NodeRelationSource {

    /** The pods whose spec.nodeName is {@code node}, in {@code namespace} (null: in every namespace). */
    List<ObjectNode> podsOn(String node, String namespace);

    Optional<ObjectNode> pod(String namespace, String name);

    Optional<ObjectNode> persistentVolumeClaim(String namespace, String name);
}
