package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.apiserver.fieldmanager.ApplyConflict;
import skiff.apiserver.fieldmanager.FieldPath;
import skiff.apiserver.fieldmanager.ManagerId;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/** The 409 an apply conflict answers (k/k apimachinery util/managedfields/internal/conflict.go). */
class ObjectApplierTest {
    private static final ManagerId CSA = ManagerId.updater("kubectl-client-side-apply", "apps/v1", "");
    private static final ManagerId HELM = ManagerId.applier("helm", "");

    @Test
    void oneConflictNamesTheManagerItsVersionAndTheField() {
        StatusException e = ObjectApplier.conflict(List.of(new ApplyConflict(CSA, FieldPath.fields("spec", "replicas"))));

        JsonNode status = e.status();
        assertThat(e.code()).isEqualTo(409);
        assertThat(status.path("reason").asString()).isEqualTo("Conflict");
        assertThat(status.path("message").asString()).isEqualTo("Apply failed with 1 conflict: conflict with "
                + "\"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
        JsonNode cause = status.path("details").path("causes").get(0);
        assertThat(cause.path("reason").asString()).isEqualTo("FieldManagerConflict");
        assertThat(cause.path("message").asString()).isEqualTo("conflict with \"kubectl-client-side-apply\" using apps/v1");
        assertThat(cause.path("field").asString()).isEqualTo(".spec.replicas");
    }

    @Test
    void severalConflictsAreListedUnderEachManager() {
        StatusException e = ObjectApplier.conflict(List.of(
                new ApplyConflict(HELM, FieldPath.fields("spec", "paused")),
                new ApplyConflict(CSA, FieldPath.fields("spec", "replicas")),
                new ApplyConflict(CSA, FieldPath.fields("spec", "minReadySeconds"))));

        assertThat(e.getMessage()).isEqualTo("""
                Apply failed with 3 conflicts: conflicts with "helm":
                - .spec.paused
                conflicts with "kubectl-client-side-apply" using apps/v1:
                - .spec.replicas
                - .spec.minReadySeconds""");
        assertThat(e.status().path("details").path("causes")).hasSize(3);
    }
}
