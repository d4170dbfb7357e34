package skiff.apiserver.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import skiff.api.json.Json;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authn.Credentials;
import skiff.apiserver.protobuf.ProtobufBodies;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/** One HTTP request with its fully read body, and the ways to answer it. Used from a virtual thread. */
final class Exchange implements RequestParameters, WatchStream {
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final byte[] body;
    private final Context loop;
    private volatile boolean closed;
    private volatile Runnable onClose = () -> {};
    private final Semaphore drained = new Semaphore(0);
    private final QueryParameters query;
    private volatile UserInfo user;
    private volatile byte[] sent;
    private volatile String sentType = "";
    private volatile Runnable onStarted = () -> {};
    private volatile BiConsumer<String, String> auditAnnotations = (key, value) -> {};

    /** {@code loop}: the event-loop context the request arrived on. */
    Exchange(HttpServerRequest request, byte[] body, Context loop) {
        this.request = request;
        this.response = request.response();
        this.body = body;
        this.loop = loop;
        this.query = QueryParameters.parse(request.query());
        response.closeHandler(v -> {
            closed = true;
            drained.release();
            onClose.run();
        });
        response.drainHandler(v -> drained.release());
    }

    /** The request's method: for an upgrade presented to Vert.x as a GET, the one it came with. */
    String method() {
        String original = request.version() == HttpVersion.HTTP_2 ? null
                : request.getHeader(SpdyUpgradeMethod.ORIGINAL_METHOD);
        return original != null ? original : request.method().name();
    }

    String path() {
        return request.path();
    }

    /** The request's URI: its path and query as sent. */
    String uri() {
        return request.uri();
    }

    /** The client's address, after any the X-Forwarded-For header names (k/k utilnet.SourceIPs). */
    List<String> sourceIps() {
        List<String> ips = new java.util.ArrayList<>();
        for (String forwarded : request.headers().getAll("X-Forwarded-For")) {
            for (String ip : forwarded.split(",")) {
                if (!ip.isBlank()) {
                    ips.add(ip.strip());
                }
            }
        }
        if (request.remoteAddress() != null) {
            String remote = request.remoteAddress().hostAddress();
            if (!ips.contains(remote)) {
                ips.add(remote);
            }
        }
        return ips;
    }

    /** Runs {@code action} when a streamed answer (a watch, a proxied stream) starts. */
    void onResponseStarted(Runnable action) {
        this.onStarted = action;
    }

    /** Sends the audit annotations admission adds to {@code sink} (the request's audit record, when audited). */
    void auditAnnotationsTo(BiConsumer<String, String> sink) {
        this.auditAnnotations = sink;
    }

    /** Adds an annotation to the request's audit events, if it is audited. */
    void auditAnnotation(String key, String value) {
        auditAnnotations.accept(key, value);
    }

    /** The body of the answer sent whole, if any, and its media type. */
    byte[] sentBody() {
        return sent;
    }

    String sentType() {
        return sentType;
    }

    /** The query string as sent, without the '?' ("" for none). */
    String rawQuery() {
        String q = request.query();
        return q == null ? "" : q;
    }

    /** What the request presents to authenticate: its Authorization header and its TLS client certificates. */
    Credentials credentials() {
        return new Credentials(request.getHeader("Authorization"),
                PeerCertificates.of(request.connection()::peerCertificates));
    }

    /** Who the request acts as, once authenticated and impersonation applied; set before it is routed. */
    UserInfo user() {
        return user;
    }

    void authenticatedAs(UserInfo user) {
        this.user = user;
    }

    /** The Impersonate-* headers, by lower-case name, each with its values one per header line. */
    Map<String, List<String>> impersonationHeaders() {
        return ImpersonationHeaders.of(request.headers());
    }

    @Override
    public String param(String name) {
        return query.first(name);
    }

    @Override
    public List<String> params(String name) {
        return query.all(name);
    }

    @Override
    public String header(String name) {
        String v = request.getHeader(name);
        return v == null ? "" : v;
    }

    /** Every value of a header that may be repeated, each possibly a comma-separated list. */
    List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    /**
     * Answers 101 Switching Protocols with {@code headers} and hands over the connection, paused until its reader is
     * in place. An upgrade that came as a POST reaches here as a GET ({@link SpdyUpgradeMethod}), which Vert.x's
     * {@code toNetSocket()} takes over: it writes the 101 and takes the HTTP codec off the pipeline.
     */
    NetSocket upgrade(Map<String, String> headers) throws InterruptedException {
        headers.forEach(response::putHeader);
        // Handed over and paused on the connection's event loop, in one task: the client's first frames, which
        // follow the 101 at once, cannot be read before the socket is paused and are held for its handler.
        CompletableFuture<NetSocket> handedOver = new CompletableFuture<>();
        loop.runOnContext(v -> request.toNetSocket()
                .onSuccess(s -> handedOver.complete(s.pause()))
                .onFailure(handedOver::completeExceptionally));
        try {
            return handedOver.get();
        } catch (ExecutionException e) {
            throw StatusException.internal("cannot upgrade the connection: " + e.getCause().getMessage());
        }
    }

    String contentType() {
        String ct = header("Content-Type");
        int semi = ct.indexOf(';');
        return (semi >= 0 ? ct.substring(0, semi) : ct).trim().toLowerCase(java.util.Locale.ROOT);
    }

    byte[] body() {
        return body;
    }

    /** The body of a create, update or delete as a JSON tree; YAML and protobuf bodies are accepted too. */
    JsonNode bodyTree() {
        if (body.length == 0) {
            throw StatusException.badRequest("the body of the request was in an unknown format - accepted media types "
                    + "include: application/json, application/yaml");
        }
        String ct = contentType();
        // k/k apiserver endpoints/handlers/negotiation NegotiateInputSerializerForMediaType: no Content-Type is JSON,
        // the first of the serializers; a type none of them takes is refused.
        if (!ct.isEmpty() && !ct.equals(JSON) && !ct.equals(YAML) && !ct.equals(ProtobufBodies.MEDIA_TYPE)) {
            throw StatusException.unsupportedMediaType("the body of the request was in an unknown format - accepted "
                    + "media types include: " + JSON + ", " + YAML + ", " + ProtobufBodies.MEDIA_TYPE);
        }
        return ct.equals(ProtobufBodies.MEDIA_TYPE) ? ProtobufBodies.decode(body) : tree(ct.equals(YAML));
    }

    /** The body of a patch, whose media type the caller has checked: YAML for an apply patch, else JSON. */
    JsonNode patchTree(boolean yaml) {
        if (body.length == 0) {
            throw StatusException.badRequest("the body of the request was in an unknown format - accepted media types "
                    + "include: application/json, application/yaml");
        }
        return tree(yaml);
    }

    private JsonNode tree(boolean yaml) {
        try {
            return yaml ? Json.parseYaml(body) : Json.parse(body);
        } catch (RuntimeException e) {
            throw StatusException.badRequest("the object provided is unrecognized: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Adds an RFC 7234 Warning header, as Kubernetes' warning recorder does (code 299, agent "-"); like it, drops a
     * text that no header could carry.
     */
    // k/k apimachinery pkg/util/net/http.go NewWarningHeader (1.32): text with a control character or invalid UTF-8
    // is refused, and the recorder (apiserver endpoints/filters/warning.go) then records nothing.
    void warning(String text) {
        boolean unfit = text.codePoints().anyMatch(cp -> Character.isISOControl(cp)
                || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
        if (text.isEmpty() || unfit) {
            return;
        }
        String quoted = "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        // Header values go out one byte per char: the UTF-8 bytes of the text, as Go writes them.
        response.headers().add("Warning", new String(quoted.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1));
    }

    /** A JSON answer ending with a newline, as the json.Encoder of kube-apiserver's serializer writes it. */
    void sendJson(int code, JsonNode node) {
        byte[] json = Json.bytes(node);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        send(code, "application/json", line);
    }

    void send(int code, String contentType, byte[] bytes) {
        sendCacheable(code, contentType, bytes, "no-cache, private");
    }

    /** Sets a header of the answer still to be sent. */
    void responseHeader(String name, String value) {
        response.putHeader(name, value);
    }

    /** An answer with the given Cache-Control. */
    void sendCacheable(int code, String contentType, byte[] bytes, String cacheControl) {
        if (closed) {
            return;
        }
        response.setStatusCode(code);
        response.putHeader("Content-Type", contentType);
        response.putHeader("Cache-Control", cacheControl);
        sent = bytes;
        sentType = contentType;
        response.end(Buffer.buffer(bytes));
    }

    /** The status code of the answer (200 until another is set). */
    int statusCode() {
        return response.getStatusCode();
    }

    void sendText(int code, String text) {
        send(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void sendStatus(StatusException e) {
        sendJson(e.code(), e.status());
    }

    /** Starts a streamed JSON answer (chunked on HTTP/1.1). */
    @Override
    public void startStream() {
        response.setStatusCode(200);
        response.putHeader("Content-Type", "application/json");
        response.putHeader("Cache-Control", "no-cache, private");
        response.setChunked(true);
        response.writeHead();
        onStarted.run();
    }

    /** Writes one chunk, waiting while the connection's write queue is full. Returns false once the client left. */
    @Override
    public boolean write(byte[] chunk) throws InterruptedException {
        if (closed) {
            return false;
        }
        response.write(Buffer.buffer(chunk));
        while (!closed && response.writeQueueFull()) {
            drained.tryAcquire(1, TimeUnit.SECONDS);
        }
        return !closed;
    }

    /**
     * Answers 200 with a body streamed from another server's response (a kubelet's), chunked, until it ends; if the
     * client leaves first, that other connection is closed too. Returns when the copy is over.
     */
    void proxy(HttpClientResponse source, String contentType) throws InterruptedException {
        proxy(source, 200, contentType);
    }

    /** Like {@link #proxy(HttpClientResponse, String)}, answering with {@code code}. */
    void proxy(HttpClientResponse source, int code, String contentType) throws InterruptedException {
        response.setStatusCode(code);
        response.putHeader("Content-Type", contentType);
        response.putHeader("Cache-Control", "no-cache, private");
        response.setChunked(true);
        onStarted.run();
        onClose = () -> source.request().connection().close();
        if (closed) {
            onClose.run();
            return;
        }
        try {
            source.pipeTo(response).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            onClose.run();
        }
    }

    @Override
    public void endStream() {
        if (!closed) {
            response.end();
        }
    }
}
