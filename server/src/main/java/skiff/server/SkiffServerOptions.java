package skiff.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import skiff.api.time.Clock;
import skiff.apiserver.service.ServiceNetwork;
import skiff.dns.ClusterDnsOptions;
import skiff.controllers.certificates.signer.CsrSigningController;
import skiff.controllers.endpointslice.EndpointSliceController;
import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.controllers.podgc.PodGcController;
import skiff.store.etcd.EtcdOptions;

/**
 * How to start a Skiff server.
 *
 * @param dataDir where the store, credentials and kubeconfig live
 * @param bindAddress the address to listen on
 * @param port 0 picks a free port
 * @param watchCacheEvents how many recent changes the watch cache keeps; a watch from an older revision is told
 *     410 Expired
 * @param kubelet whether and how to run a kubelet for this machine
 * @param disabledControllers names of built-in controllers not to run ("garbagecollector", "serviceaccount",
 *     "namespace", "replicaset", "replicationcontroller", "deployment", "statefulset", "daemonset",
 *     "nodelifecycle", "taint-eviction-controller", "podgc", "nodeipam", "endpoint",
 *     "endpointslice", "servicelb"), {@value #SCHEDULER} not to run the scheduler and
 *     {@value #DNS} not to run cluster DNS
 * @param nodeMonitorGracePeriod how long a node may go without renewing its Lease or posting its status before the
 *     node lifecycle controller marks it Unknown
 * @param terminatedPodGcThreshold how many terminated pods may exist before the pod garbage collector deletes the
 *     oldest (0 or less: never)
 * @param eventTtl how long an Event lives after its last write
 * @param nodeIpam the cluster CIDR that nodes' pod CIDRs come from (kube-controller-manager --cluster-cidr,
 *     --node-cidr-mask-size, --allocate-node-cidrs)
 * @param maxEndpointsPerSlice the most endpoints the EndpointSlice controller puts in one slice (1 to 1000)
 * @param serviceNetwork where Services' cluster IPs (--service-cidr) and node ports (--service-node-port-range) come
 *     from
 * @param dns how cluster DNS runs (unless {@value #DNS} is among the disabled controllers)
 * @param clusterSigningDuration the longest certificate the csrsigning controller issues (kube-controller-manager
 *     --cluster-signing-duration)
 * @param etcd how to reach etcd with {@link StoreKind#ETCD}; null with the other stores
 * @param audit where and under which policy the API server audits requests (none by default)
 * @param metricResolution how often the API server scrapes the kubelets' resource metrics for metrics.k8s.io
 *     (metrics-server --metric-resolution)
 */
public record SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock,
        int watchCacheEvents, KubeletOptions kubelet, Set<String> disabledControllers,
        Duration nodeMonitorGracePeriod, int terminatedPodGcThreshold, Duration eventTtl, NodeIpamOptions nodeIpam,
        int maxEndpointsPerSlice, ServiceNetwork serviceNetwork, ClusterDnsOptions dns,
        Duration clusterSigningDuration, EtcdOptions etcd, AuditOptions audit,
        Duration metricResolution) {
    public static final int DEFAULT_WATCH_CACHE_EVENTS = 100_000;
    /** k/k kube-controller-manager --node-monitor-grace-period (40 s through v1.31). */
    public static final Duration DEFAULT_NODE_MONITOR_GRACE_PERIOD = Duration.ofSeconds(40);
    /** The name that, among the disabled controllers, turns the scheduler off (as kube-scheduler is a separate binary,
     * but Skiff runs it with the controllers). */
    public static final String SCHEDULER = "scheduler";
    /** The name that, among the disabled controllers, turns cluster DNS off (as k3s --disable coredns). */
    public static final String DNS = "dns";
    /** k/k kube-apiserver --event-ttl: 1h. */
    public static final Duration DEFAULT_EVENT_TTL = Duration.ofHours(1);
    /** The --metric-resolution of metrics-server's released manifests: 15 s. */
    public static final Duration DEFAULT_METRIC_RESOLUTION = Duration.ofSeconds(15);

    public SkiffServerOptions {
        disabledControllers = Set.copyOf(disabledControllers);
        if (nodeMonitorGracePeriod.isNegative() || nodeMonitorGracePeriod.isZero()) {
            throw new IllegalArgumentException("nodeMonitorGracePeriod must be positive: " + nodeMonitorGracePeriod);
        }
        if (eventTtl.isNegative() || eventTtl.isZero()) {
            throw new IllegalArgumentException("eventTtl must be positive: " + eventTtl);
        }
        if (clusterSigningDuration.isNegative() || clusterSigningDuration.isZero()) {
            throw new IllegalArgumentException("clusterSigningDuration must be positive: " + clusterSigningDuration);
        }
        if (store == StoreKind.ETCD && etcd == null) {
            throw new IllegalArgumentException("the etcd store needs etcd's endpoints");
        }
        if (metricResolution.isNegative() || metricResolution.isZero()) {
            throw new IllegalArgumentException("metricResolution must be positive: " + metricResolution);
        }
        if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
            throw new IllegalArgumentException("maxEndpointsPerSlice must be between 1 and 1000: "
                    + maxEndpointsPerSlice);
        }
    }

    /** Options with the default watch cache, kubelet (node named after the host, process runtime) and controllers. */
    public SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock) {
        this(dataDir, bindAddress, port, store, clock, DEFAULT_WATCH_CACHE_EVENTS, KubeletOptions.defaults(),
                Set.of(), DEFAULT_NODE_MONITOR_GRACE_PERIOD, PodGcController.DEFAULT_TERMINATED_POD_THRESHOLD,
                DEFAULT_EVENT_TTL, NodeIpamOptions.defaults(),
                EndpointSliceController.DEFAULT_MAX_ENDPOINTS_PER_SLICE, ServiceNetwork.defaults(),
                ClusterDnsOptions.defaults(), CsrSigningController.DEFAULT_DURATION, null,
                AuditOptions.NONE, DEFAULT_METRIC_RESOLUTION);
    }

    public static SkiffServerOptions defaults(Path dataDir) {
        return new SkiffServerOptions(dataDir, "127.0.0.1", 6443, StoreKind.EMBEDDED, Clock.system());
    }

    public SkiffServerOptions withKubelet(KubeletOptions options) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, options,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    public SkiffServerOptions withDisabledControllers(Set<String> names) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet, names,
                nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    public SkiffServerOptions withPort(int newPort) {
        return new SkiffServerOptions(dataDir, bindAddress, newPort, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    public SkiffServerOptions withBindAddress(String address) {
        return new SkiffServerOptions(dataDir, address, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    public SkiffServerOptions withStore(StoreKind kind) {
        return new SkiffServerOptions(dataDir, bindAddress, port, kind, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** The etcd store, reached with {@code options}. */
    public SkiffServerOptions withEtcd(EtcdOptions options) {
        return new SkiffServerOptions(dataDir, bindAddress, port, StoreKind.ETCD, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam,
                maxEndpointsPerSlice, serviceNetwork, dns, clusterSigningDuration, options, audit, metricResolution);
    }

    /** Shrinks (or grows) the watch cache's window of recent changes; tests use a small one to reach 410 quickly. */
    public SkiffServerOptions withWatchCacheEvents(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("watchCacheEvents must be positive: " + events);
        }
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, events, kubelet, disabledControllers,
                nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    public SkiffServerOptions withTerminatedPodGcThreshold(int threshold) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, threshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** How long an Event lives after its last write (kube-apiserver --event-ttl). */
    public SkiffServerOptions withEventTtl(Duration ttl) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, ttl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** A shorter grace period lets tests see a silent node go Unknown quickly. */
    public SkiffServerOptions withNodeMonitorGracePeriod(Duration grace) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, grace, terminatedPodGcThreshold, eventTtl, nodeIpam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** Where nodes' pod CIDRs come from (kube-controller-manager --cluster-cidr and --node-cidr-mask-size). */
    public SkiffServerOptions withNodeIpam(NodeIpamOptions ipam) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, ipam, maxEndpointsPerSlice,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** The most endpoints per EndpointSlice (kube-controller-manager --max-endpoints-per-slice). */
    public SkiffServerOptions withMaxEndpointsPerSlice(int max) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam, max,
                serviceNetwork, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** Where Services' cluster IPs and node ports come from (kube-apiserver --service-cluster-ip-range, --service-node-port-range). */
    public SkiffServerOptions withServiceNetwork(ServiceNetwork network) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam,
                maxEndpointsPerSlice, network, dns, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** How cluster DNS runs: its domain, address, port and upstreams. */
    public SkiffServerOptions withDns(ClusterDnsOptions options) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam,
                maxEndpointsPerSlice, serviceNetwork, options, clusterSigningDuration, etcd, audit, metricResolution);
    }

    /** Requests audited as {@code options} say (kube-apiserver --audit-log-path, --audit-policy-file, ...). */
    public SkiffServerOptions withAudit(AuditOptions options) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam,
                maxEndpointsPerSlice, serviceNetwork, dns, clusterSigningDuration, etcd, options, metricResolution);
    }

    /** These options with csrsigning's certificates lasting at most {@code duration}. */
    public SkiffServerOptions withClusterSigningDuration(Duration duration) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam,
                maxEndpointsPerSlice, serviceNetwork, dns, duration, etcd, audit, metricResolution);
    }

    /** How often the API server scrapes the kubelets for metrics.k8s.io (metrics-server --metric-resolution). */
    public SkiffServerOptions withMetricResolution(Duration resolution) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, kubelet,
                disabledControllers, nodeMonitorGracePeriod, terminatedPodGcThreshold, eventTtl, nodeIpam,
                maxEndpointsPerSlice, serviceNetwork, dns, clusterSigningDuration, etcd, audit, resolution);
    }
}
