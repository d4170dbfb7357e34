package skiff.store;

/** A read or watch asked for a revision that compaction has already removed. */
public final class CompactedException extends RuntimeException {
    private final long requestedRevision;
    private final long compactRevision;

    public CompactedException(long requestedRevision, long compactRevision) {
        super("required revision " + requestedRevision + " has been compacted (compacted up to " + compactRevision + ")");
        this.requestedRevision = requestedRevision;
        this.compactRevision = compactRevision;
    }

    public long requestedRevision() {
        return requestedRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }
}
