package skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.kubelet.network.ResolvConfFile;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.VolumeConfig;

class SandboxConfigsTest {
    private static final ApiObjects NONE = new ApiObjects() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.empty();
        }
    };

    @TempDir
    Path dir;

    private static Pod pod(String name, String hostname, String subdomain) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withUid("u1").endMetadata()
                .withNewSpec().withHostname(hostname).withSubdomain(subdomain).endSpec().build();
    }

    private NodeSettings node(List<String> clusterDns) throws Exception {
        Path resolv = Files.writeString(dir.resolve("resolv.conf"), "search corp.example\nnameserver 192.0.2.53\n");
        return new NodeSettings("skiff", 1L << 30, -1, dir, false, clusterDns, "cluster.local", resolv);
    }

    private SandboxConfig config(Pod pod, NodeSettings node, List<ResolvConfFile.Warning> warnings) {
        return ((Resolved.Ok<SandboxConfig>) SandboxConfigs.of(new ContainerConfigs.Context(pod, "", "10.0.0.1", NONE,
                node), warnings::add)).value();
    }

    @Test
    void theHostnameIsThePodsName() throws Exception {
        assertThat(config(pod("web-0", null, null), node(List.of()), new ArrayList<>()).hostname()).isEqualTo("web-0");
    }

    @Test
    void specHostnameWins() throws Exception {
        assertThat(config(pod("web-0", "db", null), node(List.of()), new ArrayList<>()).hostname()).isEqualTo("db");
    }

    @Test
    void aLongNameIsCutTo63CharactersWithoutATrailingDashOrDot() throws Exception {
        String name = "a".repeat(61) + "-.-bcd";

        assertThat(config(pod(name, null, null), node(List.of()), new ArrayList<>()).hostname())
                .isEqualTo("a".repeat(61));
    }

    @Test
    void aPodWithASubdomainGetsItsDomainAndClusterFirstResolvesWithClusterDns() throws Exception {
        List<ResolvConfFile.Warning> warnings = new ArrayList<>();

        SandboxConfig config = config(pod("web-0", null, "web"), node(List.of("10.43.0.10")), warnings);

        assertThat(config.dns().domain()).isEqualTo("web.shop.svc.cluster.local");
        assertThat(config.dns().resolvConf()).isEqualTo("search shop.svc.cluster.local svc.cluster.local"
                + " cluster.local corp.example\nnameserver 10.43.0.10\noptions ndots:5\n");
        assertThat(warnings).isEmpty();
    }

    @Test
    void withoutClusterDnsThePodUsesTheNodesResolverAndIsWarned() throws Exception {
        List<ResolvConfFile.Warning> warnings = new ArrayList<>();

        SandboxConfig config = config(pod("web-0", null, null), node(List.of()), warnings);

        assertThat(config.dns().resolvConf()).isEqualTo("search corp.example\nnameserver 192.0.2.53\n");
        assertThat(warnings).extracting(ResolvConfFile.Warning::reason).contains("MissingClusterDNS");
    }

    @Test
    void anInvalidSubdomainFailsTheSandboxConfig() throws Exception {
        assertThat(SandboxConfigs.of(new ContainerConfigs.Context(pod("web-0", null, "Not_A_Label"), "", "10.0.0.1",
                NONE, node(List.of()))))
                .isInstanceOfSatisfying(Resolved.Invalid.class, invalid -> assertThat(invalid.message())
                        .contains("Not_A_Label"));
    }

    @Test
    void aMemoryEmptyDirIsAsLargeAsTheSmallestOfAllocatableThePodLimitAndItsSizeLimit() {
        long gib = 1L << 30;
        assertThat(SandboxConfigs.memoryEmptyDirSize(null, 0, 8 * gib)).isEqualTo(8 * gib);
        assertThat(SandboxConfigs.memoryEmptyDirSize(null, gib, 8 * gib)).isEqualTo(gib);
        assertThat(SandboxConfigs.memoryEmptyDirSize(new Quantity("64Mi"), gib, 8 * gib)).isEqualTo(64L << 20);
        // A sizeLimit above what the pod may use does not raise the size.
        assertThat(SandboxConfigs.memoryEmptyDirSize(new Quantity("2Gi"), gib, 8 * gib)).isEqualTo(gib);
        assertThat(SandboxConfigs.memoryEmptyDirSize(new Quantity("16Gi"), 0, 8 * gib)).isEqualTo(8 * gib);
    }

    @Test
    void aMemoryEmptyDirOfAPodWithMemoryLimitsIsSizedByThem() throws Exception {
        Pod pod = new PodBuilder(pod("web", null, null)).editSpec().addNewContainer().withName("app")
                .withNewResources().addToLimits("memory", new Quantity("100Mi")).endResources().endContainer()
                .addNewVolume().withName("fast").withNewEmptyDir().withMedium("Memory").endEmptyDir().endVolume()
                .addNewVolume().withName("small").withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity("1Mi")).endEmptyDir().endVolume()
                .addNewVolume().withName("disk").withNewEmptyDir().withSizeLimit(new Quantity("1Mi")).endEmptyDir()
                .endVolume().endSpec().build();

        SandboxConfig config = config(pod, node(List.of()), new ArrayList<>());

        assertThat(config.volumes()).containsExactly(new VolumeConfig.EmptyDir("fast", true, 100L << 20),
                new VolumeConfig.EmptyDir("small", true, 1L << 20), new VolumeConfig.EmptyDir("disk", false, 0));
    }

    @Test
    void fileVolumesAreReadEachOnItsOwnAndAMissingSourceIsInvalid() throws Exception {
        ApiObjects objects = new ApiObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return name.equals("settings") ? Optional.of(new ConfigMapBuilder().addToData("color", "blue")
                        .build()) : Optional.empty();
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.empty();
            }
        };
        Pod pod = new PodBuilder(pod("web", null, null)).editMetadata().addToLabels("tier", "front").endMetadata()
                .editSpec().addNewVolume().withName("cfg").withNewConfigMap().withName("settings").endConfigMap()
                .endVolume().addNewVolume().withName("gone").withNewSecret().withSecretName("missing").endSecret()
                .endVolume().addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("labels")
                .withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI()
                .endVolume().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();

        Map<String, Resolved<VolumeConfig.Files>> volumes = SandboxConfigs.fileVolumes(
                new ContainerConfigs.Context(pod, "10.42.0.5", "10.0.0.1", objects, node(List.of())));

        assertThat(volumes).containsOnlyKeys("cfg", "gone", "info");
        assertThat(((Resolved.Ok<VolumeConfig.Files>) volumes.get("cfg")).value().files().get("color"))
                .asString().isEqualTo("blue");
        assertThat(volumes.get("gone")).isInstanceOfSatisfying(Resolved.Invalid.class,
                invalid -> assertThat(invalid.message()).contains("secret \"missing\" not found"));
        assertThat(((Resolved.Ok<VolumeConfig.Files>) volumes.get("info")).value().files().get("labels"))
                .asString().isEqualTo("tier=\"front\"");
    }

    @Test
    void aClaimVolumeIsItsBoundVolumesPathAndWaitsWhileUnbound() throws Exception {
        Map<String, PersistentVolumeClaim> claims = Map.of(
                "bound", new PersistentVolumeClaimBuilder().withNewMetadata().withName("bound").withUid("c1")
                        .endMetadata().withNewSpec().withVolumeName("pv-1").endSpec().withNewStatus()
                        .withPhase("Bound").endStatus().build(),
                "pending", new PersistentVolumeClaimBuilder().withNewMetadata().withName("pending").withUid("c2")
                        .endMetadata().withNewSpec().endSpec().withNewStatus().withPhase("Pending").endStatus()
                        .build());
        ApiObjects objects = new ApiObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
                return Optional.ofNullable(claims.get(name));
            }

            @Override
            public Optional<PersistentVolume> persistentVolume(String name) {
                return Optional.of(new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
                        .withNewSpec().withNewClaimRef().withUid("c1").endClaimRef().withNewHostPath()
                        .withPath("/var/lib/skiff/storage/pv-1").withType("DirectoryOrCreate").endHostPath()
                        .endSpec().build());
            }
        };
        ContainerConfigs.Context ctx = new ContainerConfigs.Context(pod("db-0", null, null), "", "10.0.0.1",
                objects, node(List.of()));

        assertThat(SandboxConfigs.volume(ctx, claimVolume("bound"))).isEqualTo(new Resolved.Ok<>(
                new VolumeConfig.HostPath("data", "/var/lib/skiff/storage/pv-1", "DirectoryOrCreate")));
        assertThat(SandboxConfigs.volume(ctx, claimVolume("pending"))).isEqualTo(new Resolved.Invalid<>(
                "ContainerCreating", "Unable to attach or mount volumes: error processing PVC shop/pending: PVC is "
                        + "not bound"));
        assertThat(SandboxConfigs.volume(ctx, claimVolume("ghost"))).isEqualTo(new Resolved.Invalid<>(
                "ContainerCreating", "Unable to attach or mount volumes: error processing PVC shop/ghost: failed to "
                        + "fetch PVC from API server: persistentvolumeclaims \"ghost\" not found"));
    }

    private static Volume claimVolume(String claim) {
        return new VolumeBuilder().withName("data").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().build();
    }
}
