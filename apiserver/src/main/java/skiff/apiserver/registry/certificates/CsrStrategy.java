package skiff.apiserver.registry.certificates;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The main endpoint of CertificateSigningRequests (k/k pkg/registry/certificates/certificates/strategy.go
 * csrStrategy, 1.32): a create starts without status and records who asked in spec.username, uid, groups and extra;
 * an update changes metadata only.
 */
public enum CsrStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForCreate(ObjectNode csr, UserInfo user) {
        csr.remove("status");
        ObjectNode spec = csr.has("spec") && csr.get("spec").isObject() ? (ObjectNode) csr.get("spec")
                : csr.putObject("spec");
        spec.remove(List.of("username", "uid", "groups", "extra"));
        if (user == null) {
            return;
        }
        spec.put("username", user.name());
        if (!user.uid().isEmpty()) {
            spec.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            ArrayNode groups = spec.putArray("groups");
            user.groups().forEach(groups::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = spec.putObject("extra");
            user.extra().forEach((key, values) -> {
                ArrayNode array = extra.putArray(key);
                values.forEach(array::add);
            });
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode csr, ObjectNode old) {
        csr.set("spec", old.path("spec").deepCopy());
        if (old.has("status")) {
            csr.set("status", old.get("status").deepCopy());
        } else {
            csr.remove("status");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode csr) {
        return CsrValidation.validate(csr);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode csr, ObjectNode old) {
        return CsrValidation.validateUpdate(csr, old, CsrValidation.UpdatePath.MAIN);
    }
}
