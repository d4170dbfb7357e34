package skiff.apiserver.spdy;

/** The kubelet's end of an exec: its channel protocol WebSocket, as the SPDY side needs it. */
interface KubeletChannels {
    /** Sends one channel message (channel byte, then payload). */
    void send(byte[] message);

    void close();
}
