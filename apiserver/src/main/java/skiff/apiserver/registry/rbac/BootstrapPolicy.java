package skiff.apiserver.registry.rbac;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.authz.PolicyRule;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The default ClusterRoles and ClusterRoleBindings Kubernetes 1.32 bootstraps (k/k plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy/policy.go ClusterRoles and ClusterRoleBindings), read from the resource files beside this class.
 * With them come the roles of the controllers (controller_policy.go), each bound to its controller's ServiceAccount
 * in kube-system.
 * Each carries the label {@code kubernetes.io/bootstrapping: rbac-defaults} and the annotation
 * {@code rbac.authorization.kubernetes.io/autoupdate: "true"}, as policy.go's addDefaultMetadata gives them.
 */
public final class BootstrapPolicy {
    public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
    private static final String GROUP = "rbac.authorization.k8s.io";
    // k/k bootstrappolicy/controller_policy.go: saRolePrefix, and the controllers' accounts live in kube-system.
    private static final String CONTROLLER_ROLE_PREFIX = "system:controller:";
    private static final String CONTROLLER_NAMESPACE = "kube-system";

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
            ObjectNode role = object("ClusterRole", entry.path("name").asString(), entry);
            if (entry.has("aggregationRule")) {
                role.set("aggregationRule", entry.get("aggregationRule").deepCopy());
            }
            if (entry.has("rules")) {
                role.set("rules", entry.get("rules").deepCopy());
            } else {
                role.putArray("rules");
            }
            roles.add(role);
        }
        for (JsonNode entry : read("controller-roles.yaml")) {
            ObjectNode role = object("ClusterRole", controllerRole(entry), entry);
            role.set("rules", entry.get("rules").deepCopy());
            roles.add(role);
        }
        return roles;
    }

    public static List<ObjectNode> clusterRoleBindings() {
        List<ObjectNode> bindings = new ArrayList<>();
        for (JsonNode entry : read("cluster-role-bindings.yaml")) {
            bindings.add(binding(entry.path("name").asString(), entry, entry.path("subjects")));
        }
        for (JsonNode entry : read("controller-roles.yaml")) {
            ObjectNode account = Json.object();
            account.put("kind", "ServiceAccount");
            account.put("name", entry.path("serviceAccount").asString());
            account.put("namespace", CONTROLLER_NAMESPACE);
            bindings.add(binding(controllerRole(entry), Json.object(), Json.object().putArray("subjects").add(account)));
        }
        return bindings;
    }

    private static String controllerRole(JsonNode entry) {
        return entry.path("role").asString(CONTROLLER_ROLE_PREFIX + entry.path("serviceAccount").asString());
    }

    private static ObjectNode binding(String name, JsonNode entry, JsonNode subjectEntries) {
        ObjectNode binding = object("ClusterRoleBinding", name, entry);
        ObjectNode ref = binding.putObject("roleRef");
        ref.put("apiGroup", GROUP);
        ref.put("kind", "ClusterRole");
        ref.put("name", name);
        var subjects = binding.putArray("subjects");
        for (JsonNode s : subjectEntries) {
            ObjectNode subject = subjects.addObject();
            String kind = s.path("kind").asString();
            subject.put("kind", kind);
            if (!kind.equals("ServiceAccount")) {
                subject.put("apiGroup", GROUP);
            }
            subject.put("name", s.path("name").asString());
            if (s.has("namespace")) {
                subject.put("namespace", s.path("namespace").asString());
            }
        }
        return binding;
    }

    private static ObjectNode object(String kind, String name, JsonNode entry) {
        ObjectNode o = Json.object();
        o.put("apiVersion", GROUP + "/v1");
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
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
