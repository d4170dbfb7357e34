package skiff.apiserver.admission;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import skiff.apiserver.authz.NodeIdentity;
import skiff.apiserver.authz.PodReferences;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Limits what a node writes to what is its own (k/k plugin/pkg/admission/noderestriction/admission.go Admit, 1.32):
 * its own Node (not its taints, nor labels it must not steer work with), mirror pods bound to itself that reference
 * nothing else, the status, deletion and eviction of pods bound to it, tokens bound to those pods, and its own Lease
 * in kube-node-lease. Requests
 * from anyone but a node pass.
 */
public final class NodeRestriction implements MutatingAdmission {
    public static final String NAME = "NodeRestriction";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    private static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

    private final NodeObjectLookup objects;

    public NodeRestriction(NodeObjectLookup objects) {
        this.objects = objects;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
    }

    @Override
    public void admit(AdmissionRequest request) {
        Optional<String> identity = NodeIdentity.nodeName(request.user());
        if (identity.isEmpty()) {
            return;
        }
        String node = identity.get();
        if (node.isEmpty()) {
            throw refuse(request, "could not determine node from user " + quote(request.user().name()));
        }
        if (request.isCore("pods")) {
            switch (request.subresource()) {
                case "" -> admitPod(node, request);
                case "status" -> admitPodStatus(node, request);
                case "eviction" -> admitPodEviction(node, request);
                default -> throw refuse(request, "unexpected pod subresource " + quote(request.subresource())
                        + ", only 'status' and 'eviction' are allowed");
            }
        } else if (request.isCore("nodes")) {
            admitNode(node, request);
        } else if (request.isCore("serviceaccounts")) {
            admitTokenRequest(node, request);
        } else if (request.resource().group().equals("coordination.k8s.io")
                && request.resource().resource().equals("leases")) {
            admitLease(node, request);
        }
    }

    private void admitPod(String node, AdmissionRequest request) {
        switch (request.operation()) {
            case CREATE -> admitMirrorPod(node, request);
            case DELETE -> {
                if (!nodeName(request.oldObject()).equals(node)) {
                    throw refuse(request, "node " + quote(node) + " can only delete pods with spec.nodeName set to itself");
                }
            }
            default -> throw refuse(request, "unexpected operation " + quote(request.operation().name()) + ", node "
                    + quote(node) + " can only create and delete mirror pods");
        }
    }

    private void admitMirrorPod(String node, AdmissionRequest request) {
        ObjectNode pod = request.object();
        String who = "node " + quote(node);
        if (!pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
            throw refuse(request, "pod does not have " + quote(MIRROR_ANNOTATION) + " annotation, " + who
                    + " can only create mirror pods");
        }
        if (!nodeName(pod).equals(node)) {
            throw refuse(request, who + " can only create pods with spec.nodeName set to itself");
        }
        checkOwner(node, request, pod.path("metadata").path("ownerReferences"));
        JsonNode spec = pod.path("spec");
        PodReferences references = PodReferences.of(pod);
        if (!spec.path("serviceAccountName").asString("").isEmpty()) {
            throw refuse(request, who + " can not create pods that reference a service account");
        }
        if (!references.secrets().isEmpty()) {
            throw refuse(request, who + " can not create pods that reference secrets");
        }
        if (!references.configMaps().isEmpty()) {
            throw refuse(request, who + " can not create pods that reference configmaps");
        }
        for (JsonNode volume : spec.path("volumes")) {
            for (JsonNode source : volume.path("projected").path("sources")) {
                if (source.has("clusterTrustBundle")) {
                    throw refuse(request, who + " can not create pods that reference clustertrustbundles");
                }
            }
        }
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.has("persistentVolumeClaim")) {
                throw refuse(request, who + " can not create pods that reference persistentvolumeclaims");
            }
        }
    }

    // admitPodCreate: a mirror pod's one owner is its node, as its controller, naming the stored node's uid.
    private void checkOwner(String node, AdmissionRequest request, JsonNode owners) {
        String who = "node " + quote(node);
        if (owners.size() > 1) {
            throw refuse(request, who + " can only create pods with a single owner reference set to itself");
        }
        JsonNode owner = owners.path(0);
        if (owners.isEmpty() || !owner.path("apiVersion").asString("").equals("v1")
                || !owner.path("kind").asString("").equals("Node") || !owner.path("name").asString("").equals(node)) {
            throw refuse(request, who + " can only create pods with an owner reference set to itself");
        }
        if (!owner.path("controller").asBoolean(false)) {
            throw refuse(request, who + " can only create pods with a controller owner reference set to itself");
        }
        if (owner.path("blockOwnerDeletion").asBoolean(false)) {
            throw refuse(request, who + " must not set blockOwnerDeletion on an owner reference");
        }
        ObjectNode stored = objects.node(node).orElseThrow(() -> StatusException.notFound("nodes \"" + node
                + "\" not found"));
        String uid = stored.path("metadata").path("uid").asString("");
        String claimed = owner.path("uid").asString("");
        if (!claimed.equals(uid)) {
            throw refuse(request, "node " + node + " UID mismatch: expected " + claimed + " got " + uid);
        }
    }

    private void admitPodStatus(String node, AdmissionRequest request) {
        if (request.operation() != Operation.UPDATE) {
            throw refuse(request, "unexpected operation " + quote(request.operation().name()));
        }
        if (!nodeName(request.oldObject()).equals(node)) {
            throw refuse(request, "node " + quote(node)
                    + " can only update pod status for pods with spec.nodeName set to itself");
        }
        if (!labels(request.object()).equals(labels(request.oldObject()))) {
            throw refuse(request, "node " + quote(node) + " cannot update labels through pod status");
        }
    }

    private void admitPodEviction(String node, AdmissionRequest request) {
        if (request.operation() != Operation.CREATE) {
            throw refuse(request, "unexpected operation " + request.operation().name());
        }
        String podName = request.name();
        if (podName == null || podName.isEmpty()) {
            podName = request.object().path("metadata").path("name").asString("");
            if (podName.isEmpty()) {
                throw refuse(request, "could not determine pod from request data");
            }
        }
        String name = podName;
        ObjectNode pod = objects.pod(request.namespace(), name)
                .orElseThrow(() -> StatusException.notFound("pods \"" + name + "\" not found"));
        if (!nodeName(pod).equals(node)) {
            throw refuse(request, "node " + node + " can only evict pods with spec.nodeName set to itself");
        }
    }

    private void admitNode(String node, AdmissionRequest request) {
        String who = "node " + quote(node);
        if (!request.name().equals(node)) {
            throw refuse(request, who + " is not allowed to modify node " + quote(request.name()));
        }
        if (request.operation() == Operation.CREATE) {
            if (request.object().path("spec").hasNonNull("configSource")) {
                throw refuse(request, who + " is not allowed to create pods with a non-nil configSource");
            }
            Set<String> forbidden = NodeLabels.forbiddenChanges(labels(request.object()), Map.of());
            if (!forbidden.isEmpty()) {
                throw refuse(request, who + " is not allowed to set the following labels: "
                        + String.join(", ", forbidden));
            }
        } else if (request.operation() == Operation.UPDATE) {
            JsonNode configSource = request.object().path("spec").path("configSource");
            if (!configSource.isMissingNode() && !configSource.isNull()
                    && !configSource.equals(request.oldObject().path("spec").path("configSource"))) {
                throw refuse(request, who + " is not allowed to update configSource to a new non-nil configSource");
            }
            if (!sameTaints(request.object(), request.oldObject())) {
                throw refuse(request, who + " is not allowed to modify taints");
            }
            Set<String> forbidden = NodeLabels.forbiddenChanges(labels(request.object()), labels(request.oldObject()));
            if (!forbidden.isEmpty()) {
                // k/k words this one without naming the node.
                throw refuse(request, "is not allowed to modify labels: " + String.join(", ", forbidden));
            }
        }
    }

    // admitServiceAccount: a node's token must be bound to a pod, as it is now, on that node.
    private void admitTokenRequest(String node, AdmissionRequest request) {
        if (request.operation() != Operation.CREATE || !request.subresource().equals("token")) {
            return;
        }
        JsonNode ref = request.object().path("spec").path("boundObjectRef");
        String podName = ref.path("name").asString("");
        if (!ref.path("apiVersion").asString("").equals("v1") || !ref.path("kind").asString("").equals("Pod")
                || podName.isEmpty()) {
            throw refuse(request, "node requested token not bound to a pod");
        }
        String uid = ref.path("uid").asString("");
        if (uid.isEmpty()) {
            throw refuse(request, "node requested token with a pod binding without a uid");
        }
        ObjectNode pod = objects.pod(request.namespace(), podName)
                .orElseThrow(() -> StatusException.notFound("pods \"" + podName + "\" not found"));
        if (!uid.equals(pod.path("metadata").path("uid").asString(""))) {
            throw refuse(request, "the UID in the bound object reference (" + uid + ") does not match the UID in "
                    + "record. The object might have been deleted and then recreated");
        }
        if (!nodeName(pod).equals(node)) {
            throw refuse(request, "node requested token bound to a pod scheduled on a different node");
        }
    }

    private void admitLease(String node, AdmissionRequest request) {
        if (!request.namespace().equals(NODE_LEASE_NAMESPACE)) {
            throw refuse(request, "can only access leases in the " + quote(NODE_LEASE_NAMESPACE) + " system namespace");
        }
        String name = request.operation() == Operation.CREATE
                ? request.object().path("metadata").path("name").asString("") : request.name();
        if (!name.equals(node)) {
            throw refuse(request, "can only access node lease with the same name as the requesting node");
        }
    }

    private static StatusException refuse(AdmissionRequest request, String why) {
        return AdmissionErrors.forbidden(request, why, List.of());
    }

    private static String nodeName(JsonNode pod) {
        return pod == null ? "" : pod.path("spec").path("nodeName").asString("");
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.path("metadata").path("labels").properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return labels;
    }

    // apiequality.Semantic.DeepEqual: no taints and an empty list are the same.
    private static boolean sameTaints(JsonNode node, JsonNode old) {
        JsonNode taints = node.path("spec").path("taints");
        JsonNode oldTaints = old.path("spec").path("taints");
        return taints.isEmpty() && oldTaints.isEmpty() || taints.equals(oldTaints);
    }

    private static String quote(String s) {
        return skiff.api.validation.GoQuotedString.of(s);
    }
}
