package skiff.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.net.PrimaryIpv4;
import skiff.api.time.Clock;
import skiff.image.OciImageStore;
import skiff.image.registry.RegistryClient;
import skiff.image.registry.RegistryConfig;
import skiff.kubelet.KubeletConfig;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.network.CniPodNetwork;
import skiff.kubelet.network.NodePodCidr;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.process.ProcessRuntime;
import skiff.kubelet.runtime.runc.RuncRuntime;
import skiff.kubelet.runtime.runc.RuntimeProbe;

/**
 * The container runtime a kubelet uses ({@code --runtime auto|runc|process}): {@code auto} picks runc when
 * {@link RuntimeProbe} finds that it can work on this machine, else the process runtime, and says which and why.
 *
 * @param keepsContainersOnClose whether containers outlive Skiff (runc's monitors do; the process runtime's
 *     containers are its children)
 * @param images the image store and registry client the kubelet pulls with, null for the process runtime
 * @param nodeIp the address the kubelet listens on and registers as the Node's InternalIP ({@link NodeIp})
 */
record RuntimeSelection(ContainerRuntime runtime, String explanation, boolean keepsContainersOnClose,
        KubeletConfig.Images images, String nodeIp) {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSelection.class);
    /** How long a pod's network waits for the node's pod CIDR from the node IPAM controller. */
    private static final Duration POD_CIDR_PATIENCE = Duration.ofSeconds(60);

    /** Selects the runtime; {@code givenNodeIp} null lets {@link NodeIp} choose the node IP for it. */
    static RuntimeSelection create(KubeletOptions k, Path dataDir, Path kubeletDir, String nodeName,
            String givenNodeIp, KubernetesClient client, Clock clock) {
        CniConfig cni = k.cniConfig(kubeletDir);
        RuntimeSelection selection = switch (k.runtime()) {
            case PROCESS -> process(kubeletDir, clock, "the process runtime, as --runtime process asks", givenNodeIp);
            case RUNC -> {
                RuntimeProbe.Decision decision = RuntimeProbe.system(cni.binDirs()).decide();
                if (!decision.useRunc()) {
                    throw new IllegalStateException("--runtime runc cannot work here: "
                            + String.join("; ", decision.reasons()) + " (to get runc: apt-get install runc conmon "
                            + "containernetworking-plugins)");
                }
                yield runc(decision, dataDir, k.host().runcRoot(kubeletDir), nodeName, givenNodeIp, client, cni,
                        k.registries(), clock);
            }
            case AUTO -> {
                RuntimeProbe.Decision decision = RuntimeProbe.system(cni.binDirs()).decide();
                yield decision.useRunc()
                        ? runc(decision, dataDir, k.host().runcRoot(kubeletDir), nodeName, givenNodeIp, client, cni,
                                k.registries(), clock)
                        : process(kubeletDir, clock, decision.explanation(), givenNodeIp);
            }
        };
        LOG.info("container runtime: {}; node IP {}", selection.explanation(), selection.nodeIp());
        return selection;
    }

    private static RuntimeSelection process(Path kubeletDir, Clock clock, String why, String givenNodeIp) {
        return new RuntimeSelection(ProcessRuntime.create(kubeletDir, clock), why, false, null,
                NodeIp.choose(givenNodeIp, false, () -> PrimaryIpv4.ofThisMachine().hostAddress()));
    }

    private static RuntimeSelection runc(RuntimeProbe.Decision decision, Path dataDir, Path runcRoot,
            String nodeName, String givenNodeIp, KubernetesClient client, CniConfig cni, RegistryConfig registries,
            Clock clock) {
        String nodeIp = NodeIp.choose(givenNodeIp, true, () -> PrimaryIpv4.ofThisMachine().hostAddress());
        try {
            OciImageStore images = OciImageStore.open(OciImageStore.inDataDir(dataDir));
            CniPodNetwork network = new CniPodNetwork(cni, new NodePodCidr(client, nodeName, POD_CIDR_PATIENCE));
            RuncRuntime runtime = new RuncRuntime(new RuncRuntime.Options(runcRoot, decision.runc(),
                    decision.conmon(), network, images, nodeIp, clock, new SecureRandom()));
            // Registries as Docker reaches them by default (HTTPS, plain HTTP on loopback) and as the options add.
            RegistryClient registry = new RegistryClient(images, registries, images.platform(),
                    RegistryClient.Timeouts.defaults());
            return new RuntimeSelection(runtime, decision.explanation(), true,
                    new KubeletConfig.Images(images, registry), nodeIp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the image store in " + dataDir, e);
        }
    }
}
