package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The status subresource: writes to it change status and nothing else, and the main endpoint cannot change status
 * (k/k pkg/registry/rest/update.go and the kinds' status strategies).
 */
class StatusSubresourceTest {
    @RegisterExtension
    // No scheduler: the pods here must stay unassigned.
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            // The status subresource as clients write it: no controller writing the same statuses meanwhile.
            .disableControllers("scheduler", "replicaset", "deployment", "statefulset", "daemonset").build();

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        namespace = FreshNamespace.create(client, "status");
    }

    @Test
    void updateStatusChangesStatusAndIgnoresSpecAndMetadataInTheSameBody() {
        Deployment created = client.resource(SampleObjects.deployment(namespace, "update-status")).create();
        Deployment body = new DeploymentBuilder(created)
                .editMetadata().addToLabels("sneaked", "in").endMetadata()
                .editSpec().withReplicas(7).endSpec()
                .withNewStatus().withReplicas(2).withReadyReplicas(1).withObservedGeneration(1L).endStatus()
                .build();

        Deployment answered = client.apps().deployments().resource(body).updateStatus();

        Deployment stored = client.apps().deployments().inNamespace(namespace).withName("update-status").get();
        for (Deployment d : new Deployment[] {answered, stored}) {
            assertThat(d.getStatus().getReplicas()).isEqualTo(2);
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(d.getSpec().getReplicas()).isEqualTo(2);
            assertThat(d.getMetadata().getLabels()).isNullOrEmpty();
            assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);
        }
    }

    @Test
    void replaceStatusSetsThePodPhase() {
        Pod created = client.resource(SampleObjects.pod(namespace, "replace-status")).create();
        assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
        Pod running = new PodBuilder(created).editStatus().withPhase("Running").withPodIP("10.1.0.5").endStatus()
                .editSpec().withNodeName("node-sneaked-in").endSpec().build();

        client.pods().resource(running).replaceStatus();

        Pod stored = client.pods().inNamespace(namespace).withName("replace-status").get();
        assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
        assertThat(stored.getStatus().getPodIP()).isEqualTo("10.1.0.5");
        assertThat(stored.getSpec().getNodeName()).isNull();
    }

    // k/k pkg/registry/core/pod/strategy.go podStatusStrategy keeps spec, ownerReferences and deletionTimestamp, not
    // the annotations.
    @Test
    void editStatusPatchesStatusAndMetadataButNotTheSpecOfAPod() {
        client.resource(SampleObjects.pod(namespace, "edit-status")).create();

        Pod edited = client.pods().inNamespace(namespace).withName("edit-status").editStatus(p -> new PodBuilder(p)
                .editStatus().withPhase("Succeeded").withMessage("done").endStatus()
                .editSpec().withActiveDeadlineSeconds(30L).endSpec()
                .editMetadata().addToAnnotations("sneaked", "in").endMetadata()
                .build());

        Pod stored = client.pods().inNamespace(namespace).withName("edit-status").get();
        for (Pod p : new Pod[] {edited, stored}) {
            assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
            assertThat(p.getStatus().getMessage()).isEqualTo("done");
            assertThat(p.getSpec().getActiveDeadlineSeconds()).isNull();
            assertThat(p.getMetadata().getAnnotations()).containsEntry("sneaked", "in");
        }
    }

    @Test
    void mainUpdateKeepsTheStoredStatus() {
        Deployment created = client.resource(SampleObjects.deployment(namespace, "main-update")).create();
        Deployment withStatus = client.apps().deployments().resource(new DeploymentBuilder(created)
                .withNewStatus().withReplicas(2).withObservedGeneration(1L).endStatus().build()).updateStatus();

        Deployment answered = client.apps().deployments().resource(new DeploymentBuilder(withStatus)
                .editMetadata().withLabels(Map.of("tier", "web")).endMetadata()
                .editStatus().withReplicas(99).withObservedGeneration(42L).endStatus()
                .build()).update();

        Deployment stored = client.apps().deployments().inNamespace(namespace).withName("main-update").get();
        for (Deployment d : new Deployment[] {answered, stored}) {
            assertThat(d.getMetadata().getLabels()).containsEntry("tier", "web");
            assertThat(d.getStatus().getReplicas()).isEqualTo(2);
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1L);
        }
    }

    @Test
    void createIgnoresStatusOfWorkloads() {
        Deployment created = client.resource(new DeploymentBuilder(SampleObjects.deployment(namespace, "create-status"))
                .withNewStatus().withReplicas(5).endStatus().build()).create();

        assertThat(created.getStatus() == null || created.getStatus().getReplicas() == null).isTrue();
    }

    @Test
    void statusUpdateWithAStaleResourceVersionConflicts() {
        Pod created = client.resource(SampleObjects.pod(namespace, "stale-status")).create();
        client.pods().resource(new PodBuilder(created).editStatus().withPhase("Running").endStatus().build())
                .updateStatus();

        Pod stale = new PodBuilder(created).editStatus().withPhase("Failed").endStatus().build();

        assertThatThrownBy(() -> client.pods().resource(stale).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
        assertThat(client.pods().inNamespace(namespace).withName("stale-status").get().getStatus().getPhase())
                .isEqualTo("Running");
    }
}
