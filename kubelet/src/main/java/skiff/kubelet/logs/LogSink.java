package skiff.kubelet.logs;

/** Where served log bytes go: a response body, flushed as it is written. */
public interface LogSink {

    /** Writes bytes; false once the reader went away. */
    boolean write(byte[] bytes) throws InterruptedException;

    boolean isClosed();
}
