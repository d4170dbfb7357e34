package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Writes to namespaces/status (k/k pkg/registry/core/namespace/strategy.go namespaceStatusStrategy and validation.go
 * ValidateNamespaceStatusUpdate, 1.32): the spec stays as stored and the phase follows the deletion timestamp.
 */
class NamespaceStatusStrategyTest {
    private static final String MERGE = "application/merge-patch+json";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static KubernetesClient client;
    private static RawApi raw;

    @BeforeAll
    static void connect() {
        client = skiff.client();
        raw = new RawApi(client);
    }

    @Test
    void aLiveNamespaceCannotBeMarkedTerminating() {
        String name = FreshNamespace.create(client, "ns-phase");

        RawResponse answer = raw.send("PATCH", "/api/v1/namespaces/" + name + "/status", MERGE,
                "{\"status\":{\"phase\":\"Terminating\"}}");

        assertThat(answer.code()).as(answer.body()).isEqualTo(422);
        JsonNode cause = answer.json().path("details").path("causes").get(0);
        assertThat(cause.path("field").asString()).isEqualTo("status.Phase");
        assertThat(answer.json().path("message").asString())
                .contains("may only be 'Active' if `deletionTimestamp` is empty");
    }

    @Test
    void aStatusWriteKeepsTheSpecAndTakesConditions() {
        String name = FreshNamespace.create(client, "ns-spec");
        Namespace stored = client.namespaces().withName(name).get();

        client.namespaces().resource(new NamespaceBuilder(stored)
                .editSpec().withFinalizers().endSpec()
                .editStatus().addNewCondition().withType("Custom").withStatus("True").endCondition().endStatus()
                .build()).updateStatus();

        Namespace after = client.namespaces().withName(name).get();
        assertThat(after.getSpec().getFinalizers()).containsExactly("kubernetes");
        assertThat(after.getStatus().getPhase()).isEqualTo("Active");
        assertThat(after.getStatus().getConditions()).extracting("type").containsExactly("Custom");
    }
}
