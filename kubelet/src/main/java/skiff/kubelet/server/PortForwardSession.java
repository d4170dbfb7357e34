package skiff.kubelet.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded connection to a pod's port over an accepted WebSocket, in the kubelet's port-forward WebSocket
 * protocol (k/k 1.32 pkg/kubelet/cri/streaming/portforward/websocket.go, one port): channel 0 carries the data, channel
 * 1 the error text, and the first message on each channel is the port as two little-endian bytes. A client's
 * {@code [255, 0]} (the v5 close channel naming the data channel) ends what it sends, which half-closes the pod's
 * connection. The session ends when the pod's side of the connection ends, or the WebSocket closes.
 */
final class PortForwardSession {
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardSession.class);
    static final int DATA = 0;
    static final int ERROR = 1;
    private static final int CLOSE = 255;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int MAX_QUEUED = 16;
    private static final byte[] END = new byte[0];

    /** The pod, for messages, and where its port is reached. */
    record Target(String pod, String uid, String address, int port) {}

    private final ServerWebSocket socket;
    private final Target target;
    private final BlockingQueue<byte[]> toPod = new LinkedBlockingQueue<>();
    private final Semaphore drained = new Semaphore(0);

    PortForwardSession(ServerWebSocket socket, Target target) {
        this.socket = socket;
        this.target = target;
    }

    /** Connects and relays until either side ends, on the calling (virtual) thread. */
    void run() {
        Thread worker = Thread.currentThread();
        socket.binaryMessageHandler(this::received);
        socket.closeHandler(v -> {
            toPod.add(END);
            worker.interrupt();
        });
        socket.drainHandler(v -> drained.release());
        byte[] port = {(byte) (target.port() & 0xff), (byte) ((target.port() >> 8) & 0xff)};
        socket.writeBinaryMessage(Buffer.buffer(new byte[] {DATA, port[0], port[1]}));
        socket.writeBinaryMessage(Buffer.buffer(new byte[] {ERROR, port[0], port[1]}));
        socket.resume();
        try (Socket pod = new Socket()) {
            pod.connect(new InetSocketAddress(target.address(), target.port()), CONNECT_TIMEOUT_MS);
            Thread writer = Thread.ofVirtual().start(() -> writeToPod(pod));
            copyFromPod(pod.getInputStream());
            writer.interrupt();
        } catch (IOException e) {
            // k/k kubelet portforward: the error stream says which port of which pod could not be reached.
            String message = "error forwarding port " + target.port() + " to pod " + target.pod() + ", uid "
                    + target.uid() + ": " + e.getMessage();
            LOG.info("{}", message);
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[text.length + 1];
            frame[0] = ERROR;
            System.arraycopy(text, 0, frame, 1, text.length);
            if (!socket.isClosed()) {
                socket.writeBinaryMessage(Buffer.buffer(frame));
            }
        } catch (InterruptedException e) {
            // The WebSocket closed.
        } finally {
            if (!socket.isClosed()) {
                socket.close((short) 1000);
            }
        }
    }

    private void received(Buffer message) {
        byte[] bytes = message.getBytes();
        if (bytes.length == 0) {
            return;
        }
        int channel = bytes[0] & 0xff;
        if (channel == DATA && bytes.length > 1) {
            toPod.add(Arrays.copyOfRange(bytes, 1, bytes.length));
            if (toPod.size() > MAX_QUEUED) {
                socket.pause();
            }
        } else if (channel == CLOSE && bytes.length > 1 && (bytes[1] & 0xff) == DATA) {
            toPod.add(END);
        }
    }

    private void writeToPod(Socket pod) {
        try {
            OutputStream out = pod.getOutputStream();
            while (true) {
                byte[] chunk = toPod.take();
                if (toPod.size() <= MAX_QUEUED / 2) {
                    socket.resume();
                }
                if (chunk == END) {
                    pod.shutdownOutput();
                    return;
                }
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("port-forward to pod {} port {}: writing ended: {}", target.pod(), target.port(),
                    e.getMessage());
        } catch (InterruptedException e) {
            // The session ended.
        }
    }

    private void copyFromPod(InputStream in) throws IOException, InterruptedException {
        byte[] buffer = new byte[32 * 1024];
        for (int n = in.read(buffer); n >= 0 && !socket.isClosed(); n = in.read(buffer)) {
            byte[] frame = new byte[n + 1];
            frame[0] = DATA;
            System.arraycopy(buffer, 0, frame, 1, n);
            socket.writeBinaryMessage(Buffer.buffer(frame));
            if (socket.writeQueueFull()) {
                drained.drainPermits();
                if (socket.writeQueueFull()) {
                    drained.acquire();
                }
            }
        }
    }
}
