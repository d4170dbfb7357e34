package skiff.kubelet.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ExecStreams;
import skiff.kubelet.runtime.TerminalSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code kubectl exec} or {@code kubectl attach} over an accepted {@code v5.channel.k8s.io} WebSocket (k/k
 * pkg/kubelet/cri/streaming/remotecommand/websocket.go, exec.go and attach.go): stdin from channel 0 until the close
 * channel names it, stdout and stderr on channels 1 and 2, terminal sizes from channel 4, and at the end exactly one
 * Status on channel 3 (Success, or NonZeroExitCode with the exit code as its ExitCode cause) before a normal close.
 */
final class ExecSession {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);

    /** What was asked: the command (none for an attach) and which streams the client attached. */
    record Request(String containerId, List<String> command, boolean stdin, boolean stdout, boolean stderr,
            boolean tty) {}

    /** What the session runs with its streams: an exec's command, or an attach (exit code 0). */
    @FunctionalInterface
    interface Call {
        int run(ExecStreams streams) throws InterruptedException;
    }

    private final ServerWebSocket socket;
    private final Call call;
    private final Request request;
    private final ChannelInputStream stdin = new ChannelInputStream();
    private final BlockingQueue<TerminalSize> resize = new LinkedBlockingQueue<>();

    private ExecSession(ServerWebSocket socket, Request request, Call call) {
        this.socket = socket;
        this.request = request;
        this.call = call;
    }

    /** Runs the request's command in its container. */
    static ExecSession exec(ServerWebSocket socket, ContainerRuntime runtime, Request request) {
        return new ExecSession(socket, request, streams -> runtime.execStreaming(request.containerId(),
                request.command(), streams));
    }

    /** Attaches to the request's container. */
    static ExecSession attach(ServerWebSocket socket, ContainerRuntime runtime, Request request) {
        return new ExecSession(socket, request, streams -> {
            runtime.attach(request.containerId(), streams);
            return 0;
        });
    }

    /** Runs the command to its end on the calling (virtual) thread. */
    void run() {
        Thread worker = Thread.currentThread();
        socket.binaryMessageHandler(this::received);
        socket.closeHandler(v -> {
            stdin.end();
            worker.interrupt();
        });
        socket.resume();
        ExecStreams streams = new ExecStreams(request.stdin() ? stdin : null,
                request.stdout() ? new ChannelOutputStream(StreamChannel.STDOUT) : null,
                request.stderr() && !request.tty() ? new ChannelOutputStream(StreamChannel.STDERR) : null,
                request.tty(), resize);
        ObjectNode status;
        try {
            int code = call.run(streams);
            status = code == 0 ? success() : nonZeroExit(code);
        } catch (InterruptedException e) {
            LOG.debug("streaming client went away container={}", request.containerId());
            return;
        } catch (RuntimeException e) {
            status = internalError(e.getMessage());
        }
        if (!socket.isClosed()) {
            socket.writeBinaryMessage(Buffer.buffer(StreamChannel.ERROR.frame(Json.bytes(status))));
            socket.close((short) 1000);
        }
    }

    private void received(Buffer message) {
        StreamChannel.parse(message.getBytes()).ifPresent(m -> {
            switch (m.channel()) {
                case STDIN -> stdin.offer(m.payload());
                case RESIZE -> size(m.payload());
                case CLOSE -> {
                    if (m.payload().length > 0 && m.payload()[0] == StreamChannel.STDIN.id()) {
                        stdin.end();
                    }
                }
                default -> { }
            }
        });
    }

    private void size(byte[] json) {
        try {
            JsonNode node = Json.parse(json);
            resize.add(new TerminalSize(node.path("Width").asInt(), node.path("Height").asInt()));
        } catch (RuntimeException e) {
            LOG.debug("ignoring a malformed resize message");
        }
    }

    static ObjectNode success() {
        ObjectNode status = Json.object();
        status.putObject("metadata");
        status.put("status", "Success");
        return status;
    }

    // k/k pkg/kubelet/cri/streaming/remotecommand/exec.go ServeExec: a non-zero exit is a Failure with reason
    // NonZeroExitCode and the code as the message of an ExitCode cause, which kubectl turns into its own exit code.
    static ObjectNode nonZeroExit(int code) {
        ObjectNode status = Json.object();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", "command terminated with non-zero exit code: error executing command, exit code "
                + code);
        status.put("reason", "NonZeroExitCode");
        ObjectNode cause = status.putObject("details").putArray("causes").addObject();
        cause.put("reason", "ExitCode");
        cause.put("message", Integer.toString(code));
        return status;
    }

    static ObjectNode internalError(String message) {
        ObjectNode status = Json.object();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", "Internal error occurred: " + message);
        status.put("reason", "InternalError");
        status.put("code", 500);
        return status;
    }

    /** Output written as messages on one channel, waiting while the socket's write queue is full. */
    private final class ChannelOutputStream extends OutputStream {
        private final StreamChannel channel;

        ChannelOutputStream(StreamChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (socket.isClosed()) {
                throw new IOException("the exec client went away");
            }
            socket.writeBinaryMessage(Buffer.buffer(channel.frame(b, off, len)));
        }
    }
}
