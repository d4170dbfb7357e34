package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.dns.ClusterDnsOptions;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;
import skiff.testing.TestKubelets;

/** The embedded store outlives the server: a second start on the same data directory serves the same objects. */
class ServerRestartTest {

    @Test
    void temporaryServerServesAndRemovesItsDirectoryWhenStopped() {
        Path dataDir;
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.EMBEDDED);
                KubernetesClient client = server.newClient()) {
            dataDir = server.dataDir();
            client.resource(SampleObjects.configMap("default", "temporary")).create();

            assertThat(client.configMaps().inNamespace("default").withName("temporary").get()).isNotNull();
            assertThat(dataDir.resolve("db")).isDirectory();
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void secondStartOnTheSameDataDirectoryServesTheSameObjects(@TempDir Path dataDir) {
        // The stored objects exactly as written: no deployment controller annotating the Deployment in between.
        SkiffServerOptions options = SkiffServerOptions.defaults(dataDir).withPort(0)
                .withKubelet(TestKubelets.process())
                .withDns(ClusterDnsOptions.defaults().withListen("127.0.0.1", 0))
                .withDisabledControllers(Set.of("deployment", "replicaset"));
        ConfigMap kept;
        Deployment deployment;
        String token;
        String lastVersion;
        try (SkiffServer first = SkiffServer.start(options); KubernetesClient client = first.newClient()) {
            token = first.adminToken();
            String namespace = FreshNamespace.create(client, "durable");
            kept = client.resource(SampleObjects.configMap(namespace, "kept", Map.of("k", "v"))).create();
            client.resource(SampleObjects.configMap(namespace, "removed")).create();
            Deployment created = client.resource(SampleObjects.deployment(namespace, "web")).create();
            client.apps().deployments().resource(new DeploymentBuilder(created).withNewStatus().withReplicas(2)
                    .withObservedGeneration(1L).endStatus().build()).updateStatus();
            deployment = client.apps().deployments().inNamespace(namespace).withName("web")
                    .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build());
            client.configMaps().inNamespace(namespace).withName("removed").delete();
            lastVersion = client.configMaps().inNamespace(namespace).list().getMetadata().getResourceVersion();
        }

        try (SkiffServer second = SkiffServer.start(options); KubernetesClient client = second.newClient()) {
            String namespace = kept.getMetadata().getNamespace();
            assertThat(second.adminToken()).isEqualTo(token);
            assertThat(client.configMaps().inNamespace(namespace).withName("kept").get()).isEqualTo(kept);
            assertThat(client.apps().deployments().inNamespace(namespace).withName("web").get())
                    .isEqualTo(deployment);
            assertThat(client.configMaps().inNamespace(namespace).withName("removed").get()).isNull();
            assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .containsOnlyOnce("default", "kube-system", "kube-public", "kube-node-lease", namespace);

            ConfigMap later = client.resource(SampleObjects.configMap(namespace, "later")).create();
            assertThat(Long.parseLong(later.getMetadata().getResourceVersion()))
                    .isGreaterThan(Long.parseLong(lastVersion));
        }
    }
}
