package skiff.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Pods for either runtime, built by named steps: each container is {@code sh -c SCRIPT} from {@link #IMAGE}, with
 * every volume of the pod mounted at {@code /NAME}; a script finds it at {@link #volume(String)}.
 */
final class TestPod {
    /** busybox under a tag other than latest, so that runc's image store has it (pull policy IfNotPresent). */
    static final String IMAGE = "docker.io/library/busybox:e2e";

    private final PodBuilder pod;
    private final List<Container> inits = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();

    private TestPod(String name, String node) {
        pod = new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).endSpec();
    }

    static TestPod named(String name, String node) {
        return new TestPod(name, node);
    }

    /** An app container running {@code sh -c script}, with every volume of the pod mounted. */
    TestPod container(String name, String script) {
        containers.add(shell(name, script).build());
        return this;
    }

    TestPod container(ContainerBuilder container) {
        containers.add(container.build());
        return this;
    }

    TestPod init(String name, String script) {
        inits.add(shell(name, script).build());
        return this;
    }

    TestPod init(ContainerBuilder container) {
        inits.add(container.build());
        return this;
    }

    TestPod restartPolicy(String policy) {
        pod.editSpec().withRestartPolicy(policy).endSpec();
        return this;
    }

    TestPod gracePeriod(long seconds) {
        pod.editSpec().withTerminationGracePeriodSeconds(seconds).endSpec();
        return this;
    }

    TestPod emptyDir(String volume) {
        pod.editSpec().addToVolumes(new VolumeBuilder().withName(volume).withNewEmptyDir().endEmptyDir().build())
                .endSpec();
        return this;
    }

    TestPod configMap(String volume, String configMap) {
        pod.editSpec().addToVolumes(new VolumeBuilder().withName(volume).withNewConfigMap().withName(configMap)
                .endConfigMap().build()).endSpec();
        return this;
    }

    TestPod hostPath(String volume, String path) {
        pod.editSpec().addToVolumes(new VolumeBuilder().withName(volume).withNewHostPath().withPath(path)
                .endHostPath().build()).endSpec();
        return this;
    }

    static ContainerBuilder shell(String name, String script) {
        return new ContainerBuilder().withName(name).withImage(IMAGE).withCommand("sh", "-c", script);
    }

    /**
     * Where a script finds the volume {@code name}: the process runtime, whose containers share the host's
     * filesystem, says so in {@code $SKIFF_VOLUME_NAME}; in a runc container it is at its mount path.
     */
    static String volume(String name) {
        return "${SKIFF_VOLUME_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_') + ":-/"
                + name + "}";
    }

    Pod build() {
        Pod built = pod.editSpec().withInitContainers(inits).withContainers(containers).endSpec().build();
        List<String> volumes = built.getSpec().getVolumes() == null ? List.of()
                : built.getSpec().getVolumes().stream().map(v -> v.getName()).toList();
        for (Container c : built.getSpec().getContainers()) {
            mountAll(c, volumes);
        }
        for (Container c : built.getSpec().getInitContainers()) {
            mountAll(c, volumes);
        }
        return built;
    }

    private static void mountAll(Container c, List<String> volumes) {
        List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new ArrayList<>();
        for (String v : volumes) {
            mounts.add(new VolumeMountBuilder().withName(v).withMountPath("/" + v).build());
        }
        c.setVolumeMounts(mounts);
    }
}
