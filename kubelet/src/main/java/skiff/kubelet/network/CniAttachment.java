package skiff.kubelet.network;

import tools.jackson.databind.node.ObjectNode;

/**
 * What Skiff keeps of one pod's attachment, so that a DEL after a restart gets the configuration and result of its
 * ADD (CNI SPEC.md: DEL receives the same configuration and the ADD's result as prevResult; libcni caches them the
 * same way under /var/lib/cni/results).
 *
 * @param podUid the pod, also the CNI container ID
 * @param netns the network namespace's name under /var/run/netns
 * @param conflist the configuration list of the ADD
 * @param result the ADD's result; null while the ADD has not completed
 */
record CniAttachment(String podUid, String namespace, String podName, String netns, ObjectNode conflist,
        ObjectNode result) {

    CniAttachment withResult(ObjectNode added) {
        return new CniAttachment(podUid, namespace, podName, netns, conflist, added);
    }
}
