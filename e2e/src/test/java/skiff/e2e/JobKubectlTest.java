package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.testing.TestKubelets;

/**
 * batch/v1 Jobs and CronJobs with the real kubectl against Skiff with its kubelet, whose pods run shell commands:
 * completion, backoff limit, pod failure policy, suspend, TTL, {@code kubectl create job}, and Kubernetes' 422s.
 */
class JobKubectlTest {
    private static final String NODE = "job-node-" + UUID.randomUUID().toString().substring(0, 8);

    private static SkiffServer server;
    private static Path workDir;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        server = SkiffServer.startTemporary(StoreKind.MEMORY,
                o -> o.withKubelet(TestKubelets.process(NODE)));
        workDir = Files.createTempDirectory("skiff-kubectl-");
        kubectl = new Kubectl(server.kubeconfig(), workDir);
    }

    @AfterAll
    static void stop() {
        server.close();
        SkiffProcessExtension.deleteRecursively(workDir);
    }

    private static String namespace() {
        String ns = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl.succeed("create", "namespace", ns);
        return ns;
    }

    private static String job(String name, String extraSpec, String command) {
        return kubectl.file(name + ".yaml", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s}
                spec:
                %s
                  template:
                    spec:
                      nodeName: %s
                      restartPolicy: Never
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: busybox:1.36
                        command: [sh, -c, '%s']
                """.formatted(name, String.join("\n", extraSpec.stripIndent().lines().map(l -> "  " + l).toList()),
                NODE, command));
    }

    @Test
    void anIndexedJobOfFiveWithParallelismTwoCompletesEachIndexOnce() {
        String ns = namespace();
        kubectl.succeed("-n", ns, "apply", "-f", job("idx", """
                  completions: 5
                  parallelism: 2
                  completionMode: Indexed""", "echo index $JOB_COMPLETION_INDEX"));
        kubectl.succeed("-n", ns, "wait", "--for=condition=complete", "job/idx", "--timeout=120s");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "idx", "-o",
                "jsonpath={.status.completedIndexes} {.status.succeeded} {.status.failed}").stdout())
                .isEqualTo("0-4 5 ");
        String indexes = kubectl.succeed("-n", ns, "get", "pods", "-o",
                "jsonpath={.items[*].metadata.annotations.batch\\.kubernetes\\.io/job-completion-index}").stdout();
        assertThat(Arrays.stream(indexes.split(" ")).sorted()).containsExactly("0", "1", "2", "3", "4");
        assertThat(kubectl.succeed("-n", ns, "get", "pods", "-o",
                "jsonpath={.items[*].metadata.finalizers}").stdout()).doesNotContain("job-tracking");
        KubectlResult table = kubectl.succeed("-n", ns, "get", "jobs");
        assertThat(table.lines().get(0)).matches("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE");
        assertThat(table.lines().get(1)).matches("idx\\s+Complete\\s+5/5\\s+\\S+\\s+\\S+");
    }

    @Test
    void anIndexFailingPastItsBackoffLimitPerIndexFailsAloneAndTheJobEndsWithFailedIndexes() {
        String ns = namespace();
        kubectl.succeed("-n", ns, "apply", "-f", job("per-index", """
                  completions: 3
                  parallelism: 3
                  completionMode: Indexed
                  backoffLimitPerIndex: 1""", "exit $((JOB_COMPLETION_INDEX==1))"));
        kubectl.succeed("-n", ns, "wait", "--for=condition=failed", "job/per-index", "--timeout=120s");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "per-index", "-o",
                "jsonpath={.status.failedIndexes} {.status.completedIndexes} {.status.succeeded} {.status.failed} "
                        + "{.spec.backoffLimit} {.status.conditions[?(@.type==\"Failed\")].reason}").stdout())
                .isEqualTo("1 0,2 2 2 2147483647 FailedIndexes");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "per-index", "-o",
                "jsonpath={.status.conditions[?(@.type==\"FailureTarget\")].message}").stdout())
                .isEqualTo("Job has failed indexes");
        // The retry of index 1 carried the count of the index's earlier failures.
        assertThat(kubectl.succeed("-n", ns, "get", "pods", "-l", "batch.kubernetes.io/job-completion-index=1",
                "-o", "jsonpath={.items[*].metadata.annotations.batch\\.kubernetes\\.io/job-index-failure-count}")
                .stdout().split(" ")).containsExactlyInAnyOrder("0", "1");
        assertThat(kubectl.succeed("-n", ns, "get", "events", "--field-selector", "involvedObject.name=per-index")
                .stdout()).contains("Job has failed indexes");
    }

    @Test
    void aSuccessPolicyCompletesTheJobWhenIndexZeroSucceedsWhileTheOthersStillRun() {
        String ns = namespace();
        kubectl.succeed("-n", ns, "apply", "-f", job("leader", """
                  completions: 3
                  parallelism: 3
                  completionMode: Indexed
                  successPolicy:
                    rules:
                    - succeededIndexes: '0'""", "[ $JOB_COMPLETION_INDEX = 0 ] || sleep 300"));
        kubectl.succeed("-n", ns, "wait", "--for=condition=complete", "job/leader", "--timeout=120s");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "leader", "-o",
                "jsonpath={.status.completedIndexes} {.status.succeeded} {.status.failed} {.status.terminating} "
                        + "{.status.conditions[*].type}").stdout())
                .isEqualTo("0 1  0 SuccessCriteriaMet Complete");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "leader", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Complete\")].reason}: "
                        + "{.status.conditions[?(@.type==\"Complete\")].message}").stdout())
                .isEqualTo("SuccessPolicy: Matched rules at index 0");
        assertThat(kubectl.succeed("-n", ns, "get", "pods", "-o", "name").lines()).hasSize(1);
    }

    @Test
    void aFailingJobStopsAtItsBackoffLimit() {
        String ns = namespace();
        kubectl.succeed("-n", ns, "apply", "-f", job("fails", "  backoffLimit: 1", "exit 3"));
        kubectl.succeed("-n", ns, "wait", "--for=condition=failed", "job/fails", "--timeout=120s");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "fails", "-o",
                "jsonpath={.status.failed} {.status.conditions[?(@.type==\"Failed\")].reason}").stdout())
                .isEqualTo("2 BackoffLimitExceeded");
        assertThat(kubectl.succeed("-n", ns, "get", "events", "--field-selector", "involvedObject.name=fails")
                .stdout()).contains("Job has reached the specified backoff limit");
    }

    @Test
    void aPodFailurePolicyIgnoresItsExitCode() {
        String ns = namespace();
        kubectl.succeed("-n", ns, "apply", "-f", job("ignores", """
                  backoffLimit: 0
                  podFailurePolicy:
                    rules:
                    - action: Ignore
                      onExitCodes: {operator: In, values: [42]}""", "exit 42"));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(kubectl.succeed("-n", ns, "get",
                "pods", "-o", "name").lines()).hasSizeGreaterThanOrEqualTo(3));
        assertThat(kubectl.succeed("-n", ns, "get", "job", "ignores", "-o",
                "jsonpath={.status.failed}|{.status.conditions}").stdout()).isEqualTo("|");
        kubectl.succeed("-n", ns, "delete", "job", "ignores", "--wait=true", "--timeout=60s");
    }

    @Test
    void aSuspendedJobRunsWhenResumedAndGoesAfterItsTtl() {
        String ns = namespace();
        kubectl.succeed("-n", ns, "apply", "-f", job("later", """
                  suspend: true
                  ttlSecondsAfterFinished: 1""", "true"));
        kubectl.succeed("-n", ns, "wait", "--for=condition=suspended", "job/later", "--timeout=60s");
        assertThat(kubectl.succeed("-n", ns, "get", "pods", "-o", "name").stdout()).isEmpty();
        kubectl.succeed("-n", ns, "patch", "job", "later", "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}");
        kubectl.succeed("-n", ns, "wait", "--for=delete", "job/later", "--timeout=120s");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl.succeed("-n", ns, "get",
                "pods", "-o", "name").stdout()).isEmpty());
    }

    @Test
    void kubectlCreatesJobsAndCronJobsAndAJobFromACronJob() {
        String ns = namespace();
        kubectl.succeed("-n", ns, "create", "job", "once", "--image=busybox:1.36", "--", "true");
        kubectl.succeed("-n", ns, "create", "cronjob", "nightly", "--image=busybox:1.36", "--schedule=0 3 * * *",
                "--", "true");
        kubectl.succeed("-n", ns, "create", "job", "manual", "--from=cronjob/nightly");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "manual", "-o",
                "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}").stdout())
                .isEqualTo("manual");
        KubectlResult table = kubectl.succeed("-n", ns, "get", "cronjobs");
        assertThat(table.lines().get(0))
                .matches("NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE");
        assertThat(table.lines().get(1)).matches("nightly\\s+0 3 \\* \\* \\*\\s+<none>\\s+False\\s+\\d\\s+<none>\\s+\\S+");
        assertThat(kubectl.succeed("-n", ns, "get", "cronjob", "nightly", "-o",
                "jsonpath={.spec.concurrencyPolicy} {.spec.successfulJobsHistoryLimit} {.spec.failedJobsHistoryLimit}")
                .stdout()).isEqualTo("Allow 3 1");
        assertThat(kubectl.succeed("-n", ns, "get", "job", "once", "-o",
                "jsonpath={.spec.completions} {.spec.parallelism} {.spec.backoffLimit} {.spec.completionMode} "
                        + "{.spec.selector.matchLabels} {.spec.template.metadata.labels.job-name}").stdout())
                .matches("1 1 6 NonIndexed \\{\"batch.kubernetes.io/controller-uid\":\"[-0-9a-f]+\"\\} once");
    }

    @Test
    void badInputGetsKubernetesMessages() {
        String ns = namespace();
        KubectlResult cron = kubectl.run("-n", ns, "create", "cronjob", "bad", "--image=busybox:1.36",
                "--schedule=61 * * * *", "--", "true");
        assertThat(cron.stderr()).contains("CronJob.batch \"bad\" is invalid: spec.schedule: Invalid value: "
                + "\"61 * * * *\": end of range (61) above maximum (59): 61");
        KubectlResult zone = kubectl.run("-n", ns, "apply", "-f", kubectl.file("zone.yaml", """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: zoned}
                spec:
                  schedule: "0 3 * * *"
                  timeZone: Mars/Olympus_Mons
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers: [{name: main, image: busybox:1.36}]
                """));
        assertThat(zone.stderr()).contains("spec.timeZone: Invalid value: \"Mars/Olympus_Mons\": unknown time zone "
                + "Mars/Olympus_Mons");
        KubectlResult tz = kubectl.run("-n", ns, "create", "cronjob", "tz", "--image=busybox:1.36",
                "--schedule=TZ=UTC 0 3 * * *", "--", "true");
        assertThat(tz.stderr()).contains("spec.schedule: Invalid value: \"TZ=UTC 0 3 * * *\": cannot use TZ or "
                + "CRON_TZ in schedule, use timeZone field instead");
        KubectlResult negative = kubectl.run("-n", ns, "apply", "-f", job("negative", "  parallelism: -1", "true"));
        assertThat(negative.stderr()).contains("spec.parallelism: Invalid value: -1: must be greater than or equal "
                + "to 0");
        kubectl.succeed("-n", ns, "apply", "-f", job("fixed", "  suspend: true", "true"));
        KubectlResult immutable = kubectl.run("-n", ns, "set", "image", "job/fixed", "main=busybox:1.37");
        assertThat(immutable.stderr()).contains("spec.template: Invalid value:").contains("field is immutable");
    }
}
