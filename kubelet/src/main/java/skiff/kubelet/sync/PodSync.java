package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import skiff.api.time.Clock;
import skiff.kubelet.metrics.KubeletMetrics;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.PodRuntimeStatus;
import skiff.kubelet.status.PodStatusWriter;

/**
 * One reconcile of one pod: observe the runtime, plan, apply, observe again, report the status, and finish a
 * deletion once everything has stopped (after k/k pkg/kubelet/kubelet.go SyncPod, SyncTerminatingPod and
 * SyncTerminatedPod).
 */
public final class PodSync {
    private final ContainerRuntime runtime;
    private final PodSyncer syncer;
    private final RestartBackoff backoff;
    private final ContainerHealth health;
    private final ContainerReadiness readiness;
    private final PodStatusWriter statuses;
    private final Clock clock;
    private final String hostIp;
    private final KubeletMetrics metrics;

    public PodSync(ContainerRuntime runtime, PodSyncer syncer, RestartBackoff backoff, ContainerHealth health,
            ContainerReadiness readiness, PodStatusWriter statuses, Clock clock, String hostIp) {
        this(runtime, syncer, backoff, health, readiness, statuses, clock, hostIp, new KubeletMetrics(runtime, clock));
    }

    /** {@code metrics}: where pod start-ups are timed. */
    public PodSync(ContainerRuntime runtime, PodSyncer syncer, RestartBackoff backoff, ContainerHealth health,
            ContainerReadiness readiness, PodStatusWriter statuses, Clock clock, String hostIp,
            KubeletMetrics metrics) {
        this.metrics = metrics;
        this.runtime = runtime;
        this.syncer = syncer;
        this.backoff = backoff;
        this.health = health;
        this.readiness = readiness;
        this.statuses = statuses;
        this.clock = clock;
        this.hostIp = hostIp;
    }

    /**
     * @param given the pod as last seen in the API, or in the manifest directory for a static pod
     * @param removed the pod is no longer in the API (or its manifest)
     */
    public SyncOutcome sync(Pod given, boolean removed) {
        Pod pod = statuses.withReportedStatus(given);
        Optional<Duration> untilDeadline = Optional.empty();
        if (!removed && !PodSpecs.deleting(pod) && !PodSpecs.terminal(pod)) {
            untilDeadline = ActiveDeadline.remaining(pod, clock.now());
            if (untilDeadline.filter(Duration::isZero).isPresent()) {
                syncer.events().normal(pod, null, ActiveDeadline.REASON, ActiveDeadline.MESSAGE);
                pod = ActiveDeadline.failed(pod);
                untilDeadline = Optional.empty();
            }
        }
        String uid = pod.getMetadata().getUid();
        metrics.podSeen(uid);
        PodRuntimeStatus before = runtime.podStatus(uid);
        PodActions actions = PodActionPlanner.plan(pod, removed, before, backoff, health, clock.now());
        PodSyncResult result = syncer.apply(pod, actions, before);
        PodRuntimeStatus after = runtime.podStatus(uid);
        boolean stopped = actions.stopping() && after.running().isEmpty();
        if (removed) {
            // Force deletion: the API has nothing left to update; clean up once everything stopped.
            return stopped ? cleanUp(uid) : new SyncOutcome(false, Optional.of(Duration.ofSeconds(1)));
        }
        Map<String, PodActions.Waiting> waiting = new LinkedHashMap<>(actions.waiting());
        waiting.putAll(result.waiting());
        PodStatus status = PodStatusBuilder.build(new PodStatusBuilder.Input(pod, after, waiting, readiness,
                stopped, hostIp, runtime.type(), clock.now()));
        statuses.update(pod, status);
        if ("Running".equals(status.getPhase())) {
            metrics.podRunning(uid);
        }
        if (stopped && PodSpecs.deleting(pod)) {
            statuses.confirmDeletion(pod);
            return cleanUp(uid);
        }
        if (stopped) {
            // Terminal in the API: keep the sandbox (logs) until the pod is deleted.
            return SyncOutcome.finished();
        }
        return new SyncOutcome(false, earliest(earliest(actions.requeueAfter(), result.retryAfter()),
                untilDeadline));
    }

    /**
     * The pod's deletion grace period became shorter while its containers were being stopped with the longer one:
     * stops those still running again, with the shorter period (the runtime sends the stop signal again, and SIGKILL
     * when the shorter period is over). Runs beside the sync that is stopping them.
     */
    public void shortenGracePeriod(Pod pod) {
        syncer.stopAgain(pod, runtime.podStatus(pod.getMetadata().getUid()).running());
    }

    private SyncOutcome cleanUp(String uid) {
        metrics.podRemoved(uid);
        runtime.removeSandbox(uid);
        backoff.forgetPod(uid);
        return SyncOutcome.finished();
    }

    private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }
}
