package skiff.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import skiff.store.etcd.EtcdOptions;

/**
 * How to reach etcd, kube-apiserver's --etcd-* flags, shared by {@code skiff server --store etcd} and the
 * {@code skiff store} commands that talk to etcd.
 */
final class EtcdCliOptions {
    @Option(names = "--etcd-endpoints", paramLabel = "URLS",
            description = "etcd's client URLs, comma-separated, for --store etcd (kube-apiserver --etcd-servers).")
    String endpoints;

    @Option(names = "--etcd-cafile", paramLabel = "FILE",
            description = "The CA that signed etcd's serving certificates (PEM), for https:// endpoints.")
    Path caFile;

    @Option(names = "--etcd-certfile", paramLabel = "FILE",
            description = "The client certificate (PEM) to present to etcd.")
    Path certFile;

    @Option(names = "--etcd-keyfile", paramLabel = "FILE",
            description = "The private key (PKCS#8 PEM) of --etcd-certfile.")
    Path keyFile;

    @Option(names = "--etcd-prefix", paramLabel = "PREFIX",
            description = "The etcd key prefix of every object (default: ${DEFAULT-VALUE}).")
    String prefix = EtcdOptions.DEFAULT_PREFIX;

    /** Whether any of these flags was given a value other than its default. */
    boolean given() {
        return endpoints != null || caFile != null || certFile != null || keyFile != null
                || !prefix.equals(EtcdOptions.DEFAULT_PREFIX);
    }

    /** The options, which need {@code --etcd-endpoints}; {@code needs} names what needs them in the message. */
    EtcdOptions toOptions(CommandLine commandLine, String needs, Duration compactionInterval) {
        if (endpoints == null || endpoints.isBlank()) {
            throw new CommandLine.ParameterException(commandLine, needs + " needs --etcd-endpoints");
        }
        try {
            return new EtcdOptions(EtcdOptions.parseEndpoints(endpoints), caFile, certFile, keyFile, prefix,
                    compactionInterval);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
