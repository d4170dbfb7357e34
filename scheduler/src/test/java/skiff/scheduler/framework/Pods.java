package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test pods: one app container with the given requests, built up by named steps. */
public final class Pods {
    private Pods() {}

    public static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString())
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage("busybox").build())
                .endSpec();
    }

    public static Pod requesting(String name, String cpu, String memory) {
        return pod(name).editSpec().editFirstContainer().withNewResources().withRequests(requests(cpu, memory))
                .endResources().endContainer().endSpec().build();
    }

    public static Map<String, Quantity> requests(String cpu, String memory) {
        Map<String, Quantity> r = new LinkedHashMap<>();
        if (cpu != null) {
            r.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            r.put("memory", new Quantity(memory));
        }
        return r;
    }
}
