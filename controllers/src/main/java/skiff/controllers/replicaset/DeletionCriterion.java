package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import skiff.client.pods.PodReadiness;

/**
 * The rules that order scale-down candidates, in the order they apply; the first that tells two pods apart decides,
 * and the pod that sorts first is deleted first (k/k pkg/controller/controller_utils.go ActivePodsWithRanks.Less,
 * with PodDeletionCost and LogarithmicScaleDown on as they are by default since v1.22). Each rule also says, in
 * words, why it put a deleted pod before the first kept one.
 */
enum DeletionCriterion {
    // 1. Unassigned < assigned.
    UNASSIGNED {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            return Boolean.compare(assigned(a.pod()), assigned(b.pod()));
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            long scheduled = kept.stream().filter(k -> assigned(k.pod())).count();
            return "not scheduled to a node while " + others(scheduled, "is", "are") + " scheduled";
        }
    },
    // 2. Pending < Unknown < Running; any other phase counts as Pending.
    PHASE {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            return Integer.compare(phaseOrdinal(a.pod()), phaseOrdinal(b.pod()));
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            return "phase " + phase(victim.pod()) + " while " + kept.get(0).name() + " is " + phase(kept.get(0).pod());
        }
    },
    // 3. Not ready < ready.
    NOT_READY {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            return Boolean.compare(PodReadiness.isReady(a.pod()), PodReadiness.isReady(b.pod()));
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            long ready = kept.stream().filter(k -> PodReadiness.isReady(k.pod())).count();
            return "not ready while " + others(ready, "is", "are") + " ready";
        }
    },
    // 4. Lower controller.kubernetes.io/pod-deletion-cost < higher (missing or invalid counts as 0).
    DELETION_COST {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            return Integer.compare(deletionCost(a.pod()), deletionCost(b.pod()));
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            return "pod-deletion-cost " + deletionCost(victim.pod()) + " is lower than " + kept.get(0).name() + "'s "
                    + deletionCost(kept.get(0).pod());
        }
    },
    // 5. Doubled up < not doubled up: more related pods on the same node first.
    COLOCATED {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            return Integer.compare(b.colocated(), a.colocated());
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            RankedPod k = kept.get(0);
            return "its node " + nodeName(victim.pod()) + " runs " + victim.colocated() + " pods of the set, "
                    + k.name() + "'s node " + nodeName(k.pod()) + " runs " + k.colocated();
        }
    },
    // 6. When both are ready: ready for a shorter time first, compared in log2 buckets of the time since, the
    // uid breaking ties within a bucket; an unknown ready time sorts first.
    READY_TIME {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            if (!PodReadiness.isReady(a.pod()) || !PodReadiness.isReady(b.pod())) {
                return 0;
            }
            return compareTimes(a, b, readySince(a.pod()), readySince(b.pod()), now);
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            return explainTimes("ready for", victim, kept.get(0), readySince(victim.pod()),
                    readySince(kept.get(0).pod()), now);
        }
    },
    // 7. More container restarts first (regular containers, then restartable init containers).
    RESTARTS {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            int regular = Integer.compare(maxRestarts(b.pod(), false), maxRestarts(a.pod(), false));
            return regular != 0 ? regular : Integer.compare(maxRestarts(b.pod(), true), maxRestarts(a.pod(), true));
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            boolean sidecar = maxRestarts(victim.pod(), false) == maxRestarts(kept.get(0).pod(), false);
            String what = sidecar ? "a sidecar restarted " : "restarted ";
            return what + maxRestarts(victim.pod(), sidecar) + " times, " + kept.get(0).name() + " "
                    + maxRestarts(kept.get(0).pod(), sidecar) + " times";
        }
    },
    // 8. Newer first, compared in log2 buckets of age with the uid breaking ties; no creation time sorts first.
    CREATION_TIME {
        @Override
        int compare(RankedPod a, RankedPod b, Instant now) {
            return compareTimes(a, b, created(a.pod()), created(b.pod()), now);
        }

        @Override
        String explain(RankedPod victim, List<RankedPod> kept, Instant now) {
            return explainTimes("created", victim, kept.get(0), created(victim.pod()), created(kept.get(0).pod()), now);
        }
    };

    /** Negative when {@code a} should be deleted before {@code b}, positive for the reverse, 0 if this rule ties. */
    abstract int compare(RankedPod a, RankedPod b, Instant now);

    /** Why this rule put {@code victim} before {@code kept}, the pods that stay (first the one ranked closest). */
    abstract String explain(RankedPod victim, List<RankedPod> kept, Instant now);

    private static final Map<String, Integer> PHASE_ORDINALS = Map.of("Pending", 0, "Unknown", 1, "Running", 2);
    static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

    private static boolean assigned(Pod pod) {
        return !nodeName(pod).isEmpty();
    }

    private static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    private static int phaseOrdinal(Pod pod) {
        return PHASE_ORDINALS.getOrDefault(phase(pod), 0);
    }

    // k/k pkg/apis/core/helper GetDeletionCostFromPodAnnotations: an int32; the ranking treats errors as 0.
    static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DELETION_COST_ANNOTATION);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Instant> readySince(Pod pod) {
        return PodReadiness.readySince(pod);
    }

    private static Optional<Instant> created(Pod pod) {
        String t = pod.getMetadata().getCreationTimestamp();
        return t == null || t.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(t));
    }

    // k/k controller_utils.go maxContainerRestarts: the highest restart count, of regular containers or of
    // restartable (sidecar) init containers.
    private static int maxRestarts(Pod pod, boolean sidecars) {
        if (pod.getStatus() == null) {
            return 0;
        }
        List<ContainerStatus> statuses = sidecars ? pod.getStatus().getInitContainerStatuses()
                : pod.getStatus().getContainerStatuses();
        if (statuses == null) {
            return 0;
        }
        Set<String> restartable = sidecars ? restartableInitContainers(pod) : Set.of();
        return statuses.stream()
                .filter(s -> !sidecars || restartable.contains(s.getName()))
                .mapToInt(s -> Objects.requireNonNullElse(s.getRestartCount(), 0))
                .max().orElse(0);
    }

    private static Set<String> restartableInitContainers(Pod pod) {
        List<Container> init = pod.getSpec() == null ? null : pod.getSpec().getInitContainers();
        return init == null ? Set.of() : init.stream().filter(c -> "Always".equals(c.getRestartPolicy()))
                .map(Container::getName).collect(Collectors.toSet());
    }

    // k/k controller_utils.go afterOrZero and logarithmicRankDiff: equal times tie; an unknown time sorts first;
    // otherwise the later time in a smaller log2 bucket of (now - t) sorts first, the uid deciding within a bucket.
    private static int compareTimes(RankedPod a, RankedPod b, Optional<Instant> ta, Optional<Instant> tb, Instant now) {
        if (ta.equals(tb)) {
            return 0;
        }
        if (ta.isEmpty() || tb.isEmpty()) {
            return ta.isEmpty() ? -1 : 1;
        }
        int buckets = Long.compare(bucket(ta.get(), now), bucket(tb.get(), now));
        if (buckets != 0) {
            return buckets;
        }
        return Integer.signum(uid(a).compareTo(uid(b)));
    }

    /** floor(log2(nanoseconds since t)), or -1 when t is not in the past. */
    static long bucket(Instant t, Instant now) {
        long nanos = Duration.between(t, now).toNanos();
        return nanos > 0 ? 63 - Long.numberOfLeadingZeros(nanos) : -1;
    }

    private static String explainTimes(String verb, RankedPod victim, RankedPod kept, Optional<Instant> tv,
            Optional<Instant> tk, Instant now) {
        if (tv.isEmpty()) {
            return verb.equals("created") ? "no creation time recorded" : "no time of readiness recorded";
        }
        String suffix = verb.equals("created") ? " ago" : "";
        String both = verb + " " + Durations.brief(tv.get(), now) + suffix + ", " + kept.name() + " "
                + Durations.brief(tk.orElseThrow(), now) + suffix;
        if (bucket(tv.get(), now) == bucket(tk.get(), now)) {
            return both + " (the same log2 age bucket, so uid order chose)";
        }
        return both;
    }

    private static String uid(RankedPod p) {
        return Objects.requireNonNullElse(p.pod().getMetadata().getUid(), "");
    }

    private static String others(long n, String singular, String plural) {
        return n + (n == 1 ? " other " + singular : " others " + plural);
    }
}
