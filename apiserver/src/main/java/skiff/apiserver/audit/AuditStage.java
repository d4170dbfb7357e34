package skiff.apiserver.audit;

import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** When an audit event is written (k/k apiserver pkg/apis/audit/v1 Stage, 1.32). */
public enum AuditStage {
    RequestReceived,
    ResponseStarted,
    ResponseComplete,
    Panic;

    static Set<AuditStage> parseAll(JsonNode list) {
        Set<AuditStage> out = EnumSet.noneOf(AuditStage.class);
        for (JsonNode s : list) {
            try {
                out.add(valueOf(s.asString("")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown audit stage \"" + s.asString("") + "\"", e);
            }
        }
        return Set.copyOf(out);
    }
}
