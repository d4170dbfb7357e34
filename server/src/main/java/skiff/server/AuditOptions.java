package skiff.server;

import java.nio.file.Path;
import skiff.api.time.Clock;
import skiff.apiserver.audit.AuditLogFile;
import skiff.apiserver.audit.AuditPolicy;
import skiff.apiserver.audit.Auditor;

/**
 * kube-apiserver's audit log flags (k/k apiserver pkg/server/options/audit.go, 1.32): requests are audited only
 * with both a log path and a policy file; the log rotates past {@code maxSize} megabytes, keeping {@code maxBackup}
 * old files for {@code maxAge} days (0: lumberjack's 100 MB, every file, any age).
 */
public record AuditOptions(Path logPath, Path policyFile, int maxAge, int maxBackup, int maxSize) {
    public static final AuditOptions NONE = new AuditOptions(null, null, 0, 0, 0);

    /** The auditor these options describe; the policy file is read now, and a bad one refused. */
    Auditor auditor(Clock clock) {
        if (logPath == null || policyFile == null) {
            return Auditor.disabled();
        }
        AuditPolicy policy = AuditPolicy.read(policyFile);
        return new Auditor(policy, new AuditLogFile(logPath, maxSize, maxBackup, maxAge, clock), clock);
    }
}
