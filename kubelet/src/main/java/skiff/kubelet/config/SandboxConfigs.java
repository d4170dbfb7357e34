package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import skiff.kubelet.network.PodHostname;
import skiff.kubelet.network.ResolvConfFile;
import skiff.kubelet.runtime.LinuxSandboxConfig;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.SandboxDns;
import skiff.kubelet.runtime.VolumeConfig;
import skiff.kubelet.token.TokenKey;

/**
 * A pod's sandbox configuration: its volumes, with ConfigMap, Secret and downward API contents read now (k/k
 * pkg/volume configmap, secret, downwardapi, projected plugins). A missing required source keeps the pod in
 * ContainerCreating, as a failed mount does in Kubernetes.
 */
public final class SandboxConfigs {
    // k/k pkg/apis/core/v1/defaults.go: configMap, secret, downwardAPI and projected volumes default to mode 0644.
    private static final int DEFAULT_MODE = 0644;
    private static final String MOUNT_FAILURE = "ContainerCreating";

    private SandboxConfigs() {}

    public static Resolved<SandboxConfig> of(ContainerConfigs.Context ctx) {
        return of(ctx, warning -> { });
    }

    /** The config, handing each warning met while forming the pod's DNS settings to {@code dnsWarnings}. */
    public static Resolved<SandboxConfig> of(ContainerConfigs.Context ctx,
            Consumer<ResolvConfFile.Warning> dnsWarnings) {
        Pod pod = ctx.pod();
        Resolved<LinuxSandboxConfig> linux = LinuxConfigs.sandbox(pod, ctx.node());
        if (linux instanceof Resolved.Invalid<LinuxSandboxConfig> invalid) {
            return new Resolved.Invalid<>(invalid.reason(), invalid.message());
        }
        long podMemoryLimit = ((Resolved.Ok<LinuxSandboxConfig>) linux).value().podResources().memoryLimitBytes();
        List<VolumeConfig> volumes = new ArrayList<>();
        for (Volume v : volumes(pod)) {
            Resolved<VolumeConfig> volume = volume(ctx, v, podMemoryLimit);
            if (volume instanceof Resolved.Invalid<VolumeConfig> invalid) {
                return new Resolved.Invalid<>(invalid.reason(), invalid.message());
            }
            volumes.add(((Resolved.Ok<VolumeConfig>) volume).value());
        }
        NodeSettings node = ctx.node();
        PodHostname name;
        ResolvConfFile.Result dns;
        try {
            name = PodHostname.of(pod, node.clusterDomain());
            dns = ResolvConfFile.forPod(pod, ResolvConfFile.NodeDns.fromHost(node.clusterDns(), node.clusterDomain(),
                    node.resolvConf(), List.of(ctx.hostIp())));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // k/k kubelet_pods.go: a hostname or DNS configuration the kubelet cannot form fails the sandbox.
            return new Resolved.Invalid<>("CreatePodSandboxConfigError", e.getMessage());
        }
        dns.warnings().forEach(dnsWarnings);
        return new Resolved.Ok<>(new SandboxConfig(pod.getMetadata().getUid(), pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), name.hostname(), volumes,
                ((Resolved.Ok<LinuxSandboxConfig>) linux).value(),
                new SandboxDns(name.domain(), pod.getSpec().getHostAliases(), dns.resolvConf())));
    }

    /**
     * The pod's configMap, secret, downwardAPI and projected volumes by name, their contents read now, for the
     * update of a running pod's volumes (k/k pkg/kubelet/volumemanager: these plugins require a remount at every
     * pod sync); a volume whose source cannot be read is Invalid and keeps its former contents.
     */
    public static Map<String, Resolved<VolumeConfig.Files>> fileVolumes(ContainerConfigs.Context ctx) {
        Map<String, Resolved<VolumeConfig.Files>> out = new LinkedHashMap<>();
        for (Volume v : volumes(ctx.pod())) {
            if (v.getConfigMap() != null || v.getSecret() != null || v.getDownwardAPI() != null
                    || v.getProjected() != null) {
                out.put(v.getName(), switch (volume(ctx, v, 0)) {
                    case Resolved.Ok<VolumeConfig> ok -> new Resolved.Ok<>((VolumeConfig.Files) ok.value());
                    case Resolved.Invalid<VolumeConfig> invalid ->
                            new Resolved.Invalid<>(invalid.reason(), invalid.message());
                });
            }
        }
        return out;
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }

    // k/k 1.32 pkg/volume/emptydir/empty_dir.go calculateEmptyDirMemorySize (SizeMemoryBackedVolumes, GA): a
    // memory-backed emptyDir is as large as the node's allocatable memory, or the pod's memory limit when that is
    // smaller, or its sizeLimit when that is smaller still.
    static long memoryEmptyDirSize(Quantity sizeLimit, long podMemoryLimit, long nodeAllocatableMemory) {
        long size = nodeAllocatableMemory;
        if (podMemoryLimit > 0 && podMemoryLimit <= size) {
            size = podMemoryLimit;
        }
        long volumeLimit = sizeLimit == null ? 0 : Requests.value(sizeLimit);
        if (volumeLimit > 0 && volumeLimit <= size) {
            size = volumeLimit;
        }
        return size;
    }

    /** One file volume of the pod (no memory-backed emptyDir), its contents read now. */
    public static Resolved<VolumeConfig> volume(ContainerConfigs.Context ctx, Volume v) {
        return volume(ctx, v, 0);
    }

    private static Resolved<VolumeConfig> volume(ContainerConfigs.Context ctx, Volume v, long podMemoryLimit) {
        String name = v.getName();
        if (v.getEmptyDir() != null) {
            boolean memory = "Memory".equals(v.getEmptyDir().getMedium());
            return ok(new VolumeConfig.EmptyDir(name, memory, memory ? memoryEmptyDirSize(
                    v.getEmptyDir().getSizeLimit(), podMemoryLimit, ctx.node().allocatableMemoryBytes()) : 0));
        }
        if (v.getHostPath() != null) {
            String type = v.getHostPath().getType() == null ? "" : v.getHostPath().getType();
            return ok(new VolumeConfig.HostPath(name, v.getHostPath().getPath(), type));
        }
        if (v.getPersistentVolumeClaim() != null) {
            return ClaimVolumes.resolve(ctx, name, v.getPersistentVolumeClaim().getClaimName());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Optional<String> problem;
        int mode;
        String plugin;
        if (v.getConfigMap() != null) {
            var src = v.getConfigMap();
            problem = configMapFiles(ctx, src.getName(), src.getItems(), src.getOptional(), files);
            mode = mode(src.getDefaultMode());
            plugin = "kubernetes.io~configmap";
        } else if (v.getSecret() != null) {
            var src = v.getSecret();
            problem = secretFiles(ctx, src.getSecretName(), src.getItems(), src.getOptional(), files);
            mode = mode(src.getDefaultMode());
            plugin = "kubernetes.io~secret";
        } else if (v.getDownwardAPI() != null) {
            problem = downwardFiles(ctx, v.getDownwardAPI().getItems(), files);
            mode = mode(v.getDownwardAPI().getDefaultMode());
            plugin = "kubernetes.io~downward-api";
        } else if (v.getProjected() != null) {
            problem = projectedFiles(ctx, v.getProjected().getSources(), files);
            mode = mode(v.getProjected().getDefaultMode());
            plugin = "kubernetes.io~projected";
        } else {
            return new Resolved.Invalid<>(MOUNT_FAILURE, "volume \"" + name
                    + "\": this volume type is not supported by the kubelet yet");
        }
        if (problem.isPresent()) {
            return new Resolved.Invalid<>(MOUNT_FAILURE, "MountVolume.SetUp failed for volume \"" + name + "\" : "
                    + problem.get());
        }
        return ok(new VolumeConfig.Files(name, plugin, files, mode));
    }

    private static Optional<String> projectedFiles(ContainerConfigs.Context ctx, List<VolumeProjection> sources,
            Map<String, byte[]> files) {
        for (VolumeProjection p : sources == null ? List.<VolumeProjection>of() : sources) {
            Optional<String> problem = Optional.empty();
            if (p.getConfigMap() != null) {
                problem = configMapFiles(ctx, p.getConfigMap().getName(), p.getConfigMap().getItems(),
                        p.getConfigMap().getOptional(), files);
            } else if (p.getSecret() != null) {
                problem = secretFiles(ctx, p.getSecret().getName(), p.getSecret().getItems(),
                        p.getSecret().getOptional(), files);
            } else if (p.getDownwardAPI() != null) {
                problem = downwardFiles(ctx, p.getDownwardAPI().getItems(), files);
            } else if (p.getServiceAccountToken() != null) {
                problem = tokenFile(ctx, p.getServiceAccountToken(), files);
            }
            // clusterTrustBundle sources are skipped: there are no ClusterTrustBundles.
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    // k/k pkg/volume/projected projected.go collectData: the pod's own account, bound to the pod; the token
    // manager caches it until 80% of its lifetime.
    private static Optional<String> tokenFile(ContainerConfigs.Context ctx, ServiceAccountTokenProjection source,
            Map<String, byte[]> files) {
        TokenKey key = TokenKey.of(ctx.pod(), source);
        try {
            Optional<String> token = ctx.objects().serviceAccountToken(key);
            if (token.isEmpty()) {
                return Optional.of("failed to fetch token: no API server issues tokens here");
            }
            files.put(source.getPath(), token.get().getBytes(StandardCharsets.UTF_8));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("failed to fetch token: " + e.getMessage());
        }
    }

    private static Optional<String> configMapFiles(ContainerConfigs.Context ctx, String name, List<KeyToPath> items,
            Boolean optional, Map<String, byte[]> files) {
        Optional<ConfigMap> cm = ctx.objects().configMap(ctx.pod().getMetadata().getNamespace(), name);
        if (cm.isEmpty()) {
            return Boolean.TRUE.equals(optional) ? Optional.empty()
                    : Optional.of("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm.get().getData() != null) {
            cm.get().getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.get().getBinaryData() != null) {
            cm.get().getBinaryData().forEach((k, v) -> data.put(k, java.util.Base64.getDecoder().decode(v)));
        }
        return project(data, items, optional, "configmap " + name, files);
    }

    private static Optional<String> secretFiles(ContainerConfigs.Context ctx, String name, List<KeyToPath> items,
            Boolean optional, Map<String, byte[]> files) {
        Optional<Secret> secret = ctx.objects().secret(ctx.pod().getMetadata().getNamespace(), name);
        if (secret.isEmpty()) {
            return Boolean.TRUE.equals(optional) ? Optional.empty() : Optional.of("secret \"" + name + "\" not found");
        }
        return project(ContainerConfigs.secretData(secret.get()), items, optional, "secret " + name, files);
    }

    // k/k pkg/volume/configmap configmap.go MakePayload: without items every key becomes a file; with items only
    // those, at their paths, and a missing key is an error unless the source is optional.
    private static Optional<String> project(Map<String, byte[]> data, List<KeyToPath> items, Boolean optional,
            String what, Map<String, byte[]> files) {
        if (items == null || items.isEmpty()) {
            files.putAll(data);
            return Optional.empty();
        }
        for (KeyToPath item : items) {
            byte[] content = data.get(item.getKey());
            if (content == null) {
                if (Boolean.TRUE.equals(optional)) {
                    continue;
                }
                return Optional.of("configured to use key " + item.getKey() + " of " + what + ", but it has none");
            }
            files.put(item.getPath(), content);
        }
        return Optional.empty();
    }

    private static Optional<String> downwardFiles(ContainerConfigs.Context ctx, List<DownwardAPIVolumeFile> items,
            Map<String, byte[]> files) {
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            Optional<String> value = Optional.empty();
            if (item.getFieldRef() != null) {
                value = FieldRefs.value(ctx.pod(), item.getFieldRef().getFieldPath(), ctx.podIp(), ctx.hostIp());
            } else if (item.getResourceFieldRef() != null) {
                String container = item.getResourceFieldRef().getContainerName();
                value = ctx.pod().getSpec().getContainers().stream().filter(c -> c.getName().equals(container))
                        .findFirst().map(c -> ResourceFieldRefs.value(c, item.getResourceFieldRef()));
            }
            if (value.isEmpty()) {
                return Optional.of("cannot resolve downward API item " + item.getPath());
            }
            files.put(item.getPath(), value.get().getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static int mode(Integer mode) {
        return mode == null ? DEFAULT_MODE : mode;
    }

    private static Resolved<VolumeConfig> ok(VolumeConfig v) {
        return new Resolved.Ok<>(v);
    }
}
