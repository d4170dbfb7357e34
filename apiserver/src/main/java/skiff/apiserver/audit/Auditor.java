package skiff.apiserver.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import skiff.api.time.Clock;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.RequestAttributes;

/**
 * Audits requests under a policy into a log file, as kube-apiserver's --audit-policy-file and --audit-log-path
 * (k/k apiserver pkg/endpoints/filters/audit.go, 1.32). Without both nothing is audited.
 */
public final class Auditor implements AutoCloseable {
    private static final Auditor DISABLED = new Auditor(null, null, null);
    private final AuditPolicy policy;
    private final AuditLogFile log;
    private final Clock clock;

    public Auditor(AuditPolicy policy, AuditLogFile log, Clock clock) {
        this.policy = policy;
        this.log = log;
        this.clock = clock;
    }

    public static Auditor disabled() {
        return DISABLED;
    }

    /** What is known of a request once its user is: who, from where, what. */
    public record Request(UserInfo user, UserInfo actingAs, RequestAttributes attributes, String requestUri,
            List<String> sourceIps, String userAgent, Instant received) {}

    /**
     * Starts auditing one request: writes its RequestReceived event unless the policy leaves it out; empty when the
     * policy's level for it is None.
     */
    public Optional<AuditRecord> start(Request request) {
        if (policy == null) {
            return Optional.empty();
        }
        AuditPolicy.Decision decision = policy.decide(request.actingAs(), request.attributes());
        if (decision.level() == AuditLevel.None) {
            return Optional.empty();
        }
        AuditRecord record = new AuditRecord(UUID.randomUUID().toString(), request, decision, log, clock);
        record.received();
        return Optional.of(record);
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
