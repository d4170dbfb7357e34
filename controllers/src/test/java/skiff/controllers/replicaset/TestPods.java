package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Duration;
import java.time.Instant;

/**
 * Pods for the ranking tests, built by named steps from one base: Running on node-a, ready for an hour, created two
 * hours before {@link #NOW}, no restarts, no deletion cost.
 */
final class TestPods {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final PodBuilder pod;

    private TestPods(String name) {
        pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                    .withCreationTimestamp(NOW.minus(Duration.ofHours(2)).toString()).endMetadata()
                .withNewSpec().withNodeName("node-a")
                    .addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                    .withConditions(ready(true, NOW.minus(Duration.ofHours(1))))
                    .withContainerStatuses(new ContainerStatusBuilder().withName("app").withRestartCount(0).build())
                .endStatus();
    }

    static TestPods pod(String name) {
        return new TestPods(name);
    }

    TestPods uid(String uid) {
        pod.editMetadata().withUid(uid).endMetadata();
        return this;
    }

    TestPods unscheduled() {
        pod.editSpec().withNodeName(null).endSpec();
        return this;
    }

    TestPods node(String node) {
        pod.editSpec().withNodeName(node).endSpec();
        return this;
    }

    TestPods phase(String phase) {
        pod.editStatus().withPhase(phase).endStatus();
        return this;
    }

    TestPods notReady() {
        pod.editStatus().withConditions(ready(false, NOW.minus(Duration.ofMinutes(5)))).endStatus();
        return this;
    }

    TestPods readyFor(Duration d) {
        pod.editStatus().withConditions(ready(true, NOW.minus(d))).endStatus();
        return this;
    }

    TestPods readySinceUnknown() {
        pod.editStatus().withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus();
        return this;
    }

    TestPods deletionCost(String cost) {
        pod.editMetadata().addToAnnotations(DeletionCriterion.DELETION_COST_ANNOTATION, cost).endMetadata();
        return this;
    }

    TestPods restarts(int n) {
        pod.editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app").withRestartCount(n)
                .build()).endStatus();
        return this;
    }

    TestPods sidecarRestarts(int n) {
        pod.editSpec().addNewInitContainer().withName("proxy").withImage("busybox").withRestartPolicy("Always")
                .endInitContainer().endSpec();
        pod.editStatus().withInitContainerStatuses(new ContainerStatusBuilder().withName("proxy").withRestartCount(n)
                .build()).endStatus();
        return this;
    }

    TestPods age(Duration d) {
        pod.editMetadata().withCreationTimestamp(NOW.minus(d).toString()).endMetadata();
        return this;
    }

    TestPods noCreationTime() {
        pod.editMetadata().withCreationTimestamp(null).endMetadata();
        return this;
    }

    TestPods terminating() {
        pod.editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata();
        return this;
    }

    Pod build() {
        return pod.build();
    }

    private static io.fabric8.kubernetes.api.model.PodCondition ready(boolean ready, Instant since) {
        return new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(since.toString()).build();
    }
}
