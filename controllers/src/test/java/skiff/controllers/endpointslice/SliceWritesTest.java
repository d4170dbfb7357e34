package skiff.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceWritesTest {
    private static final String SERVICE = "web/web";

    @Test
    void aCacheOlderThanTheControllersOwnWritesIsStale() {
        SliceWrites writes = new SliceWrites();
        assertThat(writes.stale(SERVICE, List.of())).isFalse();

        writes.written(SERVICE, slice("a", "10"));
        assertThat(writes.stale(SERVICE, List.of())).as("created, not in the cache yet").isTrue();
        assertThat(writes.stale(SERVICE, List.of(slice("a", "9")))).as("an older version").isTrue();
        assertThat(writes.stale(SERVICE, List.of(slice("a", "10")))).isFalse();
        assertThat(writes.stale(SERVICE, List.of(slice("a", "12")))).as("changed since by someone else").isFalse();

        writes.deleted(SERVICE, slice("a", "10"));
        assertThat(writes.stale(SERVICE, List.of(slice("a", "10")))).as("deleted, still cached").isTrue();
        assertThat(writes.stale(SERVICE, List.of())).isFalse();

        writes.written(SERVICE, slice("b", "20"));
        writes.gone(SERVICE, "uid-b");
        assertThat(writes.stale(SERVICE, List.of())).as("the informer saw it deleted").isFalse();
    }

    private static EndpointSlice slice(String name, String resourceVersion) {
        return new EndpointSliceBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withResourceVersion(resourceVersion).endMetadata().build();
    }
}
