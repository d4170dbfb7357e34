package skiff.apiserver.spdy;

import java.util.Optional;

/**
 * The streams of an exec as SPDY names them (the {@code streamtype} header, k/k api/core/v1 StreamType*) and as the
 * channel protocol numbers them (the first byte of each WebSocket message, k/k apimachinery
 * util/remotecommand/constants.go and the v5 close channel 255).
 */
enum ExecChannel {
    STDIN(0, "stdin"),
    STDOUT(1, "stdout"),
    STDERR(2, "stderr"),
    ERROR(3, "error"),
    RESIZE(4, "resize");

    /** v5.channel.k8s.io: a message on this channel closes the channel named by its one-byte payload. */
    static final int CLOSE = 255;

    private final int id;
    private final String streamType;

    ExecChannel(int id, String streamType) {
        this.id = id;
        this.streamType = streamType;
    }

    int id() {
        return id;
    }

    static Optional<ExecChannel> forStreamType(String streamType) {
        for (ExecChannel channel : values()) {
            if (channel.streamType.equals(streamType)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }

    static Optional<ExecChannel> forId(int id) {
        for (ExecChannel channel : values()) {
            if (channel.id == id) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }

    /** The channel message carrying {@code payload} on this channel. */
    byte[] message(byte[] payload) {
        byte[] message = new byte[payload.length + 1];
        message[0] = (byte) id;
        System.arraycopy(payload, 0, message, 1, payload.length);
        return message;
    }

    /** The v5 message that closes this channel (a half-close: no more input on it). */
    byte[] closeMessage() {
        return new byte[] {(byte) CLOSE, (byte) id};
    }
}
