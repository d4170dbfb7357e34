package skiff.image.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.image.Digest;
import skiff.image.ImageReference;
import skiff.image.ImageStore;
import skiff.image.Platform;
import skiff.image.registry.RegistryException.Kind;

/**
 * Pulls images from OCI distribution (v2) registries into an {@link ImageStore} (OCI distribution-spec v1.1 "Pull"):
 * the manifest by tag or digest (an index or Docker manifest list resolved to this node's platform), then the config
 * and layer blobs not yet stored, each verified against its digest as it is written, then the name.
 *
 * <p>Written on the JDK's {@code java.net.http.HttpClient}, without a library: the Maven packages this project can
 * use include no maintained Java OCI registry client (only Jib's Maven plugin); Jib's jib-core, the
 * closest on Maven Central, is an image builder that pulls base layers into its own cache on Google's HTTP client,
 * with no pull into another store; and the pull protocol is a handful of GETs.
 *
 * <p>Concurrent pulls of one image (same repository, same platform manifest) share one download: the second waits for
 * the first and then sets its own name. At most three blobs of a pull download at once, as containerd's
 * max_concurrent_downloads defaults to.
 */
public final class RegistryClient implements ImagePuller, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    private static final int CONCURRENT_BLOBS = 3;

    /** Timeouts: to connect, to the response headers of a request, and between two reads of a body. */
    public record Timeouts(Duration connect, Duration response, Duration stall) {
        public static Timeouts defaults() {
            return new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(60));
        }
    }

    private final ImageStore store;
    private final RegistryConfig config;
    private final Platform platform;
    private final Timeouts timeouts;
    private final RegistryTransport transport;
    private final Map<String, CompletableFuture<Long>> inFlight = new ConcurrentHashMap<>();
    /** Hosts that could have used plain HTTP but speak only TLS: later pulls go straight to HTTPS. */
    private final java.util.Set<String> tlsHosts = ConcurrentHashMap.newKeySet();

    public RegistryClient(ImageStore store, RegistryConfig config) throws IOException {
        this(store, config, Platform.host(), Timeouts.defaults());
    }

    /** @throws IOException when a CA file of the configuration cannot be read */
    public RegistryClient(ImageStore store, RegistryConfig config, Platform platform, Timeouts timeouts)
            throws IOException {
        this.store = store;
        this.config = config;
        this.platform = platform;
        this.timeouts = timeouts;
        this.transport = new RegistryTransport(config.allCaFiles(), timeouts.connect(), timeouts.response());
    }

    /**
     * Pulls {@code reference} and names it in the store.
     *
     * @param keyring credentials from the pod's pull secrets ({@link DockerConfigKeyring#empty()} for none); each
     *     matching one is tried in turn, then registries.yaml's for the endpoint
     * @throws RegistryException with its {@link Kind}: not found, unauthorized, digest mismatch, unavailable
     * @throws IOException when the store fails
     */
    @Override
    public PullResult pull(ImageReference reference, DockerConfigKeyring keyring) throws IOException {
        long start = System.nanoTime();
        RegistryException last = null;
        for (RegistryConfig.Endpoint endpoint : config.endpoints(reference.registry())) {
            try {
                if (endpoint.tlsFallback() && tlsHosts.contains(endpoint.base().getRawAuthority())) {
                    return pullFrom(endpoint.overTls(), reference, keyring, start);
                }
                try {
                    return pullFrom(endpoint, reference, keyring, start);
                } catch (RegistryException e) {
                    if (!endpoint.tlsFallback() || !e.mayBeTlsOnly()) {
                        throw e;
                    }
                }
                PullResult result = pullFrom(endpoint.overTls(), reference, keyring, start);
                tlsHosts.add(endpoint.base().getRawAuthority());
                return result;
            } catch (RegistryException e) {
                if (endpoint.mirror()) {
                    LOG.info("mirror {} failed for {}, trying the next endpoint: {}", endpoint.base(), reference,
                            e.getMessage());
                }
                last = e;
            }
        }
        throw last;
    }

    private PullResult pullFrom(RegistryConfig.Endpoint endpoint, ImageReference reference,
            DockerConfigKeyring keyring, long start) throws IOException {
        List<RegistryCredentials> credentials = new ArrayList<>();
        if (!endpoint.mirror()) {
            credentials.addAll(keyring.lookup(reference.name()));
        }
        config.credentials(endpoint.base()).ifPresent(credentials::add);
        RegistryTransport.Session session = transport.new Session(endpoint.base(),
                endpoint.repository(reference.repository()), credentials);
        Fetched top = fetchManifest(session, reference, reference.manifestReference(), null);
        Fetched image = top;
        Digest indexDigest = null;
        if (top.manifest().isIndex()) {
            Manifest.Descriptor chosen = choose(top)
                    .orElseThrow(() -> new RegistryException(Kind.NOT_FOUND, "no match for platform " + platform
                            + " in manifest " + top.digest() + ": not found"));
            image = fetchManifest(session, reference, chosen.digest().toString(), chosen.digest());
            if (image.manifest().isIndex()) {
                throw new RegistryException(Kind.INVALID, "manifest " + chosen.digest() + " of index "
                        + top.digest() + " is itself an index; nested indexes are not supported");
            }
            indexDigest = top.digest();
        }
        long downloaded = fetchBlobsOnce(session, reference, image);
        if (indexDigest != null) {
            store.putBlob(indexDigest, new ByteArrayInputStream(top.body()));
        }
        store.putBlob(image.digest(), new ByteArrayInputStream(image.body()));
        store.tag(reference, indexDigest != null ? indexDigest : image.digest());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("pulled {} ({}) from {}: {} bytes, {} downloaded, in {} ms", reference, image.digest(),
                session.where(), image.manifest().imageSize(), downloaded, took.toMillis());
        return new PullResult(reference, image.digest(), indexDigest, image.manifest().imageSize(), downloaded, took);
    }

    private Optional<Manifest.Descriptor> choose(Fetched index) {
        return platform.choose(index.manifest().manifests(),
                d -> d.os().isEmpty() ? null : new Platform(d.os(), d.architecture(), d.variant()));
    }

    /** A manifest's body as served, its digest and what it says. */
    private record Fetched(byte[] body, Digest digest, Manifest manifest) {}

    private Fetched fetchManifest(RegistryTransport.Session session, ImageReference reference, String ref,
            Digest expected) throws IOException {
        Digest wanted = expected != null ? expected : reference.digest();
        HttpResponse<InputStream> response = session.get("/manifests/" + ref, Manifest.ACCEPT);
        int status = response.statusCode();
        if (status != 200) {
            throw failure(response, "failed to resolve reference \"" + reference + "\": " + reference, session);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(Manifest.MAX_BYTES + 1);
        }
        if (body.length > Manifest.MAX_BYTES) {
            throw new RegistryException(Kind.INVALID, "manifest " + ref + " of " + reference + " is larger than "
                    + Manifest.MAX_BYTES + " bytes");
        }
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        Digest actual = hash(body, wanted != null ? wanted.algorithm() : "sha256");
        if (wanted != null && !actual.equals(wanted)) {
            throw new RegistryException(Kind.DIGEST_MISMATCH, "manifest " + ref + " of " + reference
                    + ": digest mismatch: content hashes to " + actual);
        }
        // distribution-spec "Pulling manifests": the header, when present, is the manifest's digest.
        if (header.isPresent()) {
            Digest announced;
            try {
                announced = Digest.parse(header.get().trim());
            } catch (IllegalArgumentException e) {
                throw new RegistryException(Kind.INVALID, "invalid Docker-Content-Digest " + header.get());
            }
            Digest check = hash(body, announced.algorithm());
            if (!check.equals(announced)) {
                throw new RegistryException(Kind.DIGEST_MISMATCH, "manifest " + ref + " of " + reference
                        + ": digest mismatch: Docker-Content-Digest says " + announced + ", content hashes to "
                        + check);
            }
        }
        try {
            return new Fetched(body, actual, Manifest.parse(body,
                    response.headers().firstValue("Content-Type").orElse("")));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Kind.INVALID, "manifest " + ref + " of " + reference + ": " + e.getMessage());
        }
    }

    /** The blobs of an image, downloaded once however many pulls of it run at the same moment. */
    private long fetchBlobsOnce(RegistryTransport.Session session, ImageReference reference, Fetched image)
            throws IOException {
        String key = reference.name() + "@" + image.digest();
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                running.get();
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a pull of " + key);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }
        try {
            long downloaded = fetchBlobs(session, image.manifest());
            mine.complete(downloaded);
            return downloaded;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private long fetchBlobs(RegistryTransport.Session session, Manifest manifest) throws IOException {
        List<Manifest.Descriptor> missing = manifest.blobs().stream().filter(d -> !store.hasBlob(d.digest()))
                .distinct().toList();
        Semaphore slots = new Semaphore(CONCURRENT_BLOBS);
        List<Future<Long>> downloads = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Manifest.Descriptor d : missing) {
                downloads.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return fetchBlob(session, d);
                    } finally {
                        slots.release();
                    }
                }));
            }
            long total = 0;
            IOException first = null;
            for (Future<Long> f : downloads) {
                try {
                    total += f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = rethrow(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    downloads.forEach(x -> x.cancel(true));
                    throw new InterruptedIOException("interrupted while pulling");
                }
            }
            if (first != null) {
                throw first;
            }
            return total;
        }
    }

    private long fetchBlob(RegistryTransport.Session session, Manifest.Descriptor d) throws IOException {
        HttpResponse<InputStream> response = session.get("/blobs/" + d.digest(), "*/*");
        if (response.statusCode() != 200) {
            throw failure(response, "failed to fetch blob " + d.digest(), session);
        }
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && !header.get().trim().equals(d.digest().toString())) {
            RegistryTransport.discard(response);
            throw new RegistryException(Kind.DIGEST_MISMATCH, "failed to fetch blob " + d.digest()
                    + ": digest mismatch: Docker-Content-Digest says " + header.get().trim());
        }
        try (BlobStream in = new BlobStream(response.body(), d.digest(), d.size(), timeouts.stall())) {
            try {
                store.putBlob(d.digest(), in);
            } catch (IOException e) {
                if (in.mismatched()) {
                    throw new RegistryException(Kind.DIGEST_MISMATCH, "failed to fetch blob " + d.digest()
                            + ": digest mismatch: content hashes to " + in.actual() + " (" + in.count()
                            + " bytes, " + d.size() + " announced)", e);
                }
                if (in.stalled()) {
                    throw new RegistryException(Kind.UNAVAILABLE, "failed to fetch blob " + d.digest()
                            + " from " + session.where() + ": no data for " + timeouts.stall().toSeconds() + "s", e);
                }
                throw e;
            }
            return in.count();
        }
    }

    private static RegistryException failure(HttpResponse<InputStream> response, String what,
            RegistryTransport.Session session) {
        int status = response.statusCode();
        String detail = RegistryErrors.describe(response);
        return switch (status) {
            case 404 -> new RegistryException(Kind.NOT_FOUND, what + ": not found" + detail);
            case 401, 403 -> new RegistryException(Kind.UNAUTHORIZED, what + ": unauthorized" + detail);
            case 429 -> new RegistryException(Kind.UNAVAILABLE, what + ": too many requests" + detail);
            default -> new RegistryException(status >= 500 ? Kind.UNAVAILABLE : Kind.INVALID, what + ": "
                    + session.where() + " answered " + status + detail, status);
        };
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IOException(cause);
    }

    private static Digest hash(byte[] body, String algorithm) {
        String jdk = algorithm.equals("sha512") ? "SHA-512" : "SHA-256";
        try {
            byte[] h = MessageDigest.getInstance(jdk).digest(body);
            return new Digest(algorithm.equals("sha512") ? "sha512" : "sha256",
                    java.util.HexFormat.of().formatHex(h));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
