package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.kubelet.PrivateFiles;
import skiff.kubelet.network.EtcHostsFile;
import skiff.kubelet.network.PodEtcFiles;
import skiff.kubelet.network.PodNetwork;
import skiff.kubelet.network.PodNetworkStatus;
import skiff.kubelet.runtime.LinuxSandboxConfig;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.SandboxDns;
import skiff.kubelet.runtime.VolumeConfig;
import skiff.kubelet.volume.VolumeFiles;

/**
 * The runc runtime's pod sandboxes (CRI RunPodSandbox without a pause container): the pod's directory with its
 * volumes (after the kubelet's layout, k/k pkg/kubelet/kubelet_getters.go {@code pods/UID/volumes/PLUGIN/NAME}),
 * memory-backed emptyDirs as tmpfs mounts, the pod's network namespace from the {@link PodNetwork} (none for
 * {@code hostNetwork} pods), its IPC namespace and /dev/shm, its PID namespace with shareProcessNamespace
 * ({@link PodNamespaces}), and the {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname} files
 * every container of the pod mounts. What was created is recorded in {@code sandbox.json} for a runtime started
 * again on the same directory.
 */
final class RuncSandboxes {
    private static final String RECORD = "sandbox.json";
    private static final String EMPTY_DIR = "kubernetes.io~empty-dir";
    private static final String HOST_PATH = "kubernetes.io~host-path";
    // A container's user, root or not, reads a configMap's or secret's files; their own mode protects them.
    private static final int FILE_VOLUME_DIRS = 0755;

    private final Path pods;
    private final PodNetwork network;
    private final String hostIp;
    private final Clock clock;

    /**
     * What is recorded of a sandbox; {@code netns} "" for the host's network, {@code pidHolder} the PID of the
     * holder of the pod's PID namespace ({@link PodNamespaces}), 0 for none.
     */
    record Record(String podUid, String namespace, String podName, String hostname, String ip, String netns,
            Map<String, String> volumes, LinuxSandboxConfig linux, long pidHolder) {

        Record withPidHolder(long pid) {
            return new Record(podUid, namespace, podName, hostname, ip, netns, volumes, linux, pid);
        }

        /** The sandbox's config as the spec builder reads it (the volumes are given to it by path). */
        SandboxConfig config() {
            return new SandboxConfig(podUid, namespace, podName, hostname, List.of(), linux);
        }
    }

    RuncSandboxes(Path pods, PodNetwork network, String hostIp, Clock clock) {
        this.pods = pods;
        this.network = network;
        this.hostIp = hostIp;
        this.clock = clock;
    }

    Path pod(String podUid) {
        return pods.resolve(podUid);
    }

    Sandbox create(SandboxConfig config) {
        Path podDir = pod(config.podUid());
        boolean ownNetwork = !config.linux().hostNetwork() && network != null;
        // k/k 1.32 pkg/kubelet/kubelet.go SyncPod mounts the pod's volumes and makes its cgroup before the runtime's
        // RunPodSandbox sets up its network; neither needs the other, so the network namespace and CNI ADD run
        // meanwhile, on a thread of their own. Only the /etc/hosts file waits for the pod's IP.
        CompletableFuture<PodNetworkStatus> networking = ownNetwork ? CompletableFuture.supplyAsync(
                () -> network.setUp(config.podUid(), config.namespace(), config.podName()),
                task -> Thread.ofVirtual().name("pod-network-" + config.podName()).start(task)) : null;
        Map<String, String> volumes = new LinkedHashMap<>();
        try {
            long pidHolder;
            try {
                PrivateFiles.directories(podDir);
                for (VolumeConfig volume : config.volumes()) {
                    volumes.put(volume.name(), realise(podDir, volume).toString());
                }
                // k/k pkg/kubelet/cm/pod_container_manager_linux.go EnsureExists: the pod's cgroup with its limits.
                Cgroups.host().applyPodLimits(config.linux().cgroupParent(), config.linux().podResources());
                if (!config.linux().hostIpc()) {
                    PodNamespaces.createIpc(podDir);
                }
                pidHolder = sharesPids(config.linux()) ? PodNamespaces.ensurePidHolder(podDir, 0) : 0;
            } catch (IOException | RuntimeException e) {
                if (networking != null) {
                    // The network's own failure, if any, is the next attempt's to report; this one reports its own.
                    networking.handle((status, failure) -> null).join();
                }
                throw e;
            }
            String ip = hostIp;
            String netns = "";
            if (networking != null) {
                PodNetworkStatus status = awaitNetwork(networking);
                ip = status.ip();
                netns = status.netns().toString();
            }
            writeEtcFiles(podDir, config, ip, !ownNetwork);
            Record record = new Record(config.podUid(), config.namespace(), config.podName(), config.hostname(), ip,
                    netns, volumes, config.linux(), pidHolder);
            save(podDir, record);
            return sandbox(podDir, record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox of pod " + config.podUid() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The network's outcome; its failure is thrown as itself. */
    private static PodNetworkStatus awaitNetwork(CompletableFuture<PodNetworkStatus> networking) {
        try {
            return networking.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static boolean sharesPids(LinuxSandboxConfig linux) {
        return linux.shareProcessNamespace() && !linux.hostPid();
    }

    private static void save(Path podDir, Record record) throws IOException {
        PrivateFiles.write(podDir.resolve(RECORD), Json.mapper().writeValueAsBytes(record));
    }

    /** The pod's IPC namespace file, null when the pod has none of its own (hostIPC). */
    String ipcNamespace(Record r) {
        Path file = PodNamespaces.ipc(pod(r.podUid()));
        return r.linux().hostIpc() || HostMounts.under(file).isEmpty() ? null : file.toString();
    }

    /** The pod's /dev/shm directory, null for hostIPC (the host's) or a sandbox without one. */
    Path shm(Record r) {
        Path dir = PodNamespaces.shm(pod(r.podUid()));
        return r.linux().hostIpc() || HostMounts.under(dir).isEmpty() ? null : dir;
    }

    /**
     * The pod's shared PID namespace file with shareProcessNamespace, its holder started again if it has gone
     * (containers that join need its init); null when each container has its own (or the host's).
     */
    synchronized String pidNamespace(Record r) throws IOException {
        if (!sharesPids(r.linux())) {
            return null;
        }
        Path podDir = pod(r.podUid());
        Record current = record(r.podUid()).orElse(r);
        long holder = PodNamespaces.ensurePidHolder(podDir, current.pidHolder());
        if (holder != current.pidHolder()) {
            save(podDir, current.withPidHolder(holder));
        }
        return PodNamespaces.pid(podDir).toString();
    }

    // k/k 1.32 pkg/kubelet/kubelet_pods.go makeHostsMount: the managed hosts file names the pod's IP, a host-network
    // pod gets the node's; the resolv.conf is the kubelet's (CRI dns_config), else the node's.
    private static void writeEtcFiles(Path podDir, SandboxConfig config, String ip, boolean hostNetwork)
            throws IOException {
        SandboxDns dns = config.dns();
        String hosts = hostNetwork ? EtcHostsFile.hostNetwork(readOr(Path.of("/etc/hosts"), "127.0.0.1\tlocalhost\n"),
                dns.hostAliases()) : EtcHostsFile.managed(List.of(ip), config.hostname(), dns.domain(),
                dns.hostAliases());
        PodEtcFiles.writeHosts(podDir, hosts);
        PodEtcFiles.writeResolvConf(podDir, dns.resolvConf() != null ? dns.resolvConf()
                : readOr(Path.of("/etc/resolv.conf"), ""));
        PodEtcFiles.writeHostname(podDir, config.hostname());
    }

    private static String readOr(Path file, String otherwise) throws IOException {
        return Files.isReadable(file) ? Files.readString(file) : otherwise;
    }

    private static Sandbox sandbox(Path podDir, Record r) {
        Map<String, Path> volumes = new LinkedHashMap<>();
        r.volumes().forEach((name, path) -> volumes.put(name, Path.of(path)));
        return new Sandbox(r.podUid(), r.hostname(), podDir, volumes, r.ip());
    }

    Optional<Record> record(String podUid) {
        Path file = pod(podUid).resolve(RECORD);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), Record.class));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed under us
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable sandbox record " + file + ": " + e.getMessage(), e);
        }
    }

    Optional<Sandbox> find(String podUid) {
        return record(podUid).map(r -> sandbox(pod(podUid), r));
    }

    List<String> list() {
        if (!Files.isDirectory(pods)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(pods)) {
            return dirs.filter(p -> Files.exists(p.resolve(RECORD))).map(p -> p.getFileName().toString()).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tears the network down, stops the PID namespace's holder, unmounts what is mounted in the pod's directory (the
     * namespace files and /dev/shm among it) and deletes it.
     */
    void remove(String podUid) {
        Optional<Record> record = record(podUid);
        if (network != null && record.map(r -> !r.netns().isEmpty()).orElse(true)) {
            network.tearDown(podUid);
        }
        Path podDir = pod(podUid);
        record.ifPresent(r -> PodNamespaces.stopPidHolder(podDir, r.pidHolder()));
        HostMounts.unmountAll(podDir);
        if (!HostMounts.under(podDir).isEmpty()) {
            throw new IllegalStateException("cannot unmount everything in " + podDir + ": " + HostMounts.under(podDir));
        }
        VolumeFiles.deleteTree(podDir);
    }

    private Path realise(Path podDir, VolumeConfig volume) throws IOException {
        Path volumes = podDir.resolve("volumes");
        return switch (volume) {
            case VolumeConfig.EmptyDir e -> emptyDir(volumes.resolve(EMPTY_DIR).resolve(e.name()), e);
            case VolumeConfig.HostPath h -> {
                Path path = VolumeFiles.hostPath(h);
                Path record = volumes.resolve(HOST_PATH).resolve(h.name());
                PrivateFiles.directories(record.getParent());
                if (!Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(record, path);
                }
                yield path;
            }
            case VolumeConfig.Files f -> {
                Path dir = volumes.resolve(f.plugin()).resolve(f.name());
                VolumeFiles.writeAtomically(dir, f, clock.now(), FILE_VOLUME_DIRS);
                yield dir;
            }
        };
    }

    // k/k pkg/volume/emptydir/empty_dir.go: an emptyDir is world-writable (0777) so that any container user may
    // write it; medium Memory is a tmpfs mounted there with the volume's size.
    private static Path emptyDir(Path dir, VolumeConfig.EmptyDir e) throws IOException {
        Files.createDirectories(dir);
        if (e.memory() && HostMounts.under(dir).isEmpty()) {
            HostMounts.tmpfs(dir, e.sizeBytes());
        }
        Files.setPosixFilePermissions(dir, VolumeFiles.permissions(0777));
        return dir;
    }

    /** Rewrites a file volume's contents while the pod runs: the atomic writer swaps them in at once. */
    boolean update(String podUid, VolumeConfig.Files f) throws IOException {
        return VolumeFiles.writeAtomically(pod(podUid).resolve("volumes").resolve(f.plugin()).resolve(f.name()), f,
                clock.now(), FILE_VOLUME_DIRS);
    }
}
