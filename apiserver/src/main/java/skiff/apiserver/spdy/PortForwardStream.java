package skiff.apiserver.spdy;

/** One forwarded connection to a pod's port, as the kubelet serves it. Calls may come from any thread. */
public interface PortForwardStream {
    /** Bytes for the pod's port. */
    void send(byte[] data);

    /** The client sends nothing more: the pod's connection is half-closed. */
    void closeWrite();

    /** Ends the connection. */
    void close();

    /** What the kubelet reports of the connection. */
    interface Events {
        void data(byte[] bytes);

        /** Why the port could not be forwarded (the kubelet's text). */
        void error(String message);

        /** The connection ended; nothing follows. */
        void closed();
    }

    /** Opens connections to one pod's ports. */
    @FunctionalInterface
    interface Dialer {
        PortForwardStream connect(int port, Events events);
    }
}
