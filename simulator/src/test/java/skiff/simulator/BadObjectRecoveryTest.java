package skiff.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.time.Clock;
import skiff.testing.SkiffExtension;

/**
 * A Pod the API could not decode for its clients (a string where a list goes), put straight into the store as old
 * data or another writer could leave it: the controllers, the scheduler and the simulated node say their informers
 * failed and restart them, and once the object is gone a new Deployment gets its pods, scheduled and running.
 */
class BadObjectRecoveryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String BAD_POD_KEY = "/registry/pods/default/wrongly-typed";
    private static final String BAD_POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"wrongly-typed","namespace":"default",
             "uid":"7d0c3c2e-0000-4000-8000-000000000001","creationTimestamp":"2026-01-01T00:00:00Z"},
             "spec":{"containers":[{"name":"c","image":"busybox","command":"sleep 300"}]},
             "status":{"phase":"Pending"}}""";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static NodeSimulator simulator;

    @BeforeAll
    static void startNodesAndCaptureLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        simulator = NodeSimulator.start(skiff.server().newClient(),
                SimulatorConfig.of(1).withNamePrefix("recover"), Clock.system());
    }

    @AfterAll
    static void stop() {
        simulator.close();
        System.setErr(originalErr);
    }

    @Test
    void componentsRestartTheirInformersAndAnswerANewDeploymentOnceTheBadObjectIsGone(KubernetesClient client) {
        skiff.server().store().create(BAD_POD_KEY, BAD_POD.getBytes(StandardCharsets.UTF_8));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(logged())
                .contains("kube-controller-manager: informer for v1/pods failed on an object it cannot decode")
                .contains("default-scheduler: informer for v1/pods failed on an object it cannot decode")
                .contains("node-simulator: informer for v1/pods failed on an object it cannot decode"));

        skiff.server().store().delete(BAD_POD_KEY, 0);
        client.apps().deployments().inNamespace("default").resource(deployment("after-bad-object")).create();

        await().atMost(DEADLINE).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace("default").withLabel("app", "after-bad-object").list()
                    .getItems();
            assertThat(pods).hasSize(2).allSatisfy(pod -> {
                assertThat(pod.getSpec().getNodeName()).isEqualTo("recover-0");
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
        });
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").withCommand("sleep", "300")
                .endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    private static String logged() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes what the components log both to the console and to the captured log. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            write(console, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            write(console, bytes, offset, length);
        }

        private static void write(OutputStream out, byte[] bytes, int offset, int length) {
            try {
                out.write(bytes, offset, length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
