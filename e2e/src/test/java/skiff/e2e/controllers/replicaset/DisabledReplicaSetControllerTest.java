package skiff.e2e.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** {@code --disable-controllers replicaset} leaves ReplicaSets alone while ReplicationControllers are still kept. */
class DisabledReplicaSetControllerTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("replicaset").build();

    private final KubernetesClient client = skiff.client();
    private final ReplicaSets sets = new ReplicaSets(client);

    @Test
    void aReplicaSetGetsNoPodsWhenItsControllerIsDisabled() {
        String ns = sets.namespace("rs-disabled");
        ReplicaSet rs = sets.createReplicaSet(ns, "web", 2, WEB);
        // Created after the set: once its pods exist, the set's controller, if it ran, had its chance too.
        ReplicationController rc = client.replicationControllers().inNamespace(ns).resource(
                new ReplicationControllerBuilder()
                        .withNewMetadata().withName("other").endMetadata()
                        .withNewSpec().withReplicas(2).withTemplate(ReplicaSets.template(Map.of("app", "other")))
                        .endSpec().build()).create();

        sets.awaitOwnedPods(ns, rc.getMetadata().getUid(), 2);

        assertThat(sets.activePodsOwnedBy(ns, rs.getMetadata().getUid())).isEmpty();
        assertThat(sets.get(ns, "web").getStatus()).satisfiesAnyOf(
                status -> assertThat(status).isNull(),
                status -> assertThat(status.getReplicas()).isZero());
    }
}
