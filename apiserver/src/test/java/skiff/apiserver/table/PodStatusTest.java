package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The READY, STATUS and RESTARTS cells of {@code kubectl get pods}, one rule of printPod at a time. */
class PodStatusTest {
    private static final TableConvertor PODS = TableConvertors.forResource("", "pods");

    /**
     * A pod named web, created an hour before NOW (deleted a minute before NOW if {@code deleted}), with
     * {@code body} (its spec and status) added.
     */
    record Case(String name, boolean deleted, String body, String ready, String status, String restarts) {
        static Case live(String name, String body, String ready, String status, String restarts) {
            return new Case(name, false, body, ready, status, restarts);
        }

        static Case deleted(String name, String body, String ready, String status, String restarts) {
            return new Case(name, true, body, ready, status, restarts);
        }

        @Override
        public String toString() {
            return name;
        }

        JsonNode pod() {
            String deletion = deleted ? ", \"deletionTimestamp\": \"2024-05-01T11:59:00Z\"" : "";
            return TestJson.parse("""
                    {"apiVersion": "v1", "kind": "Pod",
                     "metadata": {"name": "web", "namespace": "default", "creationTimestamp": "2024-05-01T11:00:00Z"%s},
                     %s}""".formatted(deletion, body));
        }
    }

    private static final String TWO_CONTAINERS = """
            "spec": {"containers": [{"name": "app", "image": "app:1"}, {"name": "log", "image": "log:1"}]}""";
    private static final String ONE_CONTAINER_TWO_INITS = """
            "spec": {"initContainers": [{"name": "migrate", "image": "m:1"}, {"name": "seed", "image": "s:1"}],
                     "containers": [{"name": "app", "image": "app:1"}]}""";
    private static final String SIDECAR_AND_APP = """
            "spec": {"initContainers": [{"name": "proxy", "image": "p:1", "restartPolicy": "Always"},
                                        {"name": "migrate", "image": "m:1"}],
                     "containers": [{"name": "app", "image": "app:1"}]}""";

    static Stream<Case> cases() {
        return Stream.of(
                Case.live("running pod with every container ready", TWO_CONTAINERS + """
                        , "status": {"phase": "Running",
                          "conditions": [{"type": "Ready", "status": "True"}],
                          "containerStatuses": [
                            {"name": "app", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2024-05-01T11:00:05Z"}}},
                            {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2024-05-01T11:00:05Z"}}}]}""",
                        "2/2", "Running", "0"),
                Case.live("pending pod without container statuses shows its phase", TWO_CONTAINERS + """
                        , "status": {"phase": "Pending"}""",
                        "0/2", "Pending", "0"),
                Case.live("pod without any status shows an empty status", TWO_CONTAINERS, "0/2", "", "0"),
                Case.live("waiting reason of a container replaces the phase", TWO_CONTAINERS + """
                        , "status": {"phase": "Pending", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}},
                            {"name": "log", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}""",
                        "0/2", "ContainerCreating", "0"),
                Case.live("the first container's reason wins", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ImagePullBackOff"}}},
                            {"name": "log", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ErrImagePull"}}}]}""",
                        "0/2", "ImagePullBackOff", "0"),
                Case.live("crash loop counts restarts and shows when the last one ended", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 3, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                             "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2024-05-01T11:55:00Z"}}},
                            {"name": "log", "ready": true, "restartCount": 1, "state": {"running": {}},
                             "lastState": {"terminated": {"exitCode": 0, "finishedAt": "2024-05-01T11:20:00Z"}}}]}""",
                        "1/2", "CrashLoopBackOff", "4 (5m ago)"),
                Case.live("restarts without a termination time show the count only", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "containerStatuses": [
                            {"name": "app", "ready": true, "restartCount": 2, "state": {"running": {}}},
                            {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "2/2", "Running", "2"),
                Case.live("succeeded pod shows the terminated reason", TWO_CONTAINERS + """
                        , "status": {"phase": "Succeeded", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            {"name": "log", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""",
                        "0/2", "Completed", "0"),
                Case.live("terminated without a reason shows the signal", TWO_CONTAINERS + """
                        , "status": {"phase": "Failed", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 137, "signal": 9}}},
                            {"name": "log", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""",
                        "0/2", "Signal:9", "0"),
                Case.live("terminated without a reason or signal shows the exit code", TWO_CONTAINERS + """
                        , "status": {"phase": "Failed", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 2}}},
                            {"name": "log", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""",
                        "0/2", "ExitCode:2", "0"),
                Case.live("completed container beside a running one reads Running when the pod is ready", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}], "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "1/2", "Running", "0"),
                Case.live("completed container beside a running one reads NotReady without the Ready condition", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "1/2", "NotReady", "0"),
                Case.live("running but unready containers are not counted ready", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"running": {}}},
                            {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "1/2", "Running", "0"),
                Case.live("first init container running shows Init:0/N", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"running": {}}},
                            {"name": "seed", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
                        "0/1", "Init:0/2", "0"),
                Case.live("init container waiting for PodInitializing counts as in progress", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}},
                            {"name": "seed", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
                        "0/1", "Init:0/2", "0"),
                Case.live("finished init containers are skipped", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            {"name": "seed", "ready": false, "restartCount": 0, "state": {"running": {}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
                        "0/1", "Init:1/2", "0"),
                Case.live("failed init container shows Init:reason", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 1, "reason": "Error"}}},
                            {"name": "seed", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
                        "0/1", "Init:Error", "0"),
                Case.live("failed init container without a reason shows Init:ExitCode", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 3}}}]}""",
                        "0/1", "Init:ExitCode:3", "0"),
                Case.live("killed init container without a reason shows Init:Signal", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 143, "signal": 15}}}]}""",
                        "0/1", "Init:Signal:15", "0"),
                Case.live("crash-looping init container shows Init:CrashLoopBackOff and its restarts", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                             "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2024-05-01T11:58:00Z"}}},
                            {"name": "seed", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
                        "0/1", "Init:CrashLoopBackOff", "4 (2m ago)"),
                Case.live("after init, containers waiting to start show PodInitializing", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 1, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
                             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2024-05-01T11:10:00Z"}}},
                            {"name": "seed", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
                        "0/1", "PodInitializing", "0"),
                Case.live("an Initialized pod reads its containers even when an init status looks unfinished", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
                          "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 2, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}""",
                        "0/1", "CrashLoopBackOff", "2"),
                Case.live("an Initialized pod with running containers keeps the Init reason but counts them ready", ONE_CONTAINER_TWO_INITS + """
                        , "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
                          "initContainerStatuses": [
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "1/1", "Init:0/2", "0"),
                Case.live("a started sidecar counts toward ready and lets the next init container run", SIDECAR_AND_APP + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "proxy", "ready": true, "started": true, "restartCount": 0, "state": {"running": {}}},
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"running": {}}}]}""",
                        "1/2", "Init:1/2", "0"),
                Case.live("a sidecar that has not started holds initialization", SIDECAR_AND_APP + """
                        , "status": {"phase": "Pending", "initContainerStatuses": [
                            {"name": "proxy", "ready": false, "started": false, "restartCount": 0, "state": {"running": {}}},
                            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
                        "0/2", "Init:0/2", "0"),
                Case.live("running sidecar and app are both counted, and only sidecar restarts carry over", SIDECAR_AND_APP + """
                        , "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                          "initContainerStatuses": [
                            {"name": "proxy", "ready": true, "started": true, "restartCount": 2, "state": {"running": {}},
                             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2024-05-01T11:50:00Z"}}},
                            {"name": "migrate", "ready": false, "restartCount": 5, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
                             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2024-05-01T11:58:00Z"}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": true, "restartCount": 1, "state": {"running": {}},
                             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2024-05-01T11:40:00Z"}}}]}""",
                        "2/2", "Running", "3 (10m ago)"),
                Case.live("a Job-style pod whose sidecar was stopped after the app completed reads Completed", SIDECAR_AND_APP + """
                        , "status": {"phase": "Succeeded",
                          "conditions": [{"type": "Initialized", "status": "True", "reason": "PodCompleted"}],
                          "initContainerStatuses": [
                            {"name": "proxy", "ready": false, "started": false, "restartCount": 0,
                             "state": {"terminated": {"exitCode": 143, "reason": "Error"}}},
                            {"name": "migrate", "ready": true, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""",
                        "0/2", "Completed", "0"),
                Case.live("a sidecar in back-off after initialization keeps its Init reason; the app still counts", SIDECAR_AND_APP + """
                        , "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
                          "initContainerStatuses": [
                            {"name": "proxy", "ready": false, "started": false, "restartCount": 3,
                             "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2024-05-01T11:55:00Z"}}},
                            {"name": "migrate", "ready": true, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
                          "containerStatuses": [
                            {"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "1/2", "Init:CrashLoopBackOff", "3 (5m ago)"),
                Case.deleted("a deleted pod is Terminating", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "containerStatuses": [
                            {"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}},
                            {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "2/2", "Terminating", "0"),
                Case.deleted("a deleted pod that already finished keeps its status", TWO_CONTAINERS + """
                        , "status": {"phase": "Succeeded", "containerStatuses": [
                            {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            {"name": "log", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""",
                        "0/2", "Completed", "0"),
                Case.deleted("a deleted pod on an unreachable node is Unknown", TWO_CONTAINERS + """
                        , "status": {"phase": "Running", "reason": "NodeLost", "containerStatuses": [
                            {"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}},
                            {"name": "log", "ready": true, "restartCount": 0, "state": {"running": {}}}]}""",
                        "2/2", "Unknown", "0"),
                Case.live("the pod's own reason replaces the phase", TWO_CONTAINERS + """
                        , "status": {"phase": "Failed", "reason": "Evicted", "message": "low on memory"}""",
                        "0/2", "Evicted", "0"),
                Case.live("a scheduling-gated pod says so", TWO_CONTAINERS + """
                        , "status": {"phase": "Pending", "conditions": [
                            {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}""",
                        "0/2", "SchedulingGated", "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readyStatusAndRestartsFollowPrintPod(Case c) {
        List<Object> cells = PODS.cells(c.pod(), TestJson.NOW);

        assertThat(cells.subList(0, 5)).containsExactly("web", c.ready(), c.status(), c.restarts(), "60m");
    }
}
