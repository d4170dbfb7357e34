package skiff.server;

import skiff.api.json.Json;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.security.Kubeconfig;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * What kubeadm's bootstrap-token phase creates so that nodes can join with a bootstrap token (k/k
 * cmd/kubeadm/app/phases/bootstraptoken/node and clusterinfo, 1.32): the cluster-info ConfigMap in kube-public with
 * the CA, readable anonymously, and the bindings that let bootstrap tokens' group ask for node client certificates
 * that are approved at once, and nodes renew their own. Each is created when missing, never overwritten.
 */
final class BootstrapTokenAccess {
    /** The group {@code skiff token create} puts its tokens in, as kubeadm's default node token. */
    static final String NODE_TOKEN_GROUP = "system:bootstrappers:kubeadm:default-node-token";
    static final String CLUSTER_INFO = "cluster-info";
    private static final String PUBLIC = "kube-public";
    private static final String CLUSTER_INFO_ROLE = "kubeadm:bootstrap-signer-clusterinfo";

    private BootstrapTokenAccess() {}

    static void ensure(Registries registries, String serverUrl, String caPem) {
        ObjectNode clusterInfo = object("v1", "ConfigMap", CLUSTER_INFO, PUBLIC);
        clusterInfo.putObject("data").put("kubeconfig", Kubeconfig.renderClusterOnly(serverUrl, caPem));
        create(registries, "", "configmaps", clusterInfo);

        ObjectNode role = object("rbac.authorization.k8s.io/v1", "Role", CLUSTER_INFO_ROLE, PUBLIC);
        ObjectNode rule = role.putArray("rules").addObject();
        rule.putArray("apiGroups").add("");
        rule.putArray("resources").add("configmaps");
        rule.putArray("resourceNames").add(CLUSTER_INFO);
        rule.putArray("verbs").add("get");
        create(registries, "rbac.authorization.k8s.io", "roles", role);
        create(registries, "rbac.authorization.k8s.io", "rolebindings",
                binding("RoleBinding", CLUSTER_INFO_ROLE, PUBLIC, "Role", CLUSTER_INFO_ROLE, "User",
                        "system:anonymous"));

        // kubeadm's bootstraptoken/node/tlsbootstrap.go: the node token group may create CSRs, which are approved;
        // nodes' own renewals are approved too.
        create(registries, "rbac.authorization.k8s.io", "clusterrolebindings",
                binding("ClusterRoleBinding", "kubeadm:kubelet-bootstrap", null, "ClusterRole",
                        "system:node-bootstrapper", "Group", NODE_TOKEN_GROUP));
        create(registries, "rbac.authorization.k8s.io", "clusterrolebindings",
                binding("ClusterRoleBinding", "kubeadm:node-autoapprove-bootstrap", null, "ClusterRole",
                        "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "Group",
                        NODE_TOKEN_GROUP));
        create(registries, "rbac.authorization.k8s.io", "clusterrolebindings",
                binding("ClusterRoleBinding", "kubeadm:node-autoapprove-certificate-rotation", null, "ClusterRole",
                        "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "Group",
                        "system:nodes"));
    }

    private static ObjectNode binding(String kind, String name, String namespace, String roleKind, String roleName,
            String subjectKind, String subjectName) {
        ObjectNode binding = object("rbac.authorization.k8s.io/v1", kind, name, namespace);
        binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", roleKind)
                .put("name", roleName);
        ObjectNode subject = binding.putArray("subjects").addObject().put("kind", subjectKind).put("name", subjectName);
        if (!subjectKind.equals("ServiceAccount")) {
            subject.put("apiGroup", "rbac.authorization.k8s.io");
        }
        return binding;
    }

    private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
        ObjectNode object = Json.object();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        ObjectNode meta = object.putObject("metadata").put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        return object;
    }

    private static void create(Registries registries, String group, String resource, ObjectNode object) {
        ResourceStorage storage = registries.forResource(registries.catalog().find(group, "v1", resource).orElseThrow());
        String namespace = object.path("metadata").path("namespace").asString(null);
        if (storage.find(namespace, object.path("metadata").path("name").asString()).isPresent()) {
            return;
        }
        try {
            storage.create(namespace, object, WriteOptions.DEFAULT);
        } catch (StatusException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }
}
