package skiff.store.sqlite;

/**
 * The two revisions every part of the store consults: the newest one whose write is committed and visible, and
 * the one compaction has reached. The compact revision is raised before compaction deletes rows, so a reader that
 * checks it after its query knows whether the query could have missed a deleted row.
 */
final class StoreRevisions {
    private volatile long current;
    private volatile long compacted;

    StoreRevisions(long current, long compacted) {
        this.current = current;
        this.compacted = compacted;
    }

    long current() {
        return current;
    }

    long compacted() {
        return compacted;
    }

    void publishCurrent(long revision) {
        current = revision;
    }

    void publishCompacted(long revision) {
        compacted = revision;
    }
}
