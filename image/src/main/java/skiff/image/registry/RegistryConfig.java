package skiff.image.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Where and how to reach registries, modelled on k3s' {@code registries.yaml} (docs.k3s.io
 * installation/private-registry): {@code mirrors} (per registry host, or {@code "*"} for every one, endpoints tried
 * in order before the registry itself, optional repository {@code rewrite} regexes), {@code configs} (per host:
 * {@code auth} and {@code tls.ca_file}), plus Docker's {@code --insecure-registry} hosts and an extra CA file.
 *
 * @param mirrors by registry host as images name it ({@code docker.io}, {@code registry.example.com:5000}, {@code *})
 * @param configs by endpoint host[:port]
 * @param insecure host[:port] names reached over plain HTTP (besides loopback addresses and localhost, always)
 * @param caFiles extra PEM CA bundles trusted besides the system trust store, for every HTTPS endpoint
 */
public record RegistryConfig(Map<String, Mirror> mirrors, Map<String, HostConfig> configs, Set<String> insecure,
        List<Path> caFiles) {

    /** Docker Hub's API endpoint: docker.io is a name, not a host (distribution/reference normalize.go). */
    public static final String DOCKER_HUB_ENDPOINT = "https://registry-1.docker.io";

    /**
     * @param endpoints URLs ({@code https://mirror.example.com}, {@code http://127.0.0.1:5000}); a URL without a
     *     scheme gets https, or http for an insecure or loopback host
     * @param rewrites regex → replacement applied to the repository when asking a mirror, in order, first match only
     */
    public record Mirror(List<String> endpoints, Map<String, String> rewrites) {
        public Mirror {
            endpoints = List.copyOf(endpoints);
            rewrites = new LinkedHashMap<>(rewrites);
        }
    }

    /** @param auth null for none */
    public record HostConfig(RegistryCredentials auth, Path caFile) {}

    public RegistryConfig {
        mirrors = Map.copyOf(mirrors);
        configs = Map.copyOf(configs);
        insecure = Set.copyOf(insecure);
        caFiles = List.copyOf(caFiles);
    }

    public static RegistryConfig empty() {
        return new RegistryConfig(Map.of(), Map.of(), Set.of(), List.of());
    }

    public RegistryConfig withInsecure(List<String> hosts) {
        Set<String> all = new LinkedHashSet<>(insecure);
        hosts.forEach(h -> all.add(h.toLowerCase(Locale.ROOT)));
        return new RegistryConfig(mirrors, configs, all, caFiles);
    }

    public RegistryConfig withCaFile(Path caFile) {
        List<Path> all = new ArrayList<>(caFiles);
        all.add(caFile);
        return new RegistryConfig(mirrors, configs, insecure, all);
    }

    /** Every CA file this configuration trusts: the extra ones and each host's {@code tls.ca_file}. */
    public List<Path> allCaFiles() {
        List<Path> all = new ArrayList<>(caFiles);
        configs.values().stream().map(HostConfig::caFile).filter(p -> p != null && !all.contains(p)).forEach(all::add);
        return all;
    }

    /**
     * The endpoints to try for an image of {@code registry}, in order: its mirrors (or the {@code "*"} mirrors), then
     * the registry itself (as containerd and k3s do, the registry is always the last resort).
     */
    public List<Endpoint> endpoints(String registry) {
        List<Endpoint> result = new ArrayList<>();
        Mirror mirror = mirrors.getOrDefault(registry, mirrors.get("*"));
        if (mirror != null) {
            for (String e : mirror.endpoints()) {
                result.add(endpoint(e, mirror.rewrites(), true));
            }
        }
        Endpoint own = registry.equals("docker.io") ? new Endpoint(URI.create(DOCKER_HUB_ENDPOINT), Map.of(), false,
                false) : endpoint(registry, Map.of(), false);
        if (result.stream().noneMatch(e -> e.base().equals(own.base()))) {
            result.add(own);
        }
        return result;
    }

    /** The credentials registries.yaml gives for an endpoint's host[:port], if any. */
    public Optional<RegistryCredentials> credentials(URI endpoint) {
        HostConfig c = configs.get(authority(endpoint));
        if (c == null && endpoint.getHost().equals("registry-1.docker.io")) {
            c = configs.get("docker.io");
        }
        return Optional.ofNullable(c).map(HostConfig::auth);
    }

    /**
     * An endpoint to ask: a base URL (scheme, host, port, optional path prefix) and the rewrites it applies.
     *
     * @param tlsFallback a loopback, localhost or insecure host named without a scheme: plain HTTP, then HTTPS when
     *     the server turns out to speak only TLS (Docker tries both for such registries, distribution
     *     docs/insecure.md; containerd falls back between the two for localhost)
     */
    public record Endpoint(URI base, Map<String, String> rewrites, boolean mirror, boolean tlsFallback) {

        /** The same endpoint over HTTPS. */
        public Endpoint overTls() {
            return new Endpoint(URI.create("https" + base.toString().substring(base.getScheme().length())), rewrites,
                    mirror, false);
        }

        /** The repository as this endpoint knows it, after the first rewrite that matches. */
        public String repository(String repository) {
            for (Map.Entry<String, String> r : rewrites.entrySet()) {
                java.util.regex.Matcher m = Pattern.compile(r.getKey()).matcher(repository);
                if (m.find()) {
                    return m.replaceFirst(r.getValue());
                }
            }
            return repository;
        }
    }

    private Endpoint endpoint(String text, Map<String, String> rewrites, boolean mirror) {
        String url = text;
        boolean fallback = false;
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            String host = url.contains("/") ? url.substring(0, url.indexOf('/')) : url;
            fallback = plainHttp(host);
            url = (fallback ? "http://" : "https://") + url;
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith("/v2")) {
            url = url.substring(0, url.length() - 3);
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("invalid registry endpoint " + text);
        }
        return new Endpoint(uri, rewrites, mirror, fallback);
    }

    /**
     * Docker's rule (registry/config.go isSecureIndex, daemon's default insecure 127.0.0.0/8) and containerd's
     * (remotes/docker MatchLocalhost): loopback addresses and {@code localhost} may be reached over plain HTTP, as
     * may hosts named insecure, with or without their port.
     */
    boolean plainHttp(String hostPort) {
        String lower = hostPort.toLowerCase(Locale.ROOT);
        String host = hostOnly(lower);
        if (insecure.contains(lower) || insecure.contains(host)) {
            return true;
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end > 0 ? hostPort.substring(1, end) : hostPort;
        }
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 && hostPort.indexOf(':') == colon ? hostPort.substring(0, colon) : hostPort;
    }

    static String authority(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /**
     * Reads a registries.yaml-like file: {@code mirrors: {HOST: {endpoint: [URL...], rewrite: {REGEX: REPL}}}},
     * {@code configs: {HOST: {auth: {username, password} | {auth: base64(user:pass)}, tls: {ca_file}}}}, and
     * Skiff's {@code insecure: [HOST[:PORT]...]}.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static RegistryConfig load(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new IOException(file + ": not YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return empty();
        }
        if (!root.isObject()) {
            throw new IOException(file + ": not a mapping");
        }
        Map<String, Mirror> mirrors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> m : root.path("mirrors").properties()) {
            List<String> endpoints = new ArrayList<>();
            m.getValue().path("endpoint").forEach(e -> endpoints.add(e.asString("")));
            if (endpoints.stream().anyMatch(String::isBlank)) {
                throw new IOException(file + ": mirrors." + m.getKey() + ".endpoint: empty entry");
            }
            Map<String, String> rewrites = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> r : m.getValue().path("rewrite").properties()) {
                try {
                    Pattern.compile(r.getKey());
                } catch (PatternSyntaxException e) {
                    throw new IOException(file + ": mirrors." + m.getKey() + ".rewrite: invalid regex " + r.getKey());
                }
                rewrites.put(r.getKey(), r.getValue().asString(""));
            }
            mirrors.put(m.getKey().toLowerCase(Locale.ROOT), new Mirror(endpoints, rewrites));
        }
        Map<String, HostConfig> configs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> c : root.path("configs").properties()) {
            JsonNode auth = c.getValue().path("auth");
            RegistryCredentials credentials = null;
            if (auth.has("username")) {
                credentials = new RegistryCredentials(auth.path("username").asString(""),
                        auth.path("password").asString(""));
            } else if (auth.has("auth")) {
                credentials = decodeAuth(auth.path("auth").asString(""))
                        .orElseThrow(() -> new IOException(file + ": configs." + c.getKey() + ".auth.auth: not "
                                + "base64 of user:password"));
            }
            String ca = c.getValue().path("tls").path("ca_file").asString("");
            configs.put(stripScheme(c.getKey()), new HostConfig(credentials, ca.isEmpty() ? null : Path.of(ca)));
        }
        Set<String> insecure = new LinkedHashSet<>();
        root.path("insecure").forEach(h -> insecure.add(h.asString("").toLowerCase(Locale.ROOT)));
        return new RegistryConfig(mirrors, configs, insecure, List.of());
    }

    private static String stripScheme(String host) {
        String h = host.replaceFirst("^https?://", "");
        return h.endsWith("/") ? h.substring(0, h.length() - 1) : h;
    }

    /** Decodes Docker's {@code auth} field, base64 of {@code user:password}. */
    static Optional<RegistryCredentials> decodeAuth(String auth) {
        try {
            String text = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new RegistryCredentials(text.substring(0, colon), text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
