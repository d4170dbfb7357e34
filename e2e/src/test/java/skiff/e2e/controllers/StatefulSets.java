package skiff.e2e.controllers;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** StatefulSets and pod statuses for controller tests that run without a kubelet: the test plays the kubelet. */
final class StatefulSets {
    private StatefulSets() {}

    static String namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    /** A set named "web" of {@code replicas} pods labelled app=web, behind service "web". */
    static StatefulSetBuilder web(String namespace, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("web").withNamespace(namespace).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withServiceName("web")
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                        .withNewSpec()
                            .addNewContainer().withName("app").withImage("busybox:1")
                                .withCommand("sleep", "3600").endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec();
    }

    /** What a kubelet reports for a started, ready pod. */
    static void runAndReady(KubernetesClient client, String namespace, String pod) {
        setStatus(client, namespace, pod, "Running", "True");
    }

    static void fail(KubernetesClient client, String namespace, String pod) {
        setStatus(client, namespace, pod, "Failed", "False");
    }

    static void setStatus(KubernetesClient client, String namespace, String pod, String phase, String ready) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        PodCondition condition = new PodConditionBuilder().withType("Ready").withStatus(ready)
                .withLastTransitionTime(now).build();
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(pod)
                .withNamespace(namespace).endMetadata().withStatus(new PodStatusBuilder().withPhase(phase)
                        .withConditions(List.of(condition)).build()).build()).patchStatus();
    }

    static List<String> podNames(KubernetesClient client, String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .map(Pod::getMetadata).map(m -> m.getName()).sorted().toList();
    }
}
