package skiff.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionAnnotationsTest {

    @Test
    void aSetAboutToBeCreatedGetsTheRevisionAndItsSizes() {
        Deployment d = Sets.rolling(4, 1, 0);
        d.getMetadata().setAnnotations(Map.of("kubernetes.io/change-cause", "v2",
                "kubectl.kubernetes.io/last-applied-configuration", "{}"));
        ReplicaSet rs = Sets.set("web-abc", 0, 0, 0);

        assertThat(RevisionAnnotations.setNewReplicaSetAnnotations(d, rs, 2, false, 1)).isTrue();

        assertThat(rs.getMetadata().getAnnotations()).isEqualTo(Map.of(
                RevisionAnnotations.REVISION, "2", RevisionAnnotations.DESIRED_REPLICAS, "4",
                RevisionAnnotations.MAX_REPLICAS, "5", "kubernetes.io/change-cause", "v2"));
    }

    @Test
    void rollingBackToAnOldSetRecordsItsPreviousRevisionsInTheHistory() {
        Deployment d = Sets.rolling(1, 1, 0);
        ReplicaSet rs = Sets.annotated(Sets.set("web-abc", 0, 0, 0),
                Map.of(RevisionAnnotations.REVISION, "3", RevisionAnnotations.REVISION_HISTORY, "1"));

        assertThat(RevisionAnnotations.setNewReplicaSetAnnotations(d, rs, 5, true, 1)).isTrue();

        assertThat(rs.getMetadata().getAnnotations()).containsEntry(RevisionAnnotations.REVISION, "5")
                .containsEntry(RevisionAnnotations.REVISION_HISTORY, "1,3")
                .doesNotContainKey(RevisionAnnotations.DESIRED_REPLICAS);
    }

    @Test
    void aSetAlreadyAtTheRevisionIsLeftAlone() {
        Deployment d = Sets.rolling(1, 1, 0);
        ReplicaSet rs = Sets.annotated(Sets.set("web-abc", 0, 0, 0), Map.of(RevisionAnnotations.REVISION, "2"));

        assertThat(RevisionAnnotations.setNewReplicaSetAnnotations(d, rs, 2, true, 1)).isFalse();
    }

    @Test
    void theNextRevisionIsOneAboveTheHighestOldOne() {
        List<ReplicaSet> old = List.of(
                Sets.annotated(Sets.set("a", 0, 0, 0), Map.of(RevisionAnnotations.REVISION, "4")),
                Sets.annotated(Sets.set("b", 0, 0, 1), Map.of(RevisionAnnotations.REVISION, "not-a-number")),
                Sets.set("c", 0, 0, 2));

        assertThat(RevisionAnnotations.maxRevision(old)).isEqualTo(4);
    }
}
