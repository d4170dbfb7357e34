package skiff.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobPartsTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {"'' | ''", "0 | 0", "0,1 | 0,1", "2,3,4 | 2-4", "1,3,4,5,7 | 1,3-5,7", "0,1,2,3,4 | 0-4"})
    void completedIndexesAreCompressedIntervals(String indexes, String text) {
        BitSet set = new BitSet();
        if (!indexes.isEmpty()) {
            for (String i : indexes.split(",")) {
                set.set(Integer.parseInt(i));
            }
        }
        assertThat(IndexIntervals.format(set)).isEqualTo(text);
        assertThat(IndexIntervals.parse(text, 100)).isEqualTo(set);
    }

    @Test
    void indexesPastTheCompletionsOrUnparseableAreDropped() {
        assertThat(IndexIntervals.format(IndexIntervals.parse("1,x,3-9,2-1", 5))).isEqualTo("1,3,4");
    }

    @ParameterizedTest(name = "{0} failures")
    @CsvSource({"0, 0", "1, 10", "2, 20", "3, 40", "6, 320", "7, 600", "30, 600"})
    void backoffDoublesFromTenSecondsToTenMinutes(int failures, long seconds) {
        PodBackoff backoff = PodBackoff.none();
        Instant t = Instant.parse("2026-06-01T00:00:00Z");
        for (int i = 0; i < failures; i++) {
            backoff = backoff.failed(t);
        }
        assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(backoff.record(List.of(t.plusSeconds(1)), List.of()).remaining(t)).isEqualTo(Duration.ZERO);
    }

    @Test
    void podFailurePolicyTakesTheFirstMatchingRule() {
        PodFailurePolicy policy = new PodFailurePolicyBuilder()
                .addNewRule().withAction("Ignore").withNewOnExitCodes().withOperator("In").withValues(42)
                .endOnExitCodes().endRule()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("main")
                .withOperator("NotIn").withValues(1, 2).endOnExitCodes().endRule()
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget")
                .withStatus("True").endOnPodCondition().endRule()
                .build();
        assertThat(PodFailurePolicyMatch.of(policy, failed("main", 42)).action()).isEqualTo("Ignore");
        assertThat(PodFailurePolicyMatch.of(policy, failed("main", 1))).isEqualTo(PodFailurePolicyMatch.COUNT);
        assertThat(PodFailurePolicyMatch.of(policy, failed("main", 3)).message())
                .isEqualTo("Container main for pod ns/p failed with exit code 3 matching FailJob rule at index 1");
        assertThat(PodFailurePolicyMatch.of(policy, failed("side", 3))).isEqualTo(PodFailurePolicyMatch.COUNT);
        Pod disrupted = new PodBuilder(failed("main", 1)).editStatus().addNewCondition().withType("DisruptionTarget")
                .withStatus("True").endCondition().endStatus().build();
        assertThat(PodFailurePolicyMatch.of(policy, disrupted).action()).isEqualTo("Ignore");
        assertThat(PodFailurePolicyMatch.of(null, failed("main", 42))).isEqualTo(PodFailurePolicyMatch.COUNT);
    }

    // k/k success_policy_test.go TestMatchSuccessPolicy, in part.
    @ParameterizedTest(name = "indexes [{0}] count [{1}] succeeded [{2}] -> [{3}]")
    @CsvSource(delimiter = '|', value = {
        "0     |   | 0     | Matched rules at index 0",
        "0-2   |   | 0,1   | ''",
        "0-2   | 2 | 0,2   | Matched rules at index 0",
        "      | 2 | 3,4   | Matched rules at index 0",
        "      | 3 | 3,4   | ''",
        "9     |   | 0-4   | ''",
        "1,3-4 | 2 | 3,4,6 | Matched rules at index 0",
        "0     |   | ''    | ''"})
    void successPolicyRules(String indexes, Integer count, String succeeded, String message) {
        SuccessPolicy policy = new SuccessPolicyBuilder().addNewRule().withSucceededIndexes(indexes)
                .withSucceededCount(count).endRule().build();
        assertThat(SuccessPolicyMatch.of(policy, 8, IndexIntervals.parse(succeeded, 8)).orElse(""))
                .isEqualTo(message);
    }

    @Test
    void indexedPodsCarryTheirIndex() {
        var job = JobSyncTest.job("idx", 3, 2, "Indexed");
        Pod pod = JobPods.fromTemplate(job, java.util.OptionalInt.of(2), java.util.Map.of());
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("idx-2-");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(JobPods.INDEX_KEY, "2");
        assertThat(pod.getMetadata().getLabels()).containsEntry(JobPods.INDEX_KEY, "2");
        assertThat(pod.getMetadata().getFinalizers()).contains(JobPods.TRACKING_FINALIZER);
        assertThat(pod.getSpec().getHostname()).isEqualTo("idx-2");
        assertThat(pod.getSpec().getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.labels['batch.kubernetes.io/job-completion-index']");
        });
    }

    private static Pod failed(String container, int exitCode) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").endMetadata()
                .withNewStatus().withPhase("Failed").addNewContainerStatus().withName(container).withNewState()
                .withNewTerminated().withExitCode(exitCode).endTerminated().endState().endContainerStatus()
                .endStatus().build();
    }
}
