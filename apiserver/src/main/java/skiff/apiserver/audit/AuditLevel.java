package skiff.apiserver.audit;

/** How much of a request is audited (k/k apiserver pkg/apis/audit/v1 Level, 1.32), least first. */
public enum AuditLevel {
    None,
    Metadata,
    Request,
    RequestResponse;

    public boolean atLeast(AuditLevel other) {
        return compareTo(other) >= 0;
    }
}
