package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.testing.SkiffExtension;

/**
 * metadata.generation of the workload kinds, driven through fabric8's generic (untyped) resources: 1 on create,
 * one more per spec change, untouched by metadata and status changes (k/k pkg/registry/apps/deployment/strategy.go
 * PrepareForUpdate and its siblings).
 */
class WorkloadGenerationTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            .disableControllers("replicaset", "deployment", "statefulset", "daemonset", "scheduler").build();

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        namespace = FreshNamespace.create(client, "generation");
    }

    static List<ServedKind> workloads() {
        return ServedKind.all().stream().filter(ServedKind::workload).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void generationCountsSpecChangesButNotMetadataOrStatusChanges(ServedKind kind) {
        HasMetadata created = client.resource(kind.build(namespace, "gen-" + kind.name())).create();
        Resource<GenericKubernetesResource> resource = client
                .genericKubernetesResources(created.getApiVersion(), created.getKind())
                .inNamespace(namespace).withName(created.getMetadata().getName());
        assertThat(resource.get().getMetadata().getGeneration()).isEqualTo(1L);

        GenericKubernetesResource relabeled = resource.edit(o -> {
            o.getMetadata().setLabels(Map.of("relabeled", "yes"));
            o.getMetadata().setAnnotations(Map.of("note", "metadata only"));
            return o;
        });
        assertThat(relabeled.getMetadata().getLabels()).containsEntry("relabeled", "yes");
        assertThat(relabeled.getMetadata().getGeneration()).isEqualTo(1L);

        GenericKubernetesResource withStatus = resource.editStatus(o -> {
            o.setAdditionalProperty("status", Map.of("observedGeneration", 1));
            return o;
        });
        assertThat(withStatus.<Integer>get("status", "observedGeneration")).isEqualTo(1);
        assertThat(rv(withStatus)).isGreaterThan(rv(relabeled));
        assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1L);

        GenericKubernetesResource newImage = resource.edit(o -> withImage(o, "nginx:1.28"));
        assertThat(newImage.getMetadata().getGeneration()).isEqualTo(2L);
        GenericKubernetesResource newerImage = resource.edit(o -> withImage(o, "nginx:1.29"));
        assertThat(newerImage.getMetadata().getGeneration()).isEqualTo(3L);
        assertThat(newerImage.<Integer>get("status", "observedGeneration")).isEqualTo(1);

        GenericKubernetesResource unchanged = client.resource(resource.get()).update();
        assertThat(unchanged.getMetadata().getGeneration()).isEqualTo(3L);
        assertThat(unchanged.getMetadata().getResourceVersion())
                .isEqualTo(newerImage.getMetadata().getResourceVersion());
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withImage(GenericKubernetesResource o, String image) {
        Map<String, Object> podSpec = o.get("spec", "template", "spec");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec.get("containers");
        containers.get(0).put("image", image);
        return o;
    }

    private static long rv(HasMetadata o) {
        return Long.parseLong(o.getMetadata().getResourceVersion());
    }
}
