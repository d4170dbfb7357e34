package skiff.kubelet.prober;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import skiff.kubelet.lifecycle.HandlerResult;

/**
 * The gRPC health checking protocol client of grpc probes: one unary {@code grpc.health.v1.Health/Check} over
 * HTTP/2 cleartext with prior knowledge, with Kubernetes' outcomes and messages (k/k pkg/probe/grpc/grpc.go).
 * The request and response are one-field protobuf messages, encoded here by hand: the only dependency is the
 * Vert.x HTTP client the kubelet already has through fabric8.
 */
public final class GrpcHealthProber implements AutoCloseable {
    private static final String USER_AGENT = "kube-probe/1.32";
    private static final String CHECK_PATH = "/grpc.health.v1.Health/Check";
    private static final long CONNECT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    // grpc.health.v1.HealthCheckResponse.ServingStatus, by number.
    private static final String[] SERVING_STATUS = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
    // google.golang.org/grpc/codes, by number, as grpc-go prints them.
    private static final String[] CODES = {"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
        "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
        "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"};
    private static final int DEADLINE_EXCEEDED = 4;
    private static final int UNIMPLEMENTED = 12;

    private record Reply(HttpClientResponse response, Buffer body) {}

    private Vertx vertx;
    private HttpClient client;
    private boolean closed;

    /** Checks {@code service} ("" is the whole server) at host:port within {@code timeout}. */
    public HandlerResult check(String host, int port, String service, Duration timeout) {
        HttpClient http;
        try {
            http = client();
        } catch (IllegalStateException e) {
            return new HandlerResult(HandlerResult.Outcome.UNKNOWN, "the prober is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String addr = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String within = timeout.toSeconds() + "s";
        try {
            HttpClientRequest request = connect(http, host, port, deadline);
            if (request == null) {
                // grpc-go dials with WithBlock: a refused connection is retried until the probe's deadline.
                return HandlerResult.failure("timeout: failed to connect service \"" + addr + "\" within " + within
                        + ": context deadline exceeded");
            }
            request.putHeader("content-type", "application/grpc").putHeader("te", "trailers")
                    .putHeader("user-agent", USER_AGENT)
                    .putHeader("grpc-timeout", Math.max(1, remainingMillis(deadline)) + "m");
            try {
                // The body is read in the response's own callback, before any of it can arrive unhandled.
                Reply reply = await(request.send(frame(service))
                        .compose(response -> response.body().map(body -> new Reply(response, body))), deadline);
                return outcome(reply.response(), reply.body(), within);
            } catch (TimeoutException e) {
                request.reset();
                return HandlerResult.failure("timeout: health rpc did not complete within " + within);
            } catch (ExecutionException e) {
                return HandlerResult.failure("error: health rpc probe failed: rpc error: code = Unavailable desc = "
                        + e.getCause().getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HandlerResult(HandlerResult.Outcome.UNKNOWN, "interrupted");
        }
    }

    private HttpClientRequest connect(HttpClient http, String host, int port, long deadline)
            throws InterruptedException {
        while (remainingMillis(deadline) > 0) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                    .setURI(CHECK_PATH).setConnectTimeout(remainingMillis(deadline));
            try {
                return await(http.request(options), deadline);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                long pause = Math.min(CONNECT_RETRY_NANOS, deadline - System.nanoTime());
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
            }
        }
        return null;
    }

    private static HandlerResult outcome(HttpClientResponse response, Buffer body, String within) {
        MultiMap trailers = response.trailers();
        // A "trailers-only" response carries the status in its headers.
        String status = trailers.get("grpc-status") != null ? trailers.get("grpc-status")
                : response.getHeader("grpc-status");
        String message = trailers.get("grpc-status") != null ? trailers.get("grpc-message")
                : response.getHeader("grpc-message");
        int code;
        if (response.statusCode() != 200) {
            code = codeOfHttpStatus(response.statusCode());
            message = "unexpected HTTP status code received from server: " + response.statusCode() + " ("
                    + response.statusMessage() + ")";
        } else if (status == null) {
            code = 13;
            message = "server closed the stream without sending trailers";
        } else {
            code = parseCode(status);
            message = message == null ? "" : URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        if (code == UNIMPLEMENTED) {
            return HandlerResult.failure(
                    "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): "
                            + message);
        }
        if (code == DEADLINE_EXCEEDED) {
            return HandlerResult.failure("timeout: health rpc did not complete within " + within);
        }
        if (code != 0) {
            return HandlerResult.failure("error: health rpc probe failed: rpc error: code = " + codeName(code)
                    + " desc = " + message);
        }
        int serving = servingStatus(body);
        if (serving != 1) {
            String name = serving >= 0 && serving < SERVING_STATUS.length ? SERVING_STATUS[serving]
                    : Integer.toString(serving);
            return HandlerResult.failure("service unhealthy (responded with \"" + name + "\")");
        }
        return HandlerResult.success("service healthy");
    }

    // A length-prefixed message (no compression) holding HealthCheckRequest{service = 1}.
    static Buffer frame(String service) {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        Buffer message = Buffer.buffer();
        if (name.length > 0) {
            message.appendByte((byte) 0x0a);
            appendVarint(message, name.length);
            message.appendBytes(name);
        }
        return Buffer.buffer().appendByte((byte) 0).appendInt(message.length()).appendBuffer(message);
    }

    // HealthCheckResponse{status = 1 (enum, varint)}; an absent field is 0 (UNKNOWN). Other fields are skipped.
    static int servingStatus(Buffer body) {
        if (body.length() < 5) {
            return 0;
        }
        int end = Math.min(body.length(), 5 + body.getInt(1));
        int[] pos = {5};
        int status = 0;
        while (pos[0] < end) {
            long tag = readVarint(body, pos);
            int wireType = (int) (tag & 7);
            long value = switch (wireType) {
                case 0 -> readVarint(body, pos);
                case 1 -> { pos[0] += 8; yield 0; }
                case 2 -> { long n = readVarint(body, pos); pos[0] += (int) n; yield 0; }
                case 5 -> { pos[0] += 4; yield 0; }
                default -> { pos[0] = end; yield 0; }
            };
            if (tag >>> 3 == 1 && wireType == 0) {
                status = (int) value;
            }
        }
        return status;
    }

    private static void appendVarint(Buffer out, int value) {
        while ((value & ~0x7f) != 0) {
            out.appendByte((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.appendByte((byte) value);
    }

    private static long readVarint(Buffer in, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64 && pos[0] < in.length(); shift += 7) {
            byte b = in.getByte(pos[0]++);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                break;
            }
        }
        return value;
    }

    private static int parseCode(String status) {
        try {
            return Integer.parseInt(status.trim());
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private static String codeName(int code) {
        return code >= 0 && code < CODES.length ? CODES[code] : "Code(" + code + ")";
    }

    // grpc-go's mapping of a non-200 HTTP status to a gRPC code (internal/transport/http_util.go).
    private static int codeOfHttpStatus(int http) {
        return switch (http) {
            case 400 -> 13;
            case 401 -> 16;
            case 403 -> 7;
            case 404 -> 12;
            case 429, 502, 503, 504 -> 14;
            default -> 2;
        };
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static <T> T await(Future<T> future, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(deadline - System.nanoTime(),
                TimeUnit.NANOSECONDS);
    }

    private synchronized HttpClient client() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (client == null) {
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
            client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false));
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (vertx != null) {
            vertx.close();
        }
    }
}
