package skiff.apiserver.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameRule;
import skiff.apiserver.authz.RoleRef;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * rbac.authorization.k8s.io/v1 RoleBindings and ClusterRoleBindings (k/k pkg/apis/rbac/validation/validation.go
 * ValidateRoleBinding, ValidateClusterRoleBinding, ValidateRoleBindingSubject and pkg/apis/rbac/v1/defaults.go,
 * 1.32): the role reference names a Role or ClusterRole of the RBAC group and never changes; each subject is a User,
 * Group or ServiceAccount.
 */
public enum BindingStrategy implements ResourceStrategy {
    ROLE_BINDING(true),
    CLUSTER_ROLE_BINDING(false);

    public static final String GROUP = "rbac.authorization.k8s.io";
    private final boolean namespaced;

    BindingStrategy(boolean namespaced) {
        this.namespaced = namespaced;
    }

    // pkg/apis/rbac/v1/defaults.go SetDefaults_RoleBinding and SetDefaults_Subject.
    @Override
    public void applyDefaults(ObjectNode binding) {
        if (binding.get("roleRef") instanceof ObjectNode ref && ref.path("apiGroup").asString("").isEmpty()) {
            ref.put("apiGroup", GROUP);
        }
        for (JsonNode subject : binding.path("subjects")) {
            if (subject instanceof ObjectNode s && s.path("apiGroup").asString("").isEmpty()) {
                String kind = s.path("kind").asString("");
                if (kind.equals("User") || kind.equals("Group")) {
                    s.put("apiGroup", GROUP);
                } else if (kind.equals("ServiceAccount")) {
                    s.put("apiGroup", "");
                }
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode binding) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode ref = binding.path("roleRef");
        String apiGroup = ref.path("apiGroup").asString("");
        if (!apiGroup.equals(GROUP)) {
            errors.add(FieldError.notSupported("roleRef.apiGroup", apiGroup, List.of(GROUP)));
        }
        String kind = ref.path("kind").asString("");
        List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
        if (!kinds.contains(kind)) {
            errors.add(FieldError.notSupported("roleRef.kind", kind, kinds));
        }
        String name = ref.path("name").asString("");
        if (name.isEmpty()) {
            errors.add(FieldError.required("roleRef.name", ""));
        } else {
            NameRule.PATH_SEGMENT.validate(name, false)
                    .forEach(msg -> errors.add(FieldError.invalid("roleRef.name", name, msg)));
        }
        JsonNode subjects = binding.path("subjects");
        for (int i = 0; i < subjects.size(); i++) {
            errors.addAll(validateSubject(subjects.get(i), "subjects[" + i + "]"));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode binding, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validate(binding));
        if (!binding.path("roleRef").equals(old.path("roleRef"))) {
            errors.add(FieldError.invalid("roleRef", RoleRef.of(binding).text(), "cannot change roleRef"));
        }
        return errors;
    }

    private List<FieldError> validateSubject(JsonNode subject, String path) {
        List<FieldError> errors = new ArrayList<>();
        String name = subject.path("name").asString("");
        String apiGroup = subject.path("apiGroup").asString("");
        if (name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        }
        switch (subject.path("kind").asString("")) {
            case "ServiceAccount" -> {
                if (!name.isEmpty()) {
                    NameRule.DNS1123_SUBDOMAIN.validate(name, false)
                            .forEach(msg -> errors.add(FieldError.invalid(path + ".name", name, msg)));
                }
                if (!apiGroup.isEmpty()) {
                    errors.add(FieldError.notSupported(path + ".apiGroup", apiGroup, List.of("")));
                }
                if (!namespaced && subject.path("namespace").asString("").isEmpty()) {
                    errors.add(FieldError.required(path + ".namespace", ""));
                }
            }
            case "User", "Group" -> {
                if (!apiGroup.equals(GROUP)) {
                    errors.add(FieldError.notSupported(path + ".apiGroup", apiGroup, List.of(GROUP)));
                }
            }
            default -> errors.add(FieldError.notSupported(path + ".kind", subject.path("kind").asString(""),
                    List.of("ServiceAccount", "User", "Group")));
        }
        return errors;
    }
}
