package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;

/** Pods and budgets for the preemption tables: a priority, a cpu request, a start minute, labels. */
final class PreemptionPods {
    private PreemptionPods() {}

    /** A pod requesting {@code cpu} with {@code priority}, started {@code minute} minutes after 10:00. */
    static Pod pod(String name, int priority, String cpu, int minute, Map<String, String> labels) {
        return new PodBuilder(Pods.requesting(name, cpu, null)).editMetadata().withLabels(labels).endMetadata()
                .editSpec().withPriority(priority).endSpec()
                .withNewStatus().withStartTime("2026-01-01T10:%02d:00Z".formatted(minute)).endStatus().build();
    }

    static Pod pod(String name, int priority, String cpu, int minute) {
        return pod(name, priority, cpu, minute, Map.of());
    }

    static Pod preemptor(int priority, String cpu) {
        return new PodBuilder(Pods.requesting("preemptor", cpu, null)).editSpec().withPriority(priority).endSpec()
                .build();
    }

    /** A budget over pods labelled {@code app=APP} in namespace default allowing {@code allowed} disruptions. */
    static PodDisruptionBudget budget(String app, int allowed) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(app).withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", app)).endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(allowed).endStatus().build();
    }

    static NodeInfo node(String name, String cpu, Pod... pods) {
        NodeInfo node = Nodes.info(Nodes.node(name, cpu, "64Gi", "110"));
        for (Pod p : pods) {
            node.addPod(p);
        }
        return node;
    }
}
