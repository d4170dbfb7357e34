package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Event written as events.k8s.io/v1, as client-go's new event recorder writes them, is one that
 * {@code kubectl get events} and {@code kubectl events} (core/v1) show, and the other way round.
 */
class EventApisKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet");

    @Test
    void kubectlShowsAnEventsV1EventThroughCoreV1(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("event.yaml", """
                apiVersion: events.k8s.io/v1
                kind: Event
                metadata: {name: recorded}
                regarding: {apiVersion: v1, kind: ConfigMap, name: settings, namespace: default}
                eventTime: "2026-03-01T10:00:00.000000Z"
                reportingController: example.com/recorder
                reportingInstance: recorder-1
                action: Syncing
                reason: Synced
                note: settings applied
                type: Normal
                """));

        String table = kubectl.succeed("get", "events", "--field-selector", "involvedObject.name=settings").stdout();
        assertThat(table).contains("Normal").contains("Synced").contains("configmap/settings")
                .contains("settings applied");
        assertThat(kubectl.succeed("events", "--for", "configmap/settings").stdout()).contains("Synced")
                .contains("settings applied");
        assertThat(kubectl.succeed("get", "events.v1.events.k8s.io", "recorded", "-o",
                "jsonpath={.note}/{.regarding.name}").stdout()).isEqualTo("settings applied/settings");
        assertThat(kubectl.succeed("get", "events.v1.", "recorded", "-o",
                "jsonpath={.message}/{.involvedObject.name}/{.reportingComponent}").stdout())
                .isEqualTo("settings applied/settings/example.com/recorder");

        kubectl.succeed("delete", "events.v1.", "recorded");
        assertThat(kubectl.run("get", "events.v1.events.k8s.io", "recorded").stderr()).contains("NotFound");
    }
}
