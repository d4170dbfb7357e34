package skiff.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import skiff.image.registry.RegistryException.Kind;

/**
 * HTTP to registries on the JDK client: the distribution spec's authentication (anonymous, Basic, and the token
 * flow of distribution docs/spec/auth/token.md: a 401 with {@code WWW-Authenticate: Bearer realm,service,scope},
 * a GET of the realm, anonymous or with Basic credentials, then the request again with the token), redirects
 * followed by hand so that {@code Authorization} never goes to another host (as Go's net/http, which containerd and
 * Docker use, drops it), and TLS with the system trust store plus extra CA files.
 */
final class RegistryTransport {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 10;

    private final HttpClient http;
    private final Duration requestTimeout;

    RegistryTransport(List<Path> caFiles, Duration connectTimeout, Duration requestTimeout) throws IOException {
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout)
                .sslContext(sslContext(caFiles)).build();
    }

    void close() {
        http.close();
    }

    /** Requests to one repository of one endpoint, sharing the authorization the first 401 led to. */
    final class Session {
        private final URI base;
        private final String repository;
        private final List<RegistryCredentials> credentials;
        private volatile String authorization;

        Session(URI base, String repository, List<RegistryCredentials> credentials) {
            this.base = base;
            this.repository = repository;
            this.credentials = List.copyOf(credentials);
        }

        String where() {
            return base.getAuthority();
        }

        /**
         * GET {@code /v2/REPOSITORY/PATH}, authenticating on a 401 and following redirects. The caller reads or
         * closes the body.
         */
        HttpResponse<InputStream> get(String path, String accept) throws IOException {
            URI uri = URI.create(base + "/v2/" + repository + path);
            String current = authorization;
            HttpResponse<InputStream> response = follow(uri, accept, current);
            if (response.statusCode() != 401) {
                return response;
            }
            List<String> challenges = response.headers().allValues("WWW-Authenticate");
            discard(response);
            Optional<AuthChallenge> challenge = AuthChallenge.pick(challenges);
            if (challenge.isEmpty()) {
                throw new RegistryException(Kind.UNAUTHORIZED, "unauthorized: " + uri.getAuthority()
                        + " answered 401 without a Basic or Bearer challenge");
            }
            RegistryException refused = null;
            for (RegistryCredentials c : candidates()) {
                String header;
                try {
                    header = authorize(challenge.get(), c);
                } catch (RegistryException e) {
                    if (e.kind() != Kind.UNAUTHORIZED) {
                        throw e;
                    }
                    refused = e;
                    continue;
                }
                response = follow(uri, accept, header);
                if (response.statusCode() != 401 && response.statusCode() != 403) {
                    authorization = header;
                    return response;
                }
                String detail = RegistryErrors.describe(response);
                refused = new RegistryException(Kind.UNAUTHORIZED, "unauthorized: " + (c == null
                        ? "authentication required" : "credentials of " + c.username() + " refused") + detail);
            }
            throw refused;
        }

        /** Each credential in turn, or anonymous when there is none. */
        private List<RegistryCredentials> candidates() {
            List<RegistryCredentials> list = new ArrayList<>(credentials);
            if (list.isEmpty()) {
                list.add(null);
            }
            return list;
        }

        private String authorize(AuthChallenge challenge, RegistryCredentials c) throws IOException {
            if (challenge.scheme().equals("basic")) {
                if (c == null) {
                    throw new RegistryException(Kind.UNAUTHORIZED, "unauthorized: authentication required");
                }
                return c.basicHeader();
            }
            return "Bearer " + token(challenge, c);
        }

        // distribution docs/spec/auth/token.md "Requesting a Token": GET realm?service=...&scope=...; the answer's
        // token (or OAuth2's access_token).
        private String token(AuthChallenge challenge, RegistryCredentials c) throws IOException {
            String realm = challenge.param("realm");
            if (realm.isEmpty()) {
                throw new RegistryException(Kind.UNAUTHORIZED, "unauthorized: Bearer challenge without a realm");
            }
            String scope = challenge.param("scope");
            if (scope.isEmpty()) {
                scope = "repository:" + repository + ":pull";
            }
            StringBuilder query = new StringBuilder();
            if (!challenge.param("service").isEmpty()) {
                query.append("service=").append(encode(challenge.param("service"))).append('&');
            }
            query.append("scope=").append(encode(scope));
            URI uri;
            try {
                uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
            } catch (IllegalArgumentException e) {
                throw new RegistryException(Kind.UNAUTHORIZED, "unauthorized: invalid token realm " + realm);
            }
            if (!uri.getScheme().equals("https") && !uri.getScheme().equals("http")) {
                throw new RegistryException(Kind.UNAUTHORIZED, "unauthorized: invalid token realm " + realm);
            }
            HttpResponse<InputStream> response = follow(uri, "application/json",
                    c == null ? null : c.basicHeader());
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                String detail = RegistryErrors.describe(response);
                throw new RegistryException(Kind.UNAUTHORIZED, "unauthorized: the token service " + uri.getAuthority()
                        + " refused " + (c == null ? "an anonymous request" : "the credentials of " + c.username())
                        + detail);
            }
            if (status != 200) {
                String detail = RegistryErrors.describe(response);
                throw new RegistryException(Kind.UNAVAILABLE, "the token service " + uri.getAuthority()
                        + " answered " + status + detail);
            }
            JsonNode body;
            try (InputStream in = response.body()) {
                body = JSON.readTree(in.readNBytes(1 << 20));
            } catch (JacksonException e) {
                throw new RegistryException(Kind.UNAVAILABLE, "the token service " + uri.getAuthority()
                        + " answered something other than JSON");
            }
            String token = body.path("token").asString("");
            if (token.isEmpty()) {
                token = body.path("access_token").asString("");
            }
            if (token.isEmpty()) {
                throw new RegistryException(Kind.UNAVAILABLE, "the token service " + uri.getAuthority()
                        + " answered without a token");
            }
            return token;
        }

        /** Sends a GET, following redirects; Authorization goes only to the host it was meant for. */
        private HttpResponse<InputStream> follow(URI start, String accept, String auth) throws IOException {
            URI uri = start;
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout)
                        .header("Accept", accept).header("User-Agent", "skiff");
                if (auth != null && uri.getRawAuthority().equals(start.getRawAuthority())
                        && uri.getScheme().equals(start.getScheme())) {
                    request.header("Authorization", auth);
                }
                HttpResponse<InputStream> response = send(request.build());
                Optional<String> location = response.headers().firstValue("Location");
                if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                    return response;
                }
                discard(response);
                try {
                    uri = uri.resolve(location.get());
                } catch (IllegalArgumentException e) {
                    throw new RegistryException(Kind.UNAVAILABLE, uri.getAuthority() + " redirected to an invalid "
                            + "location " + location.get());
                }
            }
            throw new RegistryException(Kind.UNAVAILABLE, "too many redirects from " + start.getAuthority());
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        String host = request.uri().getAuthority();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "timed out connecting to " + host, e);
        } catch (HttpTimeoutException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "timed out waiting for " + host + " to answer "
                    + request.uri().getPath(), e);
        } catch (ConnectException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "cannot connect to " + host + ": connection refused", e);
        } catch (SSLException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "TLS with " + host + " failed: " + e.getMessage()
                    + " (for a registry without TLS use --insecure-registry " + host + "; for a private CA, "
                    + "--registry-ca FILE)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to " + host);
        } catch (IOException e) {
            // A reset or a closed connection: a TLS-only server may do this to plain HTTP.
            throw new RegistryException(Kind.UNAVAILABLE, "request to " + host + " failed: " + e, e, true);
        }
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(1 << 16);
        } catch (IOException e) {
            // The connection is dropped instead of reused; nothing else to do.
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The system trust store plus the certificates of {@code caFiles} (PEM bundles). */
    static SSLContext sslContext(List<Path> caFiles) throws IOException {
        try {
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            X509TrustManager systemTrust = x509(system.getTrustManagers());
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (caFiles.isEmpty()) {
                ctx.init(null, new TrustManager[] {systemTrust}, null);
                return ctx;
            }
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int n = 0;
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path file : caFiles) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate cert : cf.generateCertificates(in)) {
                        extra.setCertificateEntry("ca-" + n++, cert);
                    }
                } catch (CertificateException e) {
                    throw new IOException(file + ": not a PEM certificate bundle: " + e.getMessage(), e);
                }
            }
            if (n == 0) {
                throw new IOException(caFiles + ": no certificate found");
            }
            TrustManagerFactory extraFactory = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            extraFactory.init(extra);
            X509TrustManager extraTrust = x509(extraFactory.getTrustManagers());
            ctx.init(null, new TrustManager[] {new EitherTrust(systemTrust, extraTrust)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }

    /** Trusts a server chain that either the system store or the extra CAs trust. */
    private record EitherTrust(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            first.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
