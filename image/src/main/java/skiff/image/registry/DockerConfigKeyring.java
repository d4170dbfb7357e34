package skiff.image.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Credentials from {@code kubernetes.io/dockerconfigjson} (and {@code dockercfg}) secrets, looked up for an image as
 * the kubelet looks them up (k/k pkg/credentialprovider/keyring.go v1.32 BasicDockerKeyring): each {@code auths} key,
 * scheme and {@code /v1/} or {@code /v2/} stripped, is a host (with {@code *} globs per dot-separated part), an
 * optional port and an optional path prefix; the most specific keys are tried first; an image of Docker Hub also
 * takes the credentials of {@code index.docker.io} (and, as Docker's CLI writes it, {@code registry-1.docker.io}).
 */
public final class DockerConfigKeyring {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> DOCKER_HUB_KEYS = List.of("index.docker.io", "registry-1.docker.io",
            "docker.io");

    private final Map<String, List<RegistryCredentials>> byKey;

    private DockerConfigKeyring(Map<String, List<RegistryCredentials>> byKey) {
        this.byKey = byKey;
    }

    public static DockerConfigKeyring empty() {
        return new DockerConfigKeyring(Map.of());
    }

    /** Builder-style: credentials from several secrets, in the pod's {@code imagePullSecrets} order. */
    public static final class Builder {
        private final Map<String, List<RegistryCredentials>> byKey = new LinkedHashMap<>();

        /**
         * Adds a {@code .dockerconfigjson} ({@code {"auths": {...}}}) or legacy {@code .dockercfg} (the map itself).
         *
         * @throws IllegalArgumentException when it is not such JSON
         */
        public Builder add(byte[] json) {
            JsonNode root;
            try {
                root = JSON.readTree(json);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not a docker config: " + e.getOriginalMessage());
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a docker config: not an object");
            }
            JsonNode auths = root.has("auths") ? root.path("auths") : root;
            for (Map.Entry<String, JsonNode> e : auths.properties()) {
                credentials(e.getValue()).ifPresent(c -> add(e.getKey(), c));
            }
            return this;
        }

        public Builder add(String location, RegistryCredentials credentials) {
            key(location).ifPresent(k -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(credentials));
            return this;
        }

        public DockerConfigKeyring build() {
            // keyring.go Add: the index is reverse-sorted, so that longer paths match before their prefixes.
            Map<String, List<RegistryCredentials>> sorted = new LinkedHashMap<>();
            byKey.keySet().stream().sorted(Comparator.reverseOrder())
                    .forEach(k -> sorted.put(k, List.copyOf(byKey.get(k))));
            return new DockerConfigKeyring(sorted);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // credentialprovider/config.go DockerConfigEntry: username and password, or "auth" as base64(user:password).
    private static Optional<RegistryCredentials> credentials(JsonNode entry) {
        String user = entry.path("username").asString("");
        String password = entry.path("password").asString("");
        if (!user.isEmpty() || !password.isEmpty()) {
            return Optional.of(new RegistryCredentials(user, password));
        }
        return RegistryConfig.decodeAuth(entry.path("auth").asString(""));
    }

    // keyring.go Add: https:// is assumed, /v1/ and /v2/ mean the host alone.
    private static Optional<String> key(String location) {
        String value = location.startsWith("http://") || location.startsWith("https://") ? location
                : "https://" + location;
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.startsWith("/v2/") || path.startsWith("/v1/")) {
            path = path.substring(3);
        }
        return Optional.of(path.isEmpty() || path.equals("/") ? authority : authority + path);
    }

    /**
     * The credentials to try for an image, most specific first; empty means an anonymous pull.
     *
     * @param image the image's normalized name without tag or digest, {@code docker.io/library/busybox}
     */
    public List<RegistryCredentials> lookup(String image) {
        List<RegistryCredentials> result = new ArrayList<>();
        for (Map.Entry<String, List<RegistryCredentials>> e : byKey.entrySet()) {
            if (matches(e.getKey(), image)) {
                result.addAll(e.getValue());
            }
        }
        if (result.isEmpty() && image.startsWith("docker.io/")) {
            for (String k : DOCKER_HUB_KEYS) {
                result.addAll(byKey.getOrDefault(k, List.of()));
            }
        }
        return result;
    }

    // keyring.go URLsMatch: host parts glob-matched one by one, ports equal, the key's path a prefix of the image's.
    static boolean matches(String key, String image) {
        HostPath k = HostPath.of(key);
        HostPath t = HostPath.of(image);
        String[] kParts = k.host.split("\\.", -1);
        String[] tParts = t.host.split("\\.", -1);
        if (kParts.length != tParts.length || !k.port.equals(t.port)) {
            return false;
        }
        for (int i = 0; i < kParts.length; i++) {
            if (!glob(kParts[i]).matcher(tParts[i]).matches()) {
                return false;
            }
        }
        return t.path.startsWith(k.path);
    }

    private static Pattern glob(String part) {
        StringBuilder regex = new StringBuilder();
        for (char c : part.toCharArray()) {
            regex.append(c == '*' ? "[^.]*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    private record HostPath(String host, String port, String path) {
        static HostPath of(String text) {
            int slash = text.indexOf('/');
            String authority = slash < 0 ? text : text.substring(0, slash);
            String path = slash < 0 ? "" : text.substring(slash);
            int colon = authority.lastIndexOf(':');
            return colon < 0 ? new HostPath(authority, "", path)
                    : new HostPath(authority.substring(0, colon), authority.substring(colon + 1), path);
        }
    }
}
