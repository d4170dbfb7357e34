package skiff.e2e.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.controllers.replicaset.ReplicaSets.DEADLINE;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.e2e.controllers.ReplicasPatch;
import skiff.testing.SkiffExtension;

/** ReplicationControllers are kept by the same controller, with their equality selector defaulted from the template. */
class ReplicationControllerTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private final KubernetesClient client = skiff.client();
    private final ReplicaSets sets = new ReplicaSets(client);

    @Test
    void aControllerWithoutSelectorKeepsItsReplicasSelectedByTheTemplateLabels() {
        String ns = sets.namespace("rc-basic");
        ReplicationController rc = client.replicationControllers().inNamespace(ns).resource(
                new ReplicationControllerBuilder()
                        .withNewMetadata().withName("web").endMetadata()
                        .withNewSpec().withReplicas(3).withTemplate(ReplicaSets.template(WEB)).endSpec()
                        .build()).create();
        assertThat(rc.getSpec().getSelector()).isEqualTo(WEB);

        List<Pod> pods = sets.awaitOwnedPods(ns, rc.getMetadata().getUid(), 3);
        OwnerReference ref = pods.get(0).getMetadata().getOwnerReferences().get(0);
        assertThat(ref.getApiVersion()).isEqualTo("v1");
        assertThat(ref.getKind()).isEqualTo("ReplicationController");
        assertThat(pods.get(0).getMetadata().getGenerateName()).isEqualTo("web-");

        ReplicasPatch.set(client.replicationControllers().inNamespace(ns).withName("web"), 1);

        sets.awaitOwnedPods(ns, rc.getMetadata().getUid(), 1);
        await().atMost(DEADLINE).untilAsserted(() -> {
            ReplicationController current = client.replicationControllers().inNamespace(ns).withName("web").get();
            assertThat(current.getStatus().getReplicas()).isEqualTo(1);
            assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
            List<Event> deletes = sets.eventsAbout(ns, "web", "SuccessfulDelete");
            assertThat(deletes).hasSize(2);
            assertThat(deletes).allSatisfy(e -> {
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("ReplicationController");
                assertThat(e.getSource().getComponent()).isEqualTo("replication-controller");
            });
        });
    }

    @Test
    void anOrphanMatchingTheSelectorIsAdopted() {
        String ns = sets.namespace("rc-adopt");
        sets.createBarePod(ns, "early", WEB);
        sets.awaitControllerCaughtUp(ns);
        ReplicationController rc = client.replicationControllers().inNamespace(ns).resource(
                new ReplicationControllerBuilder()
                        .withNewMetadata().withName("web").endMetadata()
                        .withNewSpec().withReplicas(1).withTemplate(ReplicaSets.template(WEB)).endSpec()
                        .build()).create();

        List<Pod> pods = sets.awaitOwnedPods(ns, rc.getMetadata().getUid(), 1);

        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("early");
    }
}
