package skiff.apiserver.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import skiff.store.KeyValue;
import skiff.store.memory.MemoryKeyValueStore;

/** Objects an older Skiff stored under its own keys are found under kube-apiserver's after an upgrade. */
class KeyLayoutUpgradeTest {
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();

    @Test
    void movesObjectsFromThePreviousKeysOnceAndLeavesTheRest() {
        put("/registry/services/default/web");
        put("/registry/services/specs/default/api");
        put("/registry/endpoints/default/web");
        put("/registry/nodes/node-1");
        put("/registry/replicationcontrollers/default/rc");
        put("/registry/batch/jobs/default/pi");
        put("/registry/rbac.authorization.k8s.io/clusterroles/viewer");
        put("/registry/coordination.k8s.io/leases/kube-system/lock");
        put("/registry/deployments/default/app");
        put("/registry/configmaps/default/settings");

        assertThat(new KeyLayoutUpgrade(store).run(BuiltinResources.catalog())).isEqualTo(7);

        assertThat(store.range("/registry/", null, 0, 0).items()).extracting(KeyValue::key).containsExactly(
                "/registry/clusterroles/viewer",
                "/registry/configmaps/default/settings",
                "/registry/controllers/default/rc",
                "/registry/deployments/default/app",
                "/registry/jobs/default/pi",
                "/registry/leases/kube-system/lock",
                "/registry/minions/node-1",
                "/registry/services/endpoints/default/web",
                "/registry/services/specs/default/api",
                "/registry/services/specs/default/web");
        assertThat(new String(store.get("/registry/jobs/default/pi").orElseThrow().value(), StandardCharsets.UTF_8))
                .isEqualTo("/registry/batch/jobs/default/pi");
        assertThat(new KeyLayoutUpgrade(store).run(BuiltinResources.catalog())).isZero();
    }

    private void put(String key) {
        store.create(key, key.getBytes(StandardCharsets.UTF_8));
    }
}
