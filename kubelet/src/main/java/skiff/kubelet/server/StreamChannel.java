package skiff.kubelet.server;

import java.util.Arrays;

/**
 * The channels of the {@code v5.channel.k8s.io} WebSocket protocol (k/k
 * staging/src/k8s.io/apimachinery/pkg/util/remotecommand/constants.go, and the websocket channel framing of
 * apiserver pkg/util/wsstream/conn.go): every binary message is one channel byte followed by that stream's bytes.
 * Version 5 adds the close channel, on which the client names a stream it has finished writing (stdin).
 */
public enum StreamChannel {
    STDIN(0), STDOUT(1), STDERR(2), ERROR(3), RESIZE(4), CLOSE(255);

    public static final String PROTOCOL_V5 = "v5.channel.k8s.io";

    private final int id;

    StreamChannel(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** One message carrying {@code payload} on this channel. */
    public byte[] frame(byte[] payload, int offset, int length) {
        byte[] message = new byte[length + 1];
        message[0] = (byte) id;
        System.arraycopy(payload, offset, message, 1, length);
        return message;
    }

    public byte[] frame(byte[] payload) {
        return frame(payload, 0, payload.length);
    }

    /** A received message's channel and payload; an empty message is none. */
    public record Message(StreamChannel channel, byte[] payload) {}

    public static java.util.Optional<Message> parse(byte[] message) {
        if (message.length == 0) {
            return java.util.Optional.empty();
        }
        int id = message[0] & 0xff;
        for (StreamChannel c : values()) {
            if (c.id == id) {
                return java.util.Optional.of(new Message(c, Arrays.copyOfRange(message, 1, message.length)));
            }
        }
        return java.util.Optional.empty();
    }
}
