package skiff.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skiff.api.time.Clock;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;

/** {@code skiff sim}: runs simulated nodes against a server until stopped, as kwok does. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run simulated nodes: they register Ready, renew their Leases and report their pods Running.")
final class SimCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, description = "API server URL, e.g. https://127.0.0.1:6443.")
    String server;

    @Option(names = "--token-file", required = true, description = "File holding a bearer token (DATA/token).")
    Path tokenFile;

    @Option(names = "--ca-file", description = "CA certificate to trust (DATA/tls/ca.crt); without it the server's "
            + "certificate is not verified.")
    Path caFile;

    @Option(names = "--nodes", required = true, description = "How many nodes.")
    int nodes;

    @Option(names = "--name-prefix", defaultValue = "sim", description = "Node names are PREFIX-0, PREFIX-1, ...")
    String namePrefix;

    @Option(names = "--cpu", defaultValue = "8", description = "Each node's cpu (default ${DEFAULT-VALUE}).")
    String cpu;

    @Option(names = "--memory", defaultValue = "32Gi", description = "Each node's memory (default ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--pods", defaultValue = "110", description = "Each node's pod capacity (default ${DEFAULT-VALUE}).")
    String pods;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (nodes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be at least 1");
        }
        ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(server)
                .withOauthToken(Files.readString(tokenFile).trim()).withOnlyHttpWatches(true)
                .withRequestTimeout(30_000);
        config = caFile == null ? config.withTrustCerts(true) : config.withCaCertFile(caFile.toString());
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config.build()).build();
                NodeSimulator sim = NodeSimulator.start(client, SimulatorConfig.of(nodes).withNamePrefix(namePrefix)
                        .withCapacity(cpu, memory, pods), Clock.system())) {
            System.out.println("skiff sim: " + nodes + " nodes " + namePrefix + "-0.." + namePrefix + "-" + (nodes - 1)
                    + " running against " + server + "; Ctrl-C to stop");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
