package skiff.apiserver.registry.rbac;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.authz.PolicyRule;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RBAC objects the API server makes present at every start, read from the resource files beside this class: the
 * default ClusterRoles and ClusterRoleBindings Kubernetes 1.32 bootstraps (k/k plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy/policy.go), its controllers' roles, each bound to its controller's ServiceAccount in kube-system
 * (controller_policy.go), its Roles and RoleBindings in kube-system and kube-public (namespace_policy.go), and the
 * roles of Skiff's own components (skiff-roles.yaml).
 * Each carries the label {@code kubernetes.io/bootstrapping: rbac-defaults} and the annotation
 * {@code rbac.authorization.kubernetes.io/autoupdate: "true"}, as policy.go's addDefaultMetadata gives them.
 */
public final class BootstrapPolicy {
    public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
    private static final String GROUP = "rbac.authorization.k8s.io";
    // k/k bootstrappolicy/controller_policy.go: saRolePrefix, and the controllers' accounts live in kube-system.
    private static final String CONTROLLER_ROLE_PREFIX = "system:controller:";
    private static final String ACCOUNT_NAMESPACE = "kube-system";

    private BootstrapPolicy() {}

    /**
     * The system:node role's rules, which the Node authorizer holds kubelets to for the resources it does not
     * subdivide (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy NodeRules).
     */
    public static List<PolicyRule> nodeRules() {
        return clusterRoles().stream().filter(r -> r.path("metadata").path("name").asString("").equals("system:node"))
                .findFirst().map(r -> PolicyRule.all(r.path("rules"))).orElseThrow();
    }

    public static List<ObjectNode> clusterRoles() {
        List<ObjectNode> roles = new ArrayList<>();
        for (JsonNode entry : read("cluster-roles.yaml")) {
            ObjectNode role = object("ClusterRole", null, entry.path("name").asString(), entry);
            if (entry.has("aggregationRule")) {
                role.set("aggregationRule", entry.get("aggregationRule").deepCopy());
            }
            role.set("rules", entry.has("rules") ? entry.get("rules").deepCopy() : Json.object().putArray("rules"));
            roles.add(role);
        }
        for (JsonNode entry : read("controller-roles.yaml")) {
            roles.add(role("ClusterRole", null, controllerRole(entry), entry));
        }
        for (JsonNode entry : skiffRoles(false)) {
            roles.add(role("ClusterRole", null, entry.path("role").asString(), entry));
        }
        return roles;
    }

    public static List<ObjectNode> clusterRoleBindings() {
        List<ObjectNode> bindings = new ArrayList<>();
        for (JsonNode entry : read("cluster-role-bindings.yaml")) {
            String name = entry.path("name").asString();
            bindings.add(binding("ClusterRoleBinding", null, name, name, entry.path("subjects")));
        }
        for (JsonNode entry : read("controller-roles.yaml")) {
            String name = controllerRole(entry);
            bindings.add(binding("ClusterRoleBinding", null, name, name, account(entry)));
        }
        for (JsonNode entry : skiffRoles(false)) {
            String name = entry.path("role").asString();
            if (entry.has("serviceAccount")) {
                bindings.add(binding("ClusterRoleBinding", null, name, name, account(entry)));
            }
        }
        return bindings;
    }

    /** The Roles of kube-system and kube-public (namespace_policy.go NamespaceRoles) and Skiff's own. */
    public static List<ObjectNode> roles() {
        List<ObjectNode> roles = new ArrayList<>();
        for (JsonNode entry : read("namespace-roles.yaml")) {
            roles.add(role("Role", entry.path("namespace").asString(), entry.path("name").asString(), entry));
        }
        for (JsonNode entry : skiffRoles(true)) {
            roles.add(role("Role", entry.path("namespace").asString(), entry.path("role").asString(), entry));
        }
        return roles;
    }

    /** The RoleBindings of kube-system and kube-public (namespace_policy.go NamespaceRoleBindings) and Skiff's own. */
    public static List<ObjectNode> roleBindings() {
        List<ObjectNode> bindings = new ArrayList<>();
        for (JsonNode entry : read("namespace-role-bindings.yaml")) {
            bindings.add(binding("RoleBinding", entry.path("namespace").asString(), entry.path("name").asString(),
                    entry.path("role").asString(), entry.path("subjects")));
        }
        for (JsonNode entry : skiffRoles(true)) {
            String name = entry.path("role").asString();
            bindings.add(binding("RoleBinding", entry.path("namespace").asString(), name, name, account(entry)));
        }
        return bindings;
    }

    private static List<JsonNode> skiffRoles(boolean namespaced) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : read("skiff-roles.yaml")) {
            if (entry.has("namespace") == namespaced) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static String controllerRole(JsonNode entry) {
        return CONTROLLER_ROLE_PREFIX + entry.path("serviceAccount").asString();
    }

    private static ArrayNode account(JsonNode entry) {
        ArrayNode subjects = Json.object().putArray("subjects");
        subjects.addObject().put("kind", "ServiceAccount").put("name", entry.path("serviceAccount").asString())
                .put("namespace", ACCOUNT_NAMESPACE);
        return subjects;
    }

    private static ObjectNode role(String kind, String namespace, String name, JsonNode entry) {
        ObjectNode role = object(kind, namespace, name, entry);
        role.set("rules", entry.get("rules").deepCopy());
        return role;
    }

    // A binding of the role of the kind its own kind binds (a ClusterRoleBinding a ClusterRole, a RoleBinding a Role).
    private static ObjectNode binding(String kind, String namespace, String name, String role,
            JsonNode subjectEntries) {
        ObjectNode binding = object(kind, namespace, name, Json.object());
        ObjectNode ref = binding.putObject("roleRef");
        ref.put("apiGroup", GROUP);
        ref.put("kind", kind.equals("RoleBinding") ? "Role" : "ClusterRole");
        ref.put("name", role);
        ArrayNode subjects = binding.putArray("subjects");
        for (JsonNode s : subjectEntries) {
            ObjectNode subject = subjects.addObject();
            String subjectKind = s.path("kind").asString();
            subject.put("kind", subjectKind);
            if (!subjectKind.equals("ServiceAccount")) {
                subject.put("apiGroup", GROUP);
            }
            subject.put("name", s.path("name").asString());
            if (s.has("namespace")) {
                subject.put("namespace", s.path("namespace").asString());
            }
        }
        return binding;
    }

    private static ObjectNode object(String kind, String namespace, String name, JsonNode entry) {
        ObjectNode o = Json.object();
        o.put("apiVersion", GROUP + "/v1");
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        ObjectNode labels = meta.putObject("labels");
        labels.put("kubernetes.io/bootstrapping", "rbac-defaults");
        entry.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        meta.putObject("annotations").put(AUTOUPDATE, "true");
        return o;
    }

    private static JsonNode read(String file) {
        try (InputStream in = BootstrapPolicy.class.getResourceAsStream("/skiff/apiserver/authz/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file);
            }
            return Json.parseYaml(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
