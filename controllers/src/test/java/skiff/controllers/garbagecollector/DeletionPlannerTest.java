package skiff.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.controllers.garbagecollector.OwnerState.DANGLING;
import static skiff.controllers.garbagecollector.OwnerState.INVALID_NAMESPACE;
import static skiff.controllers.garbagecollector.OwnerState.SOLID;
import static skiff.controllers.garbagecollector.OwnerState.WAITING_FOR_DEPENDENTS_DELETION;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeletionPlannerTest {

    /** One dependent's situation and what the planner should decide. */
    record Case(String name, List<ResolvedOwner> owners, List<String> finalizers, boolean hasDependents,
            boolean aDependentDeletesItsDependents, DeletionPlan expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> dependents() {
        return Stream.of(
                new Case("a solid owner keeps the object", owners(SOLID), List.of(), false, false,
                        new DeletionPlan.Keep()),
                new Case("a solid owner keeps it, the dangling reference is dropped", owners(SOLID, DANGLING),
                        List.of(), false, false, new DeletionPlan.RemoveOwnerReferences(List.of("owner-1"))),
                new Case("a solid owner keeps it, the reference to a foreground-deleting owner is dropped",
                        owners(WAITING_FOR_DEPENDENTS_DELETION, SOLID), List.of(), true, false,
                        new DeletionPlan.RemoveOwnerReferences(List.of("owner-0"))),
                new Case("every owner gone: deleted in the background", owners(DANGLING, DANGLING), List.of(), true,
                        false, new DeletionPlan.Delete(DeletionPropagation.BACKGROUND, List.of())),
                new Case("an invalid cluster-scoped reference counts as gone", owners(INVALID_NAMESPACE), List.of(),
                        false, false, new DeletionPlan.Delete(DeletionPropagation.BACKGROUND, List.of())),
                new Case("owners gone and its own orphan finalizer: deleted orphaning its dependents",
                        owners(DANGLING), List.of("orphan"), true, false,
                        new DeletionPlan.Delete(DeletionPropagation.ORPHAN, List.of())),
                new Case("owners gone and its own foreground finalizer: deleted in the foreground",
                        owners(DANGLING), List.of("foregroundDeletion"), true, false,
                        new DeletionPlan.Delete(DeletionPropagation.FOREGROUND, List.of())),
                new Case("a foreground-deleting owner and dependents of its own: deleted in the foreground",
                        owners(WAITING_FOR_DEPENDENTS_DELETION), List.of(), true, false,
                        new DeletionPlan.Delete(DeletionPropagation.FOREGROUND, List.of())),
                new Case("a foreground-deleting owner and no dependents: deleted in the background",
                        owners(WAITING_FOR_DEPENDENTS_DELETION), List.of(), false, false,
                        new DeletionPlan.Delete(DeletionPropagation.BACKGROUND, List.of())),
                new Case("a possible cycle: references to the waiting owner stop blocking first",
                        owners(WAITING_FOR_DEPENDENTS_DELETION, DANGLING), List.of(), true, true,
                        new DeletionPlan.Delete(DeletionPropagation.FOREGROUND, List.of("owner-0"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dependents")
    void decidesWhatHappensToADependent(Case c) {
        assertThat(DeletionPlanner.forDependent(c.owners(), c.finalizers(), c.hasDependents(),
                c.aDependentDeletesItsDependents())).isEqualTo(c.expected());
    }

    @Test
    void aForegroundDeletingOwnerWithoutBlockingDependentsLosesItsFinalizer() {
        assertThat(DeletionPlanner.forDeletingOwner(List.of()))
                .isEqualTo(new DeletionPlan.RemoveFinalizer("foregroundDeletion"));
    }

    @Test
    void aForegroundDeletingOwnerSendsBlockingDependentsNotYetDeletingToBeDeleted() {
        Dependent plain = new Dependent(identity("rs-1"), true, false);
        Dependent alreadyDeleting = new Dependent(identity("rs-2"), true, true);

        assertThat(DeletionPlanner.forDeletingOwner(List.of(plain, alreadyDeleting)))
                .isEqualTo(new DeletionPlan.AwaitDependents(List.of(identity("rs-1"))));
    }

    private static List<ResolvedOwner> owners(OwnerState... states) {
        return Stream.iterate(0, i -> i + 1).limit(states.length)
                .map(i -> new ResolvedOwner("owner-" + i, states[i])).toList();
    }

    private static ObjectIdentity identity(String name) {
        return new ObjectIdentity("apps/v1", "ReplicaSet", "default", name, "uid-" + name);
    }
}
