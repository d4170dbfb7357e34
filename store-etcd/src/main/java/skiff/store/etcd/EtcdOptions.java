package skiff.store.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach etcd, as kube-apiserver's flags say it: --etcd-servers (here --etcd-endpoints), --etcd-cafile,
 * --etcd-certfile, --etcd-keyfile and --etcd-prefix.
 *
 * @param endpoints client URLs, http:// or https://
 * @param caFile the CA that signed the servers' certificates (null: the JDK's trust store)
 * @param certFile this client's certificate for servers that ask for one (null: none)
 * @param keyFile the private key of {@code certFile}
 * @param prefix the etcd key prefix under which the objects live ("/registry")
 * @param compactionInterval how often the API server compacts etcd (kube-apiserver --etcd-compaction-interval);
 *     zero: never
 */
public record EtcdOptions(List<URI> endpoints, Path caFile, Path certFile, Path keyFile, String prefix,
        Duration compactionInterval) {
    /** kube-apiserver --etcd-prefix's default. */
    public static final String DEFAULT_PREFIX = "/registry";
    /** kube-apiserver --etcd-compaction-interval's default. */
    public static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofMinutes(5);

    public EtcdOptions {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("--etcd-endpoints: at least one URL is needed");
        }
        for (URI endpoint : endpoints) {
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())
                    || endpoint.getHost() == null || endpoint.getPort() < 0) {
                throw new IllegalArgumentException("--etcd-endpoints: '" + endpoint
                        + "' is not an http:// or https:// URL with a host and a port");
            }
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("--etcd-certfile and --etcd-keyfile go together");
        }
        prefix = EtcdKeys.normalisePrefix(prefix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("--etcd-prefix must name a prefix such as /registry");
        }
        if (compactionInterval.isNegative()) {
            throw new IllegalArgumentException("--etcd-compaction-interval must not be negative");
        }
    }

    /** Plain endpoints, no TLS, the default prefix. */
    public static EtcdOptions of(List<URI> endpoints) {
        return new EtcdOptions(endpoints, null, null, null, DEFAULT_PREFIX, DEFAULT_COMPACTION_INTERVAL);
    }

    /** Parses a comma-separated list of URLs, as --etcd-servers does. */
    public static List<URI> parseEndpoints(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> {
                    try {
                        return new URI(s);
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalArgumentException("--etcd-endpoints: '" + s + "' is not a URL");
                    }
                }).toList();
    }

    public EtcdOptions withPrefix(String newPrefix) {
        return new EtcdOptions(endpoints, caFile, certFile, keyFile, newPrefix, compactionInterval);
    }

    public EtcdOptions withTls(Path ca, Path cert, Path key) {
        return new EtcdOptions(endpoints, ca, cert, key, prefix, compactionInterval);
    }

    public EtcdOptions withCompactionInterval(Duration interval) {
        return new EtcdOptions(endpoints, caFile, certFile, keyFile, prefix, interval);
    }
}
