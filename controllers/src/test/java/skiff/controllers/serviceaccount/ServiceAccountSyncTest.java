package skiff.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;

class ServiceAccountSyncTest {

    @Test
    void anActiveNamespaceWithoutTheDefaultAccountGetsIt() {
        assertThat(ServiceAccountSync.accountsToCreate(namespace("Active"), name -> false)).containsExactly("default");
    }

    @Test
    void anActiveNamespaceThatHasItNeedsNothing() {
        assertThat(ServiceAccountSync.accountsToCreate(namespace("Active"), "default"::equals)).isEmpty();
    }

    @Test
    void aTerminatingNamespaceGetsNothing() {
        assertThat(ServiceAccountSync.accountsToCreate(namespace("Terminating"), name -> false)).isEmpty();
    }

    @Test
    void aNamespaceGoneFromTheCacheGetsNothing() {
        assertThat(ServiceAccountSync.accountsToCreate(null, name -> false)).isEmpty();
    }

    private static Namespace namespace(String phase) {
        return new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata()
                .withNewStatus().withPhase(phase).endStatus().build();
    }
}
