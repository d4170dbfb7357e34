package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.registry.GarbageCollectionPolicy.DELETE_DEPENDENTS;
import static skiff.apiserver.registry.GarbageCollectionPolicy.ORPHAN_DEPENDENTS;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class DeletionFinalizersTest {

    record Case(String name, List<String> existing, String policy, Boolean orphanDependents,
            GarbageCollectionPolicy defaultPolicy, List<String> finalizers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<String> none = List.of();
        return Stream.of(
                new Case("background adds nothing", none, "Background", null, DELETE_DEPENDENTS, none),
                new Case("foreground adds foregroundDeletion", none, "Foreground", null, DELETE_DEPENDENTS,
                        List.of("foregroundDeletion")),
                new Case("orphan adds orphan after the others", List.of("a.io/x"), "Orphan", null, DELETE_DEPENDENTS,
                        List.of("a.io/x", "orphan")),
                new Case("no policy keeps an orphan finalizer already there", List.of("orphan"), null, null,
                        DELETE_DEPENDENTS, List.of("orphan")),
                new Case("no policy keeps a foreground finalizer already there", List.of("foregroundDeletion"), null,
                        null, DELETE_DEPENDENTS, List.of("foregroundDeletion")),
                new Case("no policy follows an orphaning default", none, null, null, ORPHAN_DEPENDENTS,
                        List.of("orphan")),
                new Case("no policy follows a background default", none, null, null, DELETE_DEPENDENTS, none),
                new Case("background removes an orphan finalizer", List.of("orphan", "a.io/x"), "Background", null,
                        ORPHAN_DEPENDENTS, List.of("a.io/x")),
                new Case("orphanDependents=true orphans", none, null, true, DELETE_DEPENDENTS, List.of("orphan")),
                new Case("orphanDependents=false is background, even against the default", List.of("foregroundDeletion"),
                        null, false, ORPHAN_DEPENDENTS, none));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void putsTheGarbageCollectorsFinalizersAsKubernetesDoes(Case c) {
        ObjectNode object = Json.object();
        c.existing().forEach(f -> object.withObject("metadata").withArray("finalizers").add(f));

        boolean changed = DeletionFinalizers.apply(object,
                new DeleteOptions(null, c.policy(), c.orphanDependents(), null, null, false), c.defaultPolicy());

        assertThat(DeletionFinalizers.finalizers(object)).containsExactlyElementsOf(c.finalizers());
        assertThat(changed).isEqualTo(!c.finalizers().equals(c.existing()));
    }
}
