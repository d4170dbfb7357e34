package skiff.apiserver.table;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What the READY, STATUS and RESTARTS cells of a pod say: ready and counted containers, the status reason, the
 * restart count and when the latest counted restart ended.
 */
record PodSummary(int readyContainers, int totalContainers, String reason, int restarts, Optional<Instant> lastRestart) {
    // k/k pkg/util/node/node.go NodeUnreachablePodReason: the node controller's reason for pods on a lost node.
    private static final String NODE_LOST = "NodeLost";

    // k/k pkg/printers/internalversion/printers.go printPod, step by step.
    static PodSummary of(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        Tally tally = new Tally();

        // 1. The phase, replaced by status.reason when set, replaced by SchedulingGated when the scheduler is gated.
        String phase = WireValues.string(status.path("phase"));
        String statusReason = WireValues.string(status.path("reason"));
        tally.reason = statusReason.isEmpty() ? phase : statusReason;
        for (JsonNode condition : WireValues.items(status.path("conditions"))) {
            if (WireValues.string(condition.path("type")).equals("PodScheduled")
                    && WireValues.string(condition.path("reason")).equals("SchedulingGated")) {
                tally.reason = "SchedulingGated";
            }
        }

        // 2. Every regular container counts toward READY's total, and so does every sidecar (restartable init container).
        Map<String, JsonNode> initContainers = new HashMap<>();
        List<JsonNode> initSpecs = WireValues.items(spec.path("initContainers"));
        tally.total = WireValues.size(spec.path("containers"));
        for (JsonNode initContainer : initSpecs) {
            initContainers.put(WireValues.string(initContainer.path("name")), initContainer);
            if (isSidecar(initContainer)) {
                tally.total++;
            }
        }

        // 3. Init containers in order, up to the first one not done: it names the status (Init:…).
        boolean initializing = tally.walkInitContainers(status, initContainers, initSpecs.size());

        // 4. Unless initialization is still under way, the regular containers (last first, so the first container
        //    decides the reason) count restarts and readiness; only sidecar restarts carry over from step 3.
        if (!initializing || hasTrueCondition(status, "Initialized")) {
            tally.walkContainers(status);
        }

        // 5. Deletion overrides everything: a pod on an unreachable node is Unknown, a live pod is Terminating.
        if (isPresent(pod.path("metadata").path("deletionTimestamp"))) {
            if (statusReason.equals(NODE_LOST)) {
                tally.reason = "Unknown";
            } else if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
                tally.reason = "Terminating";
            }
        }
        return new PodSummary(tally.ready, tally.total, tally.reason, tally.restarts, tally.lastRestart);
    }

    /** The RESTARTS cell: the count, with the age of the latest restart when there was one. */
    String restartsCell(Instant now) {
        if (restarts != 0 && lastRestart.isPresent()) {
            return restarts + " (" + Age.since(lastRestart, now) + " ago)";
        }
        return Integer.toString(restarts);
    }

    // k/k pkg/api/pod/util.go IsRestartableInitContainer: an init container with restartPolicy Always is a sidecar.
    private static boolean isSidecar(JsonNode initContainer) {
        return initContainer != null && WireValues.string(initContainer.path("restartPolicy")).equals("Always");
    }

    private static boolean hasTrueCondition(JsonNode status, String type) {
        for (JsonNode condition : WireValues.items(status.path("conditions"))) {
            if (WireValues.string(condition.path("type")).equals(type)) {
                return WireValues.string(condition.path("status")).equals("True");
            }
        }
        return false;
    }

    private static boolean isPresent(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }

    private static final class Tally {
        String reason;
        int total;
        int ready;
        int restarts;
        Optional<Instant> lastRestart = Optional.empty();
        int sidecarRestarts;
        Optional<Instant> lastSidecarRestart = Optional.empty();

        /** Returns whether initialization is still under way, having set the reason if so. */
        boolean walkInitContainers(JsonNode status, Map<String, JsonNode> initContainers, int initContainerCount) {
            List<JsonNode> statuses = WireValues.items(status.path("initContainerStatuses"));
            for (int i = 0; i < statuses.size(); i++) {
                JsonNode container = statuses.get(i);
                boolean sidecar = isSidecar(initContainers.get(WireValues.string(container.path("name"))));
                int restartCount = (int) WireValues.integer(container.path("restartCount"));
                Optional<Instant> terminatedAt = lastTerminationEnd(container);
                restarts += restartCount;
                lastRestart = later(lastRestart, terminatedAt);
                if (sidecar) {
                    sidecarRestarts += restartCount;
                    lastSidecarRestart = later(lastSidecarRestart, terminatedAt);
                }
                JsonNode terminated = container.path("state").path("terminated");
                JsonNode waiting = container.path("state").path("waiting");
                String waitingReason = WireValues.string(waiting.path("reason"));
                if (terminated.isObject() && WireValues.integer(terminated.path("exitCode")) == 0) {
                    continue;
                } else if (sidecar && WireValues.bool(container.path("started"))) {
                    if (WireValues.bool(container.path("ready"))) {
                        ready++;
                    }
                    continue;
                } else if (terminated.isObject()) {
                    reason = "Init:" + terminationReason(terminated);
                } else if (waiting.isObject() && !waitingReason.isEmpty() && !waitingReason.equals("PodInitializing")) {
                    reason = "Init:" + waitingReason;
                } else {
                    reason = "Init:" + i + "/" + initContainerCount;
                }
                return true;
            }
            return false;
        }

        void walkContainers(JsonNode status) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = WireValues.items(status.path("containerStatuses"));
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode container = statuses.get(i);
                restarts += (int) WireValues.integer(container.path("restartCount"));
                lastRestart = later(lastRestart, lastTerminationEnd(container));
                JsonNode waiting = container.path("state").path("waiting");
                JsonNode terminated = container.path("state").path("terminated");
                if (waiting.isObject() && !WireValues.string(waiting.path("reason")).isEmpty()) {
                    reason = WireValues.string(waiting.path("reason"));
                } else if (terminated.isObject()) {
                    reason = terminationReason(terminated);
                } else if (WireValues.bool(container.path("ready")) && container.path("state").path("running").isObject()) {
                    hasRunning = true;
                    ready++;
                }
            }
            // A pod whose first container completed while another still runs reads Running, or NotReady if the
            // pod as a whole is not Ready.
            if (reason.equals("Completed") && hasRunning) {
                reason = hasTrueCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        /** The terminated state's reason, else {@code Signal:N}, else {@code ExitCode:N}. */
        private static String terminationReason(JsonNode terminated) {
            String reason = WireValues.string(terminated.path("reason"));
            if (!reason.isEmpty()) {
                return reason;
            }
            long signal = WireValues.integer(terminated.path("signal"));
            return signal != 0 ? "Signal:" + signal : "ExitCode:" + WireValues.integer(terminated.path("exitCode"));
        }

        private static Optional<Instant> lastTerminationEnd(JsonNode container) {
            JsonNode terminated = container.path("lastState").path("terminated");
            return terminated.isObject() ? WireValues.time(terminated.path("finishedAt")) : Optional.empty();
        }

        private static Optional<Instant> later(Optional<Instant> current, Optional<Instant> candidate) {
            if (candidate.isPresent() && (current.isEmpty() || candidate.get().isAfter(current.get()))) {
                return candidate;
            }
            return current;
        }
    }
}
