package skiff.apiserver.http;

/** Where a watch's events go, one encoded event per {@link #write}: a streamed HTTP body or a WebSocket. */
interface WatchStream {

    /** Commits to answering with a stream; an error after this can only end the stream. */
    void startStream();

    /** Writes one event, waiting while the client is slow. Returns false once the client left. */
    boolean write(byte[] event) throws InterruptedException;

    boolean isClosed();

    void endStream();
}
