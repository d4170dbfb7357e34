package skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.VolumeConfig;

class ContainerConfigsTest {
    private static final ApiObjects OBJECTS = new ApiObjects() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return name.equals("settings") ? Optional.of(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .endMetadata().withData(Map.of("color", "blue", "size", "L")).build()) : Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return name.equals("creds") ? Optional.of(new SecretBuilder().withNewMetadata().withName(name)
                    .endMetadata().withData(Map.of("password", Base64.getEncoder().encodeToString("s3cret".getBytes())))
                    .build()) : Optional.empty();
        }
    };

    private static Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("uid-1")
                .addToLabels("app", "web").endMetadata().withNewSpec().withNodeName("n1").withContainers(c)
                .endSpec().build();
    }

    private static Resolved<ContainerConfig> resolve(Container c) {
        return ContainerConfigs.of(new ContainerConfigs.Context(pod(c), "127.0.0.1", "10.0.0.1", OBJECTS), c, 2,
                "h");
    }

    @Test
    void theEnvironmentComesFromEnvFromThenEnvInOrderWithReferencesExpanded() {
        Container c = new ContainerBuilder().withName("app").withImage("img").withCommand("echo", "$(GREETING)")
                .withArgs("$(COLOR)", "$$(COLOR)").addNewEnvFrom().withPrefix("CM_").withNewConfigMapRef()
                .withName("settings").endConfigMapRef().endEnvFrom()
                .addNewEnv().withName("NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withValue("hello $(NAME) from $(NODE)").endEnv()
                .addNewEnv().withName("COLOR").withNewValueFrom().withNewConfigMapKeyRef().withName("settings")
                .withKey("color").endConfigMapKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("creds")
                .withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .build();

        ContainerConfig config = ((Resolved.Ok<ContainerConfig>) resolve(c)).value();

        assertThat(config.env()).containsExactly(Map.entry("CM_color", "blue"), Map.entry("CM_size", "L"),
                Map.entry("NAME", "web"), Map.entry("GREETING", "hello web from $(NODE)"),
                Map.entry("COLOR", "blue"), Map.entry("PASSWORD", "s3cret"), Map.entry("APP", "web"));
        assertThat(config.command()).containsExactly("echo", "hello web from $(NODE)");
        assertThat(config.args()).containsExactly("blue", "$(COLOR)");
        assertThat(config.attempt()).isEqualTo(2);
    }

    @Test
    void aMissingConfigMapIsAConfigError() {
        Container c = new ContainerBuilder().withName("app").withImage("img").withCommand("true").addNewEnv()
                .withName("X").withNewValueFrom().withNewConfigMapKeyRef().withName("absent").withKey("k")
                .endConfigMapKeyRef().endValueFrom().endEnv().build();

        assertThat(resolve(c)).isEqualTo(new Resolved.Invalid<>("CreateContainerConfigError",
                "configmap \"absent\" not found"));
    }

    @Test
    void anOptionalMissingKeyIsLeftOut() {
        Container c = new ContainerBuilder().withName("app").withImage("img").withCommand("true").addNewEnv()
                .withName("X").withNewValueFrom().withNewConfigMapKeyRef().withName("settings").withKey("nope")
                .withOptional(true).endConfigMapKeyRef().endValueFrom().endEnv().build();

        assertThat(((Resolved.Ok<ContainerConfig>) resolve(c)).value().env()).doesNotContainKey("X");
    }

    @Test
    void argsWithoutACommandAreKeptAsArgs() {
        Container c = new ContainerBuilder().withName("app").withImage("img").withArgs("-v").build();

        ContainerConfig config = ((Resolved.Ok<ContainerConfig>) resolve(c)).value();
        assertThat(config.command()).isEmpty();
        assertThat(config.args()).containsExactly("-v");
    }

    @Test
    void volumesResolveTheirContentsAndAMissingSourceKeepsThePodCreating() {
        Pod pod = new PodBuilder(pod(new ContainerBuilder().withName("app").withImage("img").build())).editSpec()
                .addNewVolume().withName("scratch").withNewEmptyDir().withMedium("Memory").endEmptyDir().endVolume()
                .addNewVolume().withName("cfg").withNewConfigMap().withName("settings").addNewItem().withKey("color")
                .withPath("colors/main").endItem().endConfigMap().endVolume()
                .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("labels")
                .withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI()
                .endVolume().endSpec().build();

        SandboxConfig config = ((Resolved.Ok<SandboxConfig>) SandboxConfigs.of(new ContainerConfigs.Context(pod,
                "127.0.0.1", "10.0.0.1", OBJECTS))).value();

        assertThat(config.volumes()).hasSize(3);
        assertThat(config.volumes().get(0)).isEqualTo(new VolumeConfig.EmptyDir("scratch", true,
                NodeSettings.defaults().allocatableMemoryBytes()));
        VolumeConfig.Files cfg = (VolumeConfig.Files) config.volumes().get(1);
        assertThat(cfg.files()).containsOnlyKeys("colors/main");
        assertThat(new String(cfg.files().get("colors/main"))).isEqualTo("blue");
        assertThat(new String(((VolumeConfig.Files) config.volumes().get(2)).files().get("labels")))
                .isEqualTo("app=\"web\"");

        Pod missing = new PodBuilder(pod).editSpec().addNewVolume().withName("s").withNewSecret()
                .withSecretName("nope").endSecret().endVolume().endSpec().build();
        assertThat(SandboxConfigs.of(new ContainerConfigs.Context(missing, "127.0.0.1", "10.0.0.1", OBJECTS)))
                .isInstanceOf(Resolved.Invalid.class);
    }

    @Test
    void expansionFollowsKubernetesRules() {
        Map<String, String> env = Map.of("A", "1");

        assertThat(EnvExpansion.expand("$(A)-$(B)-$$(A)-$$-$A-$(", env)).isEqualTo("1-$(B)-$(A)-$-$A-$(");
    }

    @Test
    void servicesVariablesFollowTheContainersOwnWhichWinAndCanBeReferenced() {
        Container c = new ContainerBuilder().withName("app").withImage("img")
                .withCommand("echo", "$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)")
                .addNewEnv().withName("WEB_SERVICE_PORT").withValue("8080").endEnv()
                .addNewEnv().withName("API").withValue("https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)")
                .endEnv().build();

        ContainerConfig config = ((Resolved.Ok<ContainerConfig>) ContainerConfigs.of(new ContainerConfigs.Context(
                pod(c), "127.0.0.1", "10.0.0.1", new ServiceObjects(true)), c, 0, "h")).value();

        assertThat(List.copyOf(config.env().keySet()).subList(0, 2)).containsExactly("WEB_SERVICE_PORT", "API");
        assertThat(config.env()).containsEntry("WEB_SERVICE_PORT", "8080")
                .containsEntry("API", "https://10.96.0.1:443").containsEntry("WEB_SERVICE_HOST", "10.96.0.7")
                .containsEntry("WEB_PORT_80_TCP_ADDR", "10.96.0.7").containsEntry("KUBERNETES_PORT", "tcp://10.96.0.1:443")
                .doesNotContainKey("DB_SERVICE_HOST");
        assertThat(config.command()).containsExactly("echo", "10.96.0.7:8080");
    }

    @Test
    void aPodFromTheApiWaitsForTheServicesFirstListAStaticPodDoesNot() {
        Container c = new ContainerBuilder().withName("app").withImage("img").withCommand("true").build();
        Pod apiPod = pod(c);
        Pod staticPod = new PodBuilder(apiPod).editMetadata()
                .addToAnnotations("kubernetes.io/config.source", "file").endMetadata().build();
        ApiObjects unsynced = new ServiceObjects(false);

        assertThat(ContainerConfigs.of(new ContainerConfigs.Context(apiPod, "127.0.0.1", "10.0.0.1", unsynced), c, 0,
                "h")).isEqualTo(new Resolved.Invalid<>("CreateContainerConfigError",
                "services have not yet been read at least once, cannot construct envvars"));
        assertThat(ContainerConfigs.of(new ContainerConfigs.Context(staticPod, "127.0.0.1", "10.0.0.1", unsynced), c,
                0, "h")).isInstanceOf(Resolved.Ok.class);
    }

    private record ServiceObjects(boolean synced) implements ApiObjects {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public List<Service> services() {
            return List.of(service("default", "kubernetes", "10.96.0.1", 443), service("shop", "web", "10.96.0.7", 80),
                    service("other", "db", "10.96.0.9", 5432));
        }

        @Override
        public boolean servicesSynced() {
            return synced;
        }

        private static Service service(String namespace, String name, String ip, int port) {
            return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                    .withNewSpec().withClusterIP(ip).addNewPort().withPort(port).withProtocol("TCP").endPort()
                    .endSpec().build();
        }
    }
}
