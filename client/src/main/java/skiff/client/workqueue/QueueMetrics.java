package skiff.client.workqueue;

/**
 * What a {@link RateLimitingQueue} reports as keys move through it (client-go util/workqueue metrics.go
 * queueMetrics): a key added while not already waiting, handed to a worker, done, and retried after a failure.
 */
public interface QueueMetrics {
    /** Reports nothing. */
    QueueMetrics NONE = new QueueMetrics() {
        @Override
        public void added(Object key) {}

        @Override
        public void taken(Object key) {}

        @Override
        public void done(Object key) {}

        @Override
        public void retried() {}
    };

    void added(Object key);

    void taken(Object key);

    void done(Object key);

    void retried();
}
