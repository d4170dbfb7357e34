package skiff.kubelet.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.kubelet.PrivateFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pod networks through the standard CNI plugins, as containerd's CRI plugin sets a sandbox up: a network namespace
 * per pod ({@code ip netns add}), {@code loopback} for {@code lo}, then the configuration list's plugins for
 * {@code eth0} in order (CNI SPEC.md 1.0 "Attaching to a network"), each given the previous one's result; DEL in
 * the reverse order with the ADD's cached result (SPEC.md "Detaching from a network"). Each pod's attachment is
 * recorded under the state directory so a restarted Skiff can still detach it.
 */
public final class CniPodNetwork implements PodNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(CniPodNetwork.class);
    static final String IFNAME = "eth0";
    private static final String LOOPBACK_IFNAME = "lo";
    private static final int SHORT_UID = 12;
    private static final int LOCKS = 64;

    private final CniConfig config;
    private final Supplier<String> podCidr;
    private final CniPlugins plugins;
    private final IpForwarding forwarding;
    private final Object[] podLocks = new Object[LOCKS];
    // Where Skiff writes the list and nft works, one rule masquerades every pod and the bridge plugin does not.
    private final PodMasquerade masquerade;
    private final CniConfig listConfig;
    // Skiff's own list's bridge, fitted to the pod CIDR before the first pod is attached (null for the user's list).
    private final PodBridge bridge;
    private String fittedCidr;
    private String refusal;

    /**
     * @param podCidr the node's pod CIDR ({@code spec.podCIDR}); asked at each attachment, it may block until the
     *     node has one (see {@link NodePodCidr})
     */
    public CniPodNetwork(CniConfig config, Supplier<String> podCidr) {
        this(config, podCidr, new IpForwarding(IpForwarding.SYSCTL));
    }

    CniPodNetwork(CniConfig config, Supplier<String> podCidr, IpForwarding forwarding) {
        this.config = config;
        this.podCidr = podCidr;
        this.plugins = new CniPlugins(config.binDirs());
        this.forwarding = forwarding;
        this.masquerade = config.ipMasq() && config.ownConf() && PodMasquerade.usable()
                ? new PodMasquerade(config.bridge(), config.clusterCidr()) : null;
        this.listConfig = masquerade == null ? config : config.withBridge(config.bridge(), false);
        this.bridge = config.ownConf() ? new PodBridge(config.bridge()) : null;
        for (int i = 0; i < LOCKS; i++) {
            podLocks[i] = new Object();
        }
    }

    /** Removes what a kubelet made to masquerade the pods on {@code bridge}, with the bridge itself (tests, benchmarks). */
    public static void removeMasquerade(String bridge) {
        PodMasquerade.remove(bridge);
    }

    public CniConfig config() {
        return config;
    }

    /** The network namespace name of a pod: the prefix and the first 12 letters and digits of its UID. */
    public String netnsName(String podUid) {
        String compact = podUid.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return config.netnsPrefix() + compact.substring(0, Math.min(SHORT_UID, compact.length()));
    }

    @Override
    public PodNetworkStatus setUp(String podUid, String namespace, String podName) {
        requireUid(podUid);
        synchronized (lock(podUid)) {
            CniAttachment known = load(podUid);
            String pod = namespace + "/" + podName;
            if (known != null && known.result() != null && NetworkNamespaces.exists(known.netns())) {
                try {
                    check(known);
                    return status(known);
                } catch (CniException e) {
                    LOG.warn("the network of pod {} fails its check, making it again: {}", pod, e.getMessage());
                }
            }
            try {
                if (known != null) {
                    // A half-done or namespace-less attachment (a crash, a reboot) is detached, then made again.
                    detach(known, known.result() != null);
                }
                return attach(podUid, namespace, podName);
            } catch (RuntimeException e) {
                CniAttachment partial = load(podUid);
                if (partial != null) {
                    detach(partial, false);
                }
                throw new CniException("failed to set up network for pod \"" + pod + "\": " + e.getMessage(),
                        e instanceof CniException cni ? cni.code() : 0);
            }
        }
    }

    /**
     * Asks the plugins whether the pod's attachment is still as its ADD left it (SPEC.md "CHECK": each plugin in
     * order, given the ADD's result as prevResult).
     *
     * @throws CniException naming the plugin and what it found wrong, or when the pod is not attached
     */
    public void check(String podUid) {
        requireUid(podUid);
        synchronized (lock(podUid)) {
            CniAttachment known = load(podUid);
            if (known == null || known.result() == null) {
                throw new CniException("pod " + podUid + " is not attached", 0);
            }
            check(known);
        }
    }

    private void check(CniAttachment attachment) {
        Path netns = NetworkNamespaces.path(attachment.netns());
        for (ObjectNode plugin : new CniConflist(attachment.conflist()).pluginConfigs()) {
            plugin.set("prevResult", attachment.result());
            plugins.invoke(new CniPlugins.Invocation("CHECK", attachment.podUid(), netns, IFNAME), plugin);
        }
    }

    @Override
    public void tearDown(String podUid) {
        requireUid(podUid);
        synchronized (lock(podUid)) {
            CniAttachment known = load(podUid);
            if (known != null) {
                detach(known, true);
            } else {
                NetworkNamespaces.delete(netnsName(podUid));
            }
        }
    }

    @Override
    public List<String> attached() {
        Path dir = config.attachmentsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> uids = new ArrayList<>();
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .forEach(n -> uids.add(n.substring(0, n.length() - ".json".length())));
            Collections.sort(uids);
            return uids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the pod network records in " + dir, e);
        }
    }

    private PodNetworkStatus attach(String podUid, String namespace, String podName) {
        CniConflist conflist;
        synchronized (this) {
            if (bridge != null) {
                String cidr = podCidr.get();
                fitBridge(cidr);
                if (masquerade != null) {
                    masquerade.ensure(cidr);
                }
                conflist = CniConflist.load(listConfig, () -> cidr);
            } else {
                conflist = CniConflist.load(listConfig, podCidr);
            }
        }
        forwarding.enable();
        CniAttachment attachment = new CniAttachment(podUid, namespace, podName, netnsName(podUid), conflist.json(),
                null);
        save(attachment);
        NetworkNamespaces.add(attachment.netns());
        Path netns = NetworkNamespaces.path(attachment.netns());
        // The loopback is a network of its own (as containerd and CRI-O attach it), so its ADD runs alongside the
        // list's; both finish before the pod counts as attached.
        CompletableFuture<ObjectNode> lo = CompletableFuture.supplyAsync(
                () -> plugins.invoke(new CniPlugins.Invocation("ADD", podUid, netns, LOOPBACK_IFNAME), loopback()),
                task -> Thread.ofVirtual().name("cni-loopback-" + podName).start(task));
        ObjectNode previous = null;
        try {
            for (ObjectNode plugin : conflist.pluginConfigs()) {
                if (previous != null) {
                    plugin.set("prevResult", previous);
                }
                previous = plugins.invoke(new CniPlugins.Invocation("ADD", podUid, netns, IFNAME), plugin);
            }
        } catch (RuntimeException e) {
            // The list's failure is the one reported; the loopback's ADD is let finish before the undo.
            lo.handle((result, failure) -> null).join();
            throw e;
        }
        awaitLoopback(lo);
        CniAttachment done = attachment.withResult(previous);
        PodNetworkStatus status = status(done);
        save(done);
        LOG.info("pod {}/{} attached to network {} with IP {} in netns {}", namespace, podName, conflist.name(),
                status.ip(), attachment.netns());
        return status;
    }

    /** Fits the bridge to the pod CIDR once; a refusal is logged once and fails every pod (each gets it as an event). */
    private void fitBridge(String cidr) {
        if (cidr.equals(fittedCidr)) {
            return;
        }
        try {
            bridge.fit(cidr);
        } catch (CniException e) {
            if (!e.getMessage().equals(refusal)) {
                refusal = e.getMessage();
                LOG.error("no pod can be attached to the network: {}", refusal);
            }
            throw e;
        }
        fittedCidr = cidr;
        refusal = null;
    }

    /**
     * Runs DEL for every plugin, last first, then the loopback, then deletes the namespace and the record. A failed
     * DEL of a completed attachment is thrown after the others ran and keeps the record, so a later tear-down
     * retries (SPEC.md: DEL must succeed when the attachment is already partly gone, so it may run again); an
     * attachment whose ADD never completed is undone as far as its plugins allow.
     */
    private void detach(CniAttachment attachment, boolean strict) {
        Path netns = NetworkNamespaces.path(attachment.netns());
        List<ObjectNode> configs = new CniConflist(attachment.conflist()).pluginConfigs();
        Collections.reverse(configs);
        List<CniPlugins.Invocation> calls = new ArrayList<>();
        List<ObjectNode> inputs = new ArrayList<>();
        for (ObjectNode plugin : configs) {
            if (attachment.result() != null) {
                plugin.set("prevResult", attachment.result());
            }
            calls.add(new CniPlugins.Invocation("DEL", attachment.podUid(), netns, IFNAME));
            inputs.add(plugin);
        }
        calls.add(new CniPlugins.Invocation("DEL", attachment.podUid(), netns, LOOPBACK_IFNAME));
        inputs.add(loopback());
        CniException failed = null;
        for (int i = 0; i < calls.size(); i++) {
            try {
                plugins.invoke(calls.get(i), inputs.get(i));
            } catch (CniException e) {
                if (failed == null) {
                    failed = e;
                }
            }
        }
        if (failed != null && strict) {
            throw new CniException("failed to tear down network of pod \"" + attachment.namespace() + "/"
                    + attachment.podName() + "\": " + failed.getMessage(), failed.code());
        }
        if (failed != null) {
            LOG.warn("undoing the partial network set-up of pod {}/{}: {}", attachment.namespace(),
                    attachment.podName(), failed.getMessage());
        }
        NetworkNamespaces.delete(attachment.netns());
        try {
            Files.deleteIfExists(recordFile(attachment.podUid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the network record of pod " + attachment.podUid(), e);
        }
    }

    /** Waits for the loopback's ADD; its failure is thrown as itself. */
    private static void awaitLoopback(CompletableFuture<ObjectNode> lo) {
        try {
            lo.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static ObjectNode loopback() {
        ObjectNode lo = Json.object();
        lo.put("cniVersion", CniConflist.CNI_VERSION);
        lo.put("name", "cni-loopback");
        lo.put("type", "loopback");
        return lo;
    }

    private static PodNetworkStatus status(CniAttachment attachment) {
        JsonNode ips = attachment.result() == null ? null : attachment.result().path("ips");
        String address = ips == null || ips.isEmpty() ? "" : ips.get(0).path("address").asString("");
        if (address.isEmpty()) {
            throw new CniException("the network result of pod " + attachment.namespace() + "/"
                    + attachment.podName() + " has no IP address (ips[0].address)", 0);
        }
        int slash = address.indexOf('/');
        return new PodNetworkStatus(NetworkNamespaces.path(attachment.netns()),
                slash < 0 ? address : address.substring(0, slash));
    }

    private CniAttachment load(String podUid) {
        Path file = recordFile(podUid);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), CniAttachment.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network record " + file, e);
        } catch (RuntimeException e) {
            LOG.warn("the network record {} is unreadable, removing its namespace only: {}", file, e.getMessage());
            NetworkNamespaces.delete(netnsName(podUid));
            try {
                Files.deleteIfExists(file);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            return null;
        }
    }

    private void save(CniAttachment attachment) {
        try {
            PrivateFiles.directories(config.attachmentsDir());
            Path file = recordFile(attachment.podUid());
            Path tmp = config.attachmentsDir().resolve("." + attachment.podUid() + ".tmp");
            Files.deleteIfExists(tmp);
            PrivateFiles.createFile(tmp);
            PrivateFiles.write(tmp, Json.mapper().writeValueAsBytes(attachment));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the network of pod " + attachment.podUid(), e);
        }
    }

    private Path recordFile(String podUid) {
        return config.attachmentsDir().resolve(podUid + ".json");
    }

    // One lock per pod (striped): set-up and tear-down of one pod never overlap.
    private Object lock(String podUid) {
        return podLocks[Math.floorMod(podUid.hashCode(), LOCKS)];
    }

    private static void requireUid(String podUid) {
        if (podUid == null || !podUid.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*")) {
            // SPEC.md: CNI_CONTAINERID must start with an alphanumeric and hold only alphanumerics, '_', '.', '-'.
            throw new IllegalArgumentException("pod UID \"" + podUid + "\" is not a valid CNI container ID");
        }
    }
}
