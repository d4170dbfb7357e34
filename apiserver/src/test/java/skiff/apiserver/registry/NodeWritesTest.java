package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nodes through the registry as a client sees them (k/k pkg/registry/core/node/strategy.go, 1.32): a create keeps
 * its status, the main resource cannot change the status nor the status subresource the spec, the status
 * subresource takes metadata changes, and a broken rule is a 422 that stores nothing.
 */
class NodeWritesTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage nodes = cluster.storage("", "nodes");

    @AfterEach
    void close() {
        cluster.close();
    }

    private ObjectNode created() {
        return nodes.create(null, json("""
                {"metadata": {"name": "n1", "labels": {"tier": "a"}},
                 "spec": {"podCIDRs": ["10.0.0.0/24"], "providerID": "skiff://n1"},
                 "status": {"capacity": {"cpu": "2", "pods": "110"},
                            "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}]}}"""),
                WriteOptions.DEFAULT);
    }

    @Test
    void aCreateKeepsTheStatusItCameWith() {
        ObjectNode node = created();

        assertThat(node.path("status").path("capacity").path("cpu").asString()).isEqualTo("2");
        assertThat(node.path("spec").path("podCIDR").asString()).isEqualTo("10.0.0.0/24");
    }

    @Test
    void anUpdateOfTheNodeKeepsTheStoredStatus() {
        created();
        ObjectNode update = nodes.get(null, "n1");
        update.withObject("status").withObject("capacity").put("cpu", "64");
        update.withObject("spec").put("unschedulable", true);

        ObjectNode stored = nodes.update(null, "n1", update, WriteOptions.DEFAULT).object();

        assertThat(stored.path("status").path("capacity").path("cpu").asString()).isEqualTo("2");
        assertThat(stored.path("spec").path("unschedulable").asBoolean()).isTrue();
    }

    @Test
    void aStatusWriteKeepsTheSpecAndTakesLabels() {
        created();
        ObjectNode update = nodes.get(null, "n1");
        update.withObject("status").withObject("capacity").put("cpu", "4");
        update.withObject("spec").put("unschedulable", true);
        update.withObject("metadata").withObject("labels").put("tier", "b");

        ObjectNode stored = nodes.update(null, "n1", update, ObjectPart.STATUS, WriteOptions.DEFAULT).object();

        assertThat(stored.path("status").path("capacity").path("cpu").asString()).isEqualTo("4");
        assertThat(stored.path("spec").has("unschedulable")).isFalse();
        assertThat(stored.path("metadata").path("labels").path("tier").asString()).isEqualTo("b");
    }

    @Test
    void aStatusWriteWithARepeatedAddressIsInvalid() {
        created();
        ObjectNode update = nodes.get(null, "n1");
        update.withObject("status").withArray("addresses").addObject().put("type", "InternalIP")
                .put("address", "10.0.0.1");

        assertThatThrownBy(() -> nodes.update(null, "n1", update, ObjectPart.STATUS, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("Node \"n1\" is invalid: status.addresses[1]: Duplicate "
                            + "value: {\"Type\":\"InternalIP\",\"Address\":\"10.0.0.1\"}");
                    assertThat(e.status().path("details").path("causes").get(0).path("field").asString())
                            .isEqualTo("status.addresses[1]");
                });
        assertThat(nodes.get(null, "n1").path("status").path("addresses").size()).isEqualTo(1);
    }

    @Test
    void podCidrsAndProviderIdDoNotChangeOnceSet() {
        created();
        ObjectNode update = nodes.get(null, "n1");
        update.withObject("spec").putArray("podCIDRs").add("10.1.0.0/24");
        update.withObject("spec").put("podCIDR", "10.1.0.0/24");
        update.withObject("spec").put("providerID", "skiff://other");

        assertThatThrownBy(() -> nodes.update(null, "n1", update, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("Node \"n1\" is invalid: [spec.podCIDRs: Forbidden: node "
                            + "updates may not change podCIDR except from \"\" to valid, spec.providerID: Forbidden: "
                            + "node updates may not change providerID except from \"\" to valid]");
                });
        assertThat(nodes.get(null, "n1").path("spec").path("podCIDRs").get(0).asString()).isEqualTo("10.0.0.0/24");
    }

    @Test
    void aNodeWithANegativeCapacityIsNotCreated() {
        assertThatThrownBy(() -> nodes.create(null, json("""
                {"metadata": {"name": "n2"}, "status": {"capacity": {"memory": "-1Gi"}}}"""), WriteOptions.DEFAULT))
                .hasMessage("Node \"n2\" is invalid: status.capacity.memory: Invalid value: \"-1Gi\": must be "
                        + "greater than or equal to 0");
        assertThat(nodes.find(null, "n2")).isEmpty();
    }
}
