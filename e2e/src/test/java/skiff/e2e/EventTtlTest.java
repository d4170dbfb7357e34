package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --event-ttl}: an Event, written as core/v1 or as events.k8s.io/v1, is deleted that long after its last write,
 * as kube-apiserver's --event-ttl does.
 */
class EventTtlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet", "--event-ttl", "2s");

    @Test
    void anEventIsDeletedAfterTheTimeToLiveAndOtherObjectsStay(Kubectl kubectl) {
        kubectl.succeed("create", "configmap", "kept");
        kubectl.succeed("create", "-f", kubectl.file("event.yaml", """
                apiVersion: v1
                kind: Event
                metadata: {name: short-lived}
                involvedObject: {kind: ConfigMap, name: kept, namespace: default}
                reason: Testing
                message: gone soon
                type: Normal
                """));
        kubectl.succeed("create", "-f", kubectl.file("events-v1.yaml", """
                apiVersion: events.k8s.io/v1
                kind: Event
                metadata: {name: recorded}
                regarding: {apiVersion: v1, kind: ConfigMap, name: kept, namespace: default}
                eventTime: "2026-03-01T10:00:00.000000Z"
                reportingController: example.com/recorder
                reportingInstance: recorder-1
                action: Testing
                reason: Testing
                type: Normal
                """));

        await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("get", "event", "short-lived")
                .stderr().contains("NotFound"));
        await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("get", "events.v1.events.k8s.io", "recorded")
                .stderr().contains("NotFound"));
        kubectl.succeed("get", "configmap", "kept");
    }
}
