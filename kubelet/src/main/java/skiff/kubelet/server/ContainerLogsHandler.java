package skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.kubelet.logs.ContainerLogReader;
import skiff.kubelet.logs.LogOptions;
import skiff.kubelet.logs.LogSink;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.RuntimeContainer;

/**
 * {@code GET /containerLogs/NS/POD/CONTAINER} (k/k pkg/kubelet/server/server.go getContainerLogs): picks the attempt
 * from the container's status, then streams its CRI log as plain text; a refusal is a 400 whose body is the message,
 * which the API server hands on as a BadRequest. Runs on a virtual thread.
 */
final class ContainerLogsHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogsHandler.class);

    private final ContainerRuntime runtime;
    private final BiFunction<String, String, Optional<Pod>> pods;
    private final ContainerLogReader reader;
    private final Clock clock;

    ContainerLogsHandler(ContainerRuntime runtime, BiFunction<String, String, Optional<Pod>> pods, Clock clock) {
        this.runtime = runtime;
        this.pods = pods;
        this.reader = new ContainerLogReader(clock);
        this.clock = clock;
    }

    void serve(HttpServerRequest request, String namespace, String podName, String container) {
        HttpServerResponse response = request.response();
        LogOptions options;
        try {
            options = options(request);
        } catch (IllegalArgumentException e) {
            response.setStatusCode(400).end(e.getMessage());
            return;
        }
        Optional<Pod> pod = pods.apply(namespace, podName);
        if (pod.isEmpty()) {
            response.setStatusCode(404).end("pod \"" + podName + "\" not found");
            return;
        }
        LogContainerChoice.Choice choice = LogContainerChoice.choose(pod.get(), container, options.previous());
        if (choice instanceof LogContainerChoice.Refused refused) {
            response.setStatusCode(400).end(refused.message());
            return;
        }
        String id = ((LogContainerChoice.Attempt) choice).containerId();
        Optional<Path> log = runtime.logPath(id);
        if (log.isEmpty()) {
            response.setStatusCode(400).end("container \"" + container + "\" in pod \"" + podName
                    + "\" is not available");
            return;
        }
        String uid = pod.get().getMetadata().getUid();
        response.setStatusCode(200).putHeader("Content-Type", "text/plain").setChunked(true);
        ResponseSink sink = new ResponseSink(response);
        try {
            reader.read(log.get(), options, () -> running(uid, id), sink);
        } catch (IOException e) {
            LOG.warn("cannot read log container={} file={}", container, log.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!sink.isClosed()) {
            response.end();
        }
    }

    private boolean running(String podUid, String containerId) {
        return runtime.podStatus(podUid).containers().stream()
                .anyMatch(c -> c.id().equals(containerId) && c.running());
    }

    private LogOptions options(HttpServerRequest request) {
        Instant since = null;
        String sinceTime = request.getParam("sinceTime");
        String sinceSeconds = request.getParam("sinceSeconds");
        if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                since = Instant.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid sinceTime: " + sinceTime);
            }
        } else if (sinceSeconds != null && !sinceSeconds.isEmpty()) {
            since = clock.now().minusSeconds(number(sinceSeconds, "sinceSeconds"));
        }
        return new LogOptions(flag(request, "follow"), flag(request, "previous"), flag(request, "timestamps"), since,
                optional(request, "tailLines"), optional(request, "limitBytes"));
    }

    private static boolean flag(HttpServerRequest request, String name) {
        String v = request.getParam(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static OptionalLong optional(HttpServerRequest request, String name) {
        String v = request.getParam(name);
        return v == null || v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(number(v, name));
    }

    private static long number(String v, String name) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + name + ": " + v);
        }
    }

    /** The response body as a log sink, with the connection's back-pressure. */
    private static final class ResponseSink implements LogSink {
        private final HttpServerResponse response;
        private final Semaphore drained = new Semaphore(0);
        private volatile boolean closed;

        ResponseSink(HttpServerResponse response) {
            this.response = response;
            response.closeHandler(v -> {
                closed = true;
                drained.release();
            });
            response.drainHandler(v -> drained.release());
        }

        @Override
        public boolean write(byte[] bytes) throws InterruptedException {
            if (closed) {
                return false;
            }
            response.write(Buffer.buffer(bytes));
            while (!closed && response.writeQueueFull()) {
                drained.tryAcquire(1, TimeUnit.SECONDS);
            }
            return !closed;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }
}
