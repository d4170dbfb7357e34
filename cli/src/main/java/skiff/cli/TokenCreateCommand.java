package skiff.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skiff.api.time.Clock;
import skiff.server.BootstrapTokens;
import skiff.server.CaCertHash;

/**
 * {@code skiff token create}: a bootstrap token stored through the API (kubeadm token create
 * --print-join-command), printed with the command that joins a node with it.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a bootstrap token and print it with the agent command that joins a node with it.")
final class TokenCreateCommand implements Callable<Integer> {
    @Option(names = "--ttl", converter = TtlConverter.class, description = "How long the token is valid, such as "
            + "24h or 30m; 0 never expires (default: 24h, as kubeadm's).")
    Duration ttl = Duration.ofHours(24);

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data dir, whose kubeconfig.yaml is "
            + "used (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".skiff");

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "An administrator's kubeconfig to create the "
            + "token with (default: DIR/kubeconfig.yaml).")
    Path kubeconfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path file = kubeconfig != null ? kubeconfig : dataDir.resolve("kubeconfig.yaml");
        Config config;
        try {
            config = Config.fromKubeconfig(Files.readString(file));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the kubeconfig " + file + ": "
                    + e.getMessage());
        }
        String token;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            token = new BootstrapTokens(client, Clock.system()).create(ttl);
        } catch (KubernetesClientException e) {
            System.err.println("skiff token create: " + e.getMessage());
            return 1;
        }
        String server = config.getMasterUrl().replaceAll("/+$", "");
        String ca = new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.US_ASCII);
        System.out.println(token);
        System.out.println("skiff agent --server " + server + " --token " + token
                + " --discovery-token-ca-cert-hash " + CaCertHash.of(ca));
        return 0;
    }

    /** A Go duration, or 0 for a token that never expires (kubeadm token create --ttl 0). */
    static final class TtlConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return value.equals("0") ? Duration.ZERO : new GoDurationConverter().convert(value);
        }
    }
}
