package skiff.apiserver.registry.certificates;

import java.time.temporal.ChronoUnit;
import java.util.List;
import skiff.api.time.Clock;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status and approval subresources of CertificateSigningRequests (k/k pkg/registry/certificates/certificates/
 * strategy.go csrStatusStrategy and csrApprovalStrategy, 1.32): each writes the status only. Signers set the
 * certificate and their own conditions through status, whose Approved and Denied conditions stay as stored; approvers
 * set conditions through approval, which keeps the certificate as stored. Conditions get their timestamps here when
 * the writer left them out.
 */
public final class CsrSubresourceStrategy implements ResourceStrategy {
    private final CsrValidation.UpdatePath path;
    private final Clock clock;

    private CsrSubresourceStrategy(CsrValidation.UpdatePath path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    public static CsrSubresourceStrategy status(Clock clock) {
        return new CsrSubresourceStrategy(CsrValidation.UpdatePath.STATUS, clock);
    }

    public static CsrSubresourceStrategy approval(Clock clock) {
        return new CsrSubresourceStrategy(CsrValidation.UpdatePath.APPROVAL, clock);
    }

    @Override
    public void prepareForUpdate(ObjectNode csr, ObjectNode old) {
        JsonNode written = csr.path("status");
        ObjectNode status = written.isObject() ? (ObjectNode) written.deepCopy() : csr.objectNode();
        csr.removeAll();
        csr.setAll(old.deepCopy());
        JsonNode oldStatus = old.path("status");
        if (path == CsrValidation.UpdatePath.STATUS) {
            ArrayNode conditions = status.arrayNode();
            status.path("conditions").forEach(c -> {
                if (!isApproval(c)) {
                    conditions.add(c);
                }
            });
            oldStatus.path("conditions").forEach(c -> {
                if (isApproval(c)) {
                    conditions.add(c.deepCopy());
                }
            });
            status.set("conditions", conditions);
        } else if (oldStatus.has("certificate")) {
            status.set("certificate", oldStatus.get("certificate").deepCopy());
        } else {
            status.remove("certificate");
        }
        populateConditionTimestamps(status, oldStatus.path("conditions"));
        if (status.path("conditions").isEmpty()) {
            status.remove("conditions");
        }
        csr.set("status", status);
    }

    // strategy.go populateConditionTimestamps: lastUpdateTime now when unset; lastTransitionTime kept from a stored
    // condition of the same type and status, else now.
    private void populateConditionTimestamps(ObjectNode status, JsonNode oldConditions) {
        String now = clock.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode node : status.path("conditions")) {
            if (!(node instanceof ObjectNode c)) {
                continue;
            }
            if (c.path("lastUpdateTime").asString("").isEmpty()) {
                c.put("lastUpdateTime", now);
            }
            if (c.path("lastTransitionTime").asString("").isEmpty()) {
                String kept = now;
                for (JsonNode o : oldConditions) {
                    if (o.path("type").equals(c.path("type")) && o.path("status").equals(c.path("status"))
                            && !o.path("lastTransitionTime").asString("").isEmpty()) {
                        kept = o.path("lastTransitionTime").asString();
                    }
                }
                c.put("lastTransitionTime", kept);
            }
        }
    }

    private static boolean isApproval(JsonNode condition) {
        String type = condition.path("type").asString("");
        return type.equals("Approved") || type.equals("Denied");
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode csr, ObjectNode old) {
        return CsrValidation.validateUpdate(csr, old, path);
    }
}
