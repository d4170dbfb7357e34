package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * scheduling.k8s.io/v1 PriorityClasses through kubectl: the two system classes exist from the start, user classes are
 * validated as k/k pkg/apis/scheduling/validation does, and the Priority admission plugin resolves a pod's
 * priorityClassName to spec.priority (k/k plugin/pkg/admission/priority, 1.32).
 */
class PriorityClassKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void theSystemClassesAreBuiltIn(Kubectl kubectl) {
        String table = kubectl.succeed("get", "priorityclasses").stdout();

        assertThat(table).containsPattern("NAME\\s+VALUE\\s+GLOBAL-DEFAULT\\s+AGE\\s+PREEMPTIONPOLICY\\n");
        assertThat(table).containsPattern("system-cluster-critical\\s+2000000000\\s+false\\s+\\S+\\s+"
                + "PreemptLowerPriority\\n");
        assertThat(table).containsPattern("system-node-critical\\s+2000001000\\s+false\\s+\\S+\\s+"
                + "PreemptLowerPriority\\n");
    }

    @Test
    void aPodGetsItsClassPriorityAndAnUnknownClassIsForbidden(Kubectl kubectl) {
        String name = "high-" + UUID.randomUUID().toString().substring(0, 6);
        kubectl.succeed("create", "priorityclass", name, "--value=1000", "--preemption-policy=Never");
        kubectl.succeed("apply", "-f", kubectl.file("pod.yaml", pod("prio-" + name, name)));

        assertThat(kubectl.succeed("get", "pod", "prio-" + name, "-o",
                "jsonpath={.spec.priority} {.spec.preemptionPolicy}").stdout()).isEqualTo("1000 Never");
        KubectlResult unknown = kubectl.run("apply", "-f", kubectl.file("ghost.yaml", pod("ghost-" + name, "ghost")));
        assertThat(unknown.stderr()).contains("pods \"ghost-" + name + "\" is forbidden: no PriorityClass with name "
                + "ghost was found");
        kubectl.succeed("delete", "pod", "prio-" + name, "--wait=false");
    }

    @Test
    void badClassesAreRefusedWithKubernetesMessages(Kubectl kubectl) {
        String name = "user-" + UUID.randomUUID().toString().substring(0, 6);
        KubectlResult tooHigh = kubectl.run("create", "priorityclass", name + "-big", "--value=1000000001");
        KubectlResult reserved = kubectl.run("create", "priorityclass", "system-mine", "--value=10");
        kubectl.succeed("create", "priorityclass", name, "--value=5");
        KubectlResult changed = kubectl.run("patch", "priorityclass", name, "-p", "{\"value\":6}");

        assertThat(tooHigh.stderr()).contains("PriorityClass.scheduling.k8s.io \"" + name + "-big\" is invalid: "
                + "value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
        assertThat(reserved.stderr()).contains("PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: "
                + "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use "
                + "only. error: "
                + "system-mine is not a known system priority class");
        assertThat(changed.stderr()).contains("The PriorityClass \"" + name + "\" is invalid: value: Forbidden: "
                + "may not be changed in an update.");
    }

    private static String pod(String name, String priorityClass) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  priorityClassName: %s
                  nodeSelector: {nowhere: "true"}
                  containers:
                  - {name: app, image: busybox, command: [sleep, "60"]}
                """.formatted(name, priorityClass);
    }
}
