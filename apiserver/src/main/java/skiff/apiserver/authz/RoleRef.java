package skiff.apiserver.authz;

import tools.jackson.databind.JsonNode;

/** The role a binding grants (rbac.authorization.k8s.io/v1 RoleRef). */
public record RoleRef(String apiGroup, String kind, String name) {
    public static RoleRef of(JsonNode binding) {
        JsonNode ref = binding.path("roleRef");
        return new RoleRef(ref.path("apiGroup").asString(""), ref.path("kind").asString(""),
                ref.path("name").asString(""));
    }

    public boolean clusterRole() {
        return kind.equals("ClusterRole");
    }

    /** The struct as Go's %v prints it, for messages. */
    public String text() {
        return "{" + apiGroup + " " + kind + " " + name + "}";
    }
}
