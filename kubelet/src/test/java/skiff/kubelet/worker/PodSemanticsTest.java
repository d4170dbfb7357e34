package skiff.kubelet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which API updates of a pod reach its worker as a change, case by case: one base pod, a named change, whether it
 * counts (the shape of k/k pkg/kubelet/config/config_test.go's update tests).
 */
class PodSemanticsTest {

    record Case(String name, Pod older, UnaryOperator<PodBuilder> change, boolean differs) {
        Case(String name, UnaryOperator<PodBuilder> change, boolean differs) {
            this(name, base(), change, differs);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Pod base() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-1")
                .withResourceVersion("7").addToLabels("app", "web").addToAnnotations("note", "a")
                .endMetadata()
                .withNewSpec().withNodeName("n1").withContainers(new ContainerBuilder().withName("app")
                        .withImage("busybox").build()).endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
    }

    static Pod deleting() {
        return new PodBuilder(base()).editMetadata().withDeletionTimestamp("2025-01-01T00:00:00Z")
                .withDeletionGracePeriodSeconds(30L).endMetadata().build();
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the same pod again (an informer resync)", b -> b, false),
                new Case("a new resourceVersion", b -> b.editMetadata().withResourceVersion("8").endMetadata(), false),
                new Case("managed fields of a status write", b -> b.editMetadata().addToManagedFields(
                        new ManagedFieldsEntryBuilder().withManager("skiff-kubelet").withOperation("Update")
                                .withSubresource("status").build()).endMetadata(), false),
                new Case("the kubelet's own status write", b -> b.editStatus().withPhase("Running")
                        .withPodIP("10.42.0.5").endStatus(), false),
                new Case("a condition set by another controller", b -> b.editStatus().addNewCondition()
                        .withType("example.com/gate").withStatus("True").endCondition().endStatus(), false),
                new Case("a finalizer", b -> b.editMetadata().addToFinalizers("example.com/keep").endMetadata(),
                        false),
                new Case("the kubelet's local annotations", b -> b.editMetadata()
                        .addToAnnotations("kubernetes.io/config.seen", "2025-01-01T00:00:00Z").endMetadata(), false),
                new Case("a deletion timestamp", b -> b.editMetadata()
                        .withDeletionTimestamp("2025-01-01T00:00:00Z").withDeletionGracePeriodSeconds(30L)
                        .endMetadata(), true),
                new Case("a shorter deletion grace period", deleting(), b -> b.editMetadata()
                        .withDeletionGracePeriodSeconds(0L).endMetadata(), true),
                new Case("a new label (downward API)", b -> b.editMetadata().addToLabels("tier", "front")
                        .endMetadata(), true),
                new Case("a changed annotation (downward API)", b -> b.editMetadata().addToAnnotations("note", "b")
                        .endMetadata(), true),
                new Case("an ephemeral container", b -> b.editSpec().addToEphemeralContainers(
                        new EphemeralContainerBuilder().withName("debug").withImage("busybox").build()).endSpec(),
                        true),
                new Case("a container's new image", b -> b.editSpec().editFirstContainer().withImage("busybox:2")
                        .endContainer().endSpec(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anUpdateCountsOnlyWhenItChangesWhatThePodRunsBy(Case c) {
        Pod newer = c.change().apply(new PodBuilder(c.older())).build();

        assertThat(PodSemantics.differ(c.older(), newer)).isEqualTo(c.differs());
    }
}
