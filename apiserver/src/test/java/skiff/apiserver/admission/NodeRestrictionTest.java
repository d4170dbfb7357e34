package skiff.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Node a writes its own objects, node b is refused them with Kubernetes' messages, and everyone else passes (k/k
 * plugin/pkg/admission/noderestriction/admission_test.go, 1.32).
 */
class NodeRestrictionTest {
    private static final ResourceCatalog CATALOG = BuiltinResources.catalog();
    private static final ResourceDefinition PODS = CATALOG.find("", "v1", "pods").orElseThrow();
    private static final ResourceDefinition NODES = CATALOG.find("", "v1", "nodes").orElseThrow();
    private static final ResourceDefinition ACCOUNTS = CATALOG.find("", "v1", "serviceaccounts").orElseThrow();
    private static final ResourceDefinition LEASES = CATALOG.find("coordination.k8s.io", "v1", "leases").orElseThrow();
    private static final UserInfo NODE_A = UserInfo.of("system:node:a", List.of("system:nodes"));
    private static final UserInfo NODE_B = UserInfo.of("system:node:b", List.of("system:nodes"));
    private static final UserInfo ADMIN = UserInfo.of("admin", List.of(UserInfo.MASTERS));
    private static final ObjectNode POD_ON_A = yaml("""
            metadata: {name: web, namespace: ns, uid: uid-web, labels: {app: web}}
            spec: {nodeName: a, containers: [{name: c, image: busybox}]}
            """);
    private static final ObjectNode NODE_A_OBJECT = yaml("""
            metadata: {name: a, uid: uid-a, labels: {kubernetes.io/hostname: a}}
            spec: {taints: [{key: k, effect: NoSchedule}]}
            """);

    private final NodeRestriction plugin = new NodeRestriction(new NodeObjectLookup() {
        @Override
        public Optional<ObjectNode> pod(String namespace, String name) {
            return namespace.equals("ns") && name.equals("web") ? Optional.of(POD_ON_A) : Optional.empty();
        }

        @Override
        public Optional<ObjectNode> node(String name) {
            return name.equals("a") ? Optional.of(NODE_A_OBJECT) : Optional.empty();
        }
    });

    @Test
    void aNodeModifiesOnlyItsOwnNode() {
        ObjectNode changed = NODE_A_OBJECT.deepCopy();
        changed.withObject("metadata").withObject("labels").put("example.com/disk", "ssd");

        assertAdmitted(NODE_A, update(NODES, "", "a", changed, NODE_A_OBJECT));
        assertAdmitted(NODE_A, request(Operation.DELETE, NODES, "", "", "a", null, NODE_A_OBJECT));
        assertRefused(NODE_B, update(NODES, "", "a", changed, NODE_A_OBJECT),
                "nodes \"a\" is forbidden: node \"b\" is not allowed to modify node \"a\"");
        assertRefused(NODE_B, request(Operation.DELETE, NODES, "", "", "a", null, NODE_A_OBJECT),
                "nodes \"a\" is forbidden: node \"b\" is not allowed to modify node \"a\"");
        assertRefused(NODE_B, request(Operation.CREATE, NODES, "", "", "a", NODE_A_OBJECT.deepCopy(), null),
                "nodes \"a\" is forbidden: node \"b\" is not allowed to modify node \"a\"");
        assertAdmitted(ADMIN, update(NODES, "", "a", changed, NODE_A_OBJECT));
    }

    @Test
    void aNodeNeitherChangesItsTaintsNorSetsRestrictedLabels() {
        ObjectNode untainted = NODE_A_OBJECT.deepCopy();
        untainted.withObject("spec").remove("taints");
        ObjectNode restricted = NODE_A_OBJECT.deepCopy();
        restricted.withObject("metadata").withObject("labels")
                .put("node-restriction.kubernetes.io/trusted", "true").put("node-role.kubernetes.io/control-plane", "");
        ObjectNode kubeletLabels = NODE_A_OBJECT.deepCopy();
        kubeletLabels.withObject("metadata").withObject("labels").put("node.kubernetes.io/instance-type", "big")
                .put("topology.kubernetes.io/zone", "z1");

        assertRefused(NODE_A, update(NODES, "", "a", untainted, NODE_A_OBJECT),
                "nodes \"a\" is forbidden: node \"a\" is not allowed to modify taints");
        assertRefused(NODE_A, update(NODES, "", "a", restricted, NODE_A_OBJECT), "nodes \"a\" is forbidden: is not "
                + "allowed to modify labels: node-restriction.kubernetes.io/trusted, node-role.kubernetes.io/control-plane");
        assertRefused(NODE_A, request(Operation.CREATE, NODES, "", "", "a", restricted, null),
                "nodes \"a\" is forbidden: node \"a\" is not allowed to set the following labels: "
                        + "node-restriction.kubernetes.io/trusted, node-role.kubernetes.io/control-plane");
        assertAdmitted(NODE_A, update(NODES, "", "a", kubeletLabels, NODE_A_OBJECT));
        assertAdmitted(NODE_A, update(NODES, "status", "a", NODE_A_OBJECT.deepCopy(), NODE_A_OBJECT));
    }

    @Test
    void aNodeCreatesOnlyMirrorPodsBoundToItselfThatReferenceNothing() {
        assertAdmitted(NODE_A, createPod(mirrorPod("a")));
        assertRefused(NODE_B, createPod(mirrorPod("a")),
                "pods \"static-a\" is forbidden: node \"b\" can only create pods with spec.nodeName set to itself");
        ObjectNode plain = mirrorPod("a");
        plain.withObject("metadata").remove("annotations");
        assertRefused(NODE_A, createPod(plain), "pods \"static-a\" is forbidden: pod does not have "
                + "\"kubernetes.io/config.mirror\" annotation, node \"a\" can only create mirror pods");
        ObjectNode withSecret = mirrorPod("a");
        withSecret.withObject("spec").withArray("volumes").addObject().put("name", "s").putObject("secret")
                .put("secretName", "token");
        assertRefused(NODE_A, createPod(withSecret),
                "pods \"static-a\" is forbidden: node \"a\" can not create pods that reference secrets");
        ObjectNode withConfig = mirrorPod("a");
        withConfig.withObject("spec").withArray("volumes").addObject().put("name", "c").putObject("configMap")
                .put("name", "settings");
        assertRefused(NODE_A, createPod(withConfig),
                "pods \"static-a\" is forbidden: node \"a\" can not create pods that reference configmaps");
        ObjectNode withAccount = mirrorPod("a");
        withAccount.withObject("spec").put("serviceAccountName", "robot");
        assertRefused(NODE_A, createPod(withAccount),
                "pods \"static-a\" is forbidden: node \"a\" can not create pods that reference a service account");
        ObjectNode wrongOwner = mirrorPod("a");
        wrongOwner.withObject("metadata").withArray("ownerReferences").get(0).asObject().put("uid", "uid-other");
        assertRefused(NODE_A, createPod(wrongOwner),
                "pods \"static-a\" is forbidden: node a UID mismatch: expected uid-other got uid-a");
        ObjectNode noOwner = mirrorPod("a");
        noOwner.withObject("metadata").remove("ownerReferences");
        assertRefused(NODE_A, createPod(noOwner),
                "pods \"static-a\" is forbidden: node \"a\" can only create pods with an owner reference set to itself");
    }

    @Test
    void aNodeWritesTheStatusOfDeletesAndEvictsOnlyPodsBoundToItself() {
        ObjectNode status = POD_ON_A.deepCopy();
        status.withObject("status").put("phase", "Running");

        assertAdmitted(NODE_A, update(PODS, "status", "web", status, POD_ON_A));
        assertRefused(NODE_B, update(PODS, "status", "web", status, POD_ON_A), "pods \"web\" is forbidden: node \"b\" "
                + "can only update pod status for pods with spec.nodeName set to itself");
        ObjectNode relabelled = status.deepCopy();
        relabelled.withObject("metadata").withObject("labels").put("app", "other");
        assertRefused(NODE_A, update(PODS, "status", "web", relabelled, POD_ON_A),
                "pods \"web\" is forbidden: node \"a\" cannot update labels through pod status");
        assertRefused(NODE_A, update(PODS, "", "web", status, POD_ON_A), "pods \"web\" is forbidden: unexpected "
                + "operation \"UPDATE\", node \"a\" can only create and delete mirror pods");

        assertAdmitted(NODE_A, request(Operation.DELETE, PODS, "", "ns", "web", null, POD_ON_A));
        assertRefused(NODE_B, request(Operation.DELETE, PODS, "", "ns", "web", null, POD_ON_A),
                "pods \"web\" is forbidden: node \"b\" can only delete pods with spec.nodeName set to itself");

        ObjectNode eviction = yaml("metadata: {name: web, namespace: ns}");
        assertAdmitted(NODE_A, request(Operation.CREATE, PODS, "eviction", "ns", "web", eviction, null));
        assertRefused(NODE_B, request(Operation.CREATE, PODS, "eviction", "ns", "web", eviction, null),
                "pods \"web\" is forbidden: node b can only evict pods with spec.nodeName set to itself");
        StatusException missing = catchThrowableOfType(StatusException.class, () -> plugin.admit(
                request(Operation.CREATE, PODS, "eviction", "ns", "gone", yaml("metadata: {name: gone}"), null)
                        .withUser(NODE_A)));
        assertThat(missing.code()).isEqualTo(404);
        assertRefused(NODE_A, request(Operation.CREATE, PODS, "binding", "ns", "web", eviction, null),
                "pods \"web\" is forbidden: unexpected pod subresource \"binding\", only 'status' and 'eviction' are "
                        + "allowed");
    }

    @Test
    void aNodeRequestsOnlyTokensBoundToItsOwnPods() {
        assertAdmitted(NODE_A, tokenRequest("{apiVersion: v1, kind: Pod, name: web, uid: uid-web}"));
        assertRefused(NODE_B, tokenRequest("{apiVersion: v1, kind: Pod, name: web, uid: uid-web}"),
                "serviceaccounts \"robot\" is forbidden: node requested token bound to a pod scheduled on a different "
                        + "node");
        assertRefused(NODE_A, tokenRequest("{apiVersion: v1, kind: Secret, name: web}"),
                "serviceaccounts \"robot\" is forbidden: node requested token not bound to a pod");
        assertRefused(NODE_A, tokenRequest("{apiVersion: v1, kind: Pod, name: web}"),
                "serviceaccounts \"robot\" is forbidden: node requested token with a pod binding without a uid");
        assertRefused(NODE_A, tokenRequest("{apiVersion: v1, kind: Pod, name: web, uid: uid-old}"),
                "serviceaccounts \"robot\" is forbidden: the UID in the bound object reference (uid-old) does not "
                        + "match the UID in record. The object might have been deleted and then recreated");
        assertAdmitted(ADMIN, tokenRequest("{apiVersion: v1, kind: Secret, name: web}"));
    }

    private static AdmissionRequest tokenRequest(String boundObjectRef) {
        ObjectNode request = yaml("spec: {audiences: [api], boundObjectRef: " + boundObjectRef + "}");
        return request(Operation.CREATE, ACCOUNTS, "token", "ns", "robot", request, null);
    }

    @Test
    void aNodeWritesOnlyItsOwnLeaseInTheNodeLeaseNamespace() {
        ObjectNode lease = yaml("metadata: {name: a, namespace: kube-node-lease}");

        assertAdmitted(NODE_A, request(Operation.CREATE, LEASES, "", "kube-node-lease", "a", lease, null));
        assertAdmitted(NODE_A, update(LEASES, "", "a", lease, lease));
        assertRefused(NODE_B, request(Operation.CREATE, LEASES, "", "kube-node-lease", "a", lease, null),
                "leases.coordination.k8s.io \"a\" is forbidden: can only access node lease with the same name as the "
                        + "requesting node");
        assertRefused(NODE_B, request(Operation.DELETE, LEASES, "", "kube-node-lease", "a", null, lease),
                "leases.coordination.k8s.io \"a\" is forbidden: can only access node lease with the same name as the "
                        + "requesting node");
        assertRefused(NODE_A, request(Operation.UPDATE, LEASES, "", "default", "a", lease, lease),
                "leases.coordination.k8s.io \"a\" is forbidden: can only access leases in the \"kube-node-lease\" "
                        + "system namespace");
    }

    @Test
    void anUnidentifiableNodeIsRefusedAndOtherUsersPass() {
        UserInfo nameless = UserInfo.of("system:node:", List.of("system:nodes"));
        UserInfo notInGroup = UserInfo.of("system:node:b", List.of());

        assertRefused(nameless, request(Operation.DELETE, PODS, "", "ns", "web", null, POD_ON_A),
                "pods \"web\" is forbidden: could not determine node from user \"system:node:\"");
        assertAdmitted(notInGroup, request(Operation.DELETE, PODS, "", "ns", "web", null, POD_ON_A));
        assertAdmitted(null, request(Operation.DELETE, PODS, "", "ns", "web", null, POD_ON_A));
    }

    private void assertAdmitted(UserInfo user, AdmissionRequest request) {
        assertThatCode(() -> plugin.admit(request.withUser(user))).doesNotThrowAnyException();
    }

    private void assertRefused(UserInfo user, AdmissionRequest request, String message) {
        StatusException refusal = catchThrowableOfType(StatusException.class,
                () -> plugin.admit(request.withUser(user)));
        assertThat(refusal).as("refused").isNotNull();
        assertThat(refusal.code()).isEqualTo(403);
        assertThat(refusal.getMessage()).isEqualTo(message);
    }

    private static ObjectNode mirrorPod(String node) {
        return yaml("""
                metadata:
                  name: static-a
                  namespace: ns
                  annotations: {kubernetes.io/config.mirror: hash}
                  ownerReferences: [{apiVersion: v1, kind: Node, name: a, uid: uid-a, controller: true}]
                spec: {nodeName: %s, containers: [{name: c, image: busybox}]}
                """.formatted(node));
    }

    private static AdmissionRequest createPod(ObjectNode pod) {
        return request(Operation.CREATE, PODS, "", "ns", pod.path("metadata").path("name").asString(), pod, null);
    }

    private static AdmissionRequest update(ResourceDefinition def, String subresource, String name, ObjectNode object,
            ObjectNode old) {
        String namespace = old.path("metadata").path("namespace").asString("");
        return request(Operation.UPDATE, def, subresource, namespace, name, object, old);
    }

    private static AdmissionRequest request(Operation operation, ResourceDefinition def, String subresource,
            String namespace, String name, ObjectNode object, ObjectNode old) {
        return new AdmissionRequest(operation, def, subresource, namespace, name, object, old, false);
    }

    private static ObjectNode yaml(String text) {
        return (ObjectNode) Json.parseYaml(text.getBytes(StandardCharsets.UTF_8));
    }
}
