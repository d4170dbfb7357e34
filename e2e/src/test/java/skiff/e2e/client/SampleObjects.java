package skiff.e2e.client;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;

/** Small valid objects of the served kinds, built with fabric8's model. */
final class SampleObjects {
    private SampleObjects() {}

    static ObjectMeta meta(String namespace, String name) {
        return new ObjectMetaBuilder().withNamespace(namespace).withName(name).build();
    }

    static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
        return new ConfigMapBuilder().withMetadata(meta(namespace, name)).withData(data).build();
    }

    static ConfigMap configMap(String namespace, String name) {
        return configMap(namespace, name, Map.of("key", "value"));
    }

    static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

    static Pod pod(String namespace, String name) {
        return new PodBuilder().withMetadata(meta(namespace, name))
                .withNewSpec().withContainers(container("app", "nginx:1.27")).endSpec().build();
    }

    static PodTemplateSpec template(String app) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().withContainers(container("app", "nginx:1.27")).endSpec().build();
    }

    static Deployment deployment(String namespace, String name) {
        return new DeploymentBuilder().withMetadata(meta(namespace, name))
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withTemplate(template(name)).endSpec().build();
    }

    static ReplicaSet replicaSet(String namespace, String name) {
        return new ReplicaSetBuilder().withMetadata(meta(namespace, name))
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withTemplate(template(name)).endSpec().build();
    }

    static StatefulSet statefulSet(String namespace, String name) {
        return new StatefulSetBuilder().withMetadata(meta(namespace, name))
                .withNewSpec().withReplicas(2).withServiceName(name)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withTemplate(template(name)).endSpec().build();
    }

    static DaemonSet daemonSet(String namespace, String name) {
        return new DaemonSetBuilder().withMetadata(meta(namespace, name))
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withTemplate(template(name)).endSpec().build();
    }
}
