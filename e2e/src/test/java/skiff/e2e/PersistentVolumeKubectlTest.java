package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.testing.TestKubelets;

/**
 * Persistent volumes through kubectl against Skiff with its kubelet on the process runtime: the default local-path
 * StorageClass provisions a StatefulSet's claim on the node the scheduler picks, the replacement of a deleted pod
 * finds the data its predecessor wrote, a claim in use waits for its pod before it goes, and its released volume is
 * deleted with its directory (reclaim policy Delete).
 */
class PersistentVolumeKubectlTest {
    private static final String NODE = "pv-node";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static SkiffServer server;
    private static Path workDir;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(TestKubelets.process(NODE)));
        workDir = Files.createTempDirectory("skiff-kubectl-");
        kubectl = new Kubectl(server.kubeconfig(), workDir);
    }

    @AfterAll
    static void stop() {
        server.close();
        SkiffProcessExtension.deleteRecursively(workDir);
    }

    @Test
    void aStatefulSetsClaimKeepsItsDataAcrossPodReplacementAndWaitsForItsPodWhenDeleted() {
        kubectl.succeed("create", "namespace", "pv-data");
        kubectl.succeed("apply", "-n", "pv-data", "-f", kubectl.file("db.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  replicas: 1
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: app
                        image: busybox
                        command: [sh, -c, 'echo "$HOSTNAME" >> "$SKIFF_VOLUME_DATA/log"; cat "$SKIFF_VOLUME_DATA/log"; exec sleep 3600']
                        volumeMounts: [{name: data, mountPath: /data}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                """));

        kubectl.succeed("rollout", "status", "-n", "pv-data", "statefulset/db", "--timeout=55s");
        String pv = kubectl.succeed("get", "pvc", "-n", "pv-data", "data-db-0", "-o", "jsonpath={.spec.volumeName}")
                .stdout().trim();
        assertThat(pv).startsWith("pvc-");
        assertThat(kubectl.succeed("get", "pvc", "-n", "pv-data").lines()).satisfiesExactly(
                header -> assertThat(header.split("\\s+")).containsExactly("NAME", "STATUS", "VOLUME", "CAPACITY",
                        "ACCESS", "MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"),
                row -> assertThat(row.split("\\s+")).startsWith("data-db-0", "Bound", pv, "1Gi", "RWO", "local-path",
                        "<unset>"));
        assertThat(kubectl.succeed("get", "pv", pv).lines()).satisfiesExactly(
                header -> assertThat(header.split("\\s+")).containsExactly("NAME", "CAPACITY", "ACCESS", "MODES",
                        "RECLAIM", "POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON",
                        "AGE"),
                row -> assertThat(row.split("\\s+")).startsWith(pv, "1Gi", "RWO", "Delete", "Bound",
                        "pv-data/data-db-0", "local-path", "<unset>"));
        assertThat(kubectl.succeed("get", "sc").lines()).satisfiesExactly(
                header -> assertThat(header.split("\\s+")).containsExactly("NAME", "PROVISIONER", "RECLAIMPOLICY",
                        "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"),
                row -> assertThat(row.split("\\s+")).startsWith("local-path", "(default)", "rancher.io/local-path",
                        "Delete", "WaitForFirstConsumer", "false"));
        assertThat(kubectl.succeed("get", "pv", pv, "-o", "jsonpath={.spec.hostPath.path} {.spec.nodeAffinity"
                + ".required.nodeSelectorTerms[0].matchExpressions[0].values[0]}").stdout())
                .matches(".*/storage/" + pv + "_pv-data_data-db-0 " + NODE);
        Path directory = Path.of(kubectl.succeed("get", "pv", pv, "-o", "jsonpath={.spec.hostPath.path}").stdout());
        assertThat(directory.resolve("log")).exists();
        assertThat(kubectl.succeed("get", "pvc", "-n", "pv-data", "data-db-0", "-o",
                "jsonpath={.metadata.annotations.volume\\.kubernetes\\.io/selected-node}").stdout()).isEqualTo(NODE);

        // The replacement of the deleted pod gets the same claim, and reads what its predecessor wrote.
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.run("logs", "-n", "pv-data", "db-0")
                .stdout().lines()).containsExactly("db-0"));
        String firstUid = kubectl.succeed("get", "pod", "-n", "pv-data", "db-0", "-o", "jsonpath={.metadata.uid}")
                .stdout();
        kubectl.succeed("delete", "pod", "-n", "pv-data", "db-0");
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(kubectl.run("get", "pod", "-n", "pv-data", "db-0", "-o", "jsonpath={.metadata.uid}").stdout())
                    .isNotEqualTo(firstUid);
            assertThat(kubectl.run("logs", "-n", "pv-data", "db-0").stdout().lines())
                    .containsExactly("db-0", "db-0");
        });

        // A claim in use is only marked; it goes once its pod is gone, and its volume with it.
        kubectl.succeed("delete", "pvc", "-n", "pv-data", "data-db-0", "--wait=false");
        assertThat(kubectl.succeed("get", "pvc", "-n", "pv-data", "data-db-0", "-o",
                "jsonpath={.metadata.finalizers}").stdout()).contains("kubernetes.io/pvc-protection");
        assertThat(kubectl.succeed("get", "pvc", "-n", "pv-data", "data-db-0").stdout()).contains("Terminating");
        assertThat(kubectl.succeed("get", "pv", pv).stdout()).contains("Bound");
        kubectl.succeed("delete", "statefulset", "-n", "pv-data", "db");
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(kubectl.run("get", "pvc", "-n", "pv-data", "data-db-0").stderr()).contains("NotFound");
            assertThat(kubectl.run("get", "pv", pv).stderr()).contains("NotFound");
        });
        assertThat(directory).doesNotExist();
        assertThat(kubectl.succeed("get", "pods", "-n", "kube-system", "-o", "name").stdout())
                .doesNotContain("helper-pod-delete-");
    }

    @Test
    void kubectlDescribesTheWorkloadApiKinds() {
        kubectl.succeed("create", "namespace", "described");
        kubectl.succeed("apply", "-n", "described", "-f", kubectl.file("described.yaml", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: later}
                spec:
                  suspend: true
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: main, image: busybox:1.36, command: ['true']}]
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: '0 3 * * *'
                  concurrencyPolicy: Forbid
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers: [{name: main, image: busybox:1.36, command: ['true']}]
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: keep-two}
                spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: described}
                spec: {accessModes: [ReadWriteOnce], storageClassName: described-only, resources: {requests: {storage: 1Gi}}}
                """));
        kubectl.succeed("apply", "-f", kubectl.file("cluster-described.yaml", """
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: described-high}
                value: 1000
                description: for describe
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: described}
                spec:
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteOnce]
                  storageClassName: described-only
                  hostPath: {path: /tmp/skiff-described}
                """));
        kubectl.succeed("wait", "-n", "described", "--for=jsonpath={.status.phase}=Bound", "pvc/described",
                "--timeout=60s");

        assertThat(kubectl.succeed("describe", "-n", "described", "job", "later").stdout())
                .containsPattern("Name:\\s+later\\n").containsPattern("Parallelism:\\s+1\\n")
                .containsPattern("Completions:\\s+1\\n")
                .containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 0 Succeeded / 0 Failed\\n");
        assertThat(kubectl.succeed("describe", "-n", "described", "cronjob", "nightly").stdout())
                .containsPattern("Schedule:\\s+0 3 \\* \\* \\*\\n")
                .containsPattern("Concurrency Policy:\\s+Forbid\\n");
        assertThat(kubectl.succeed("describe", "-n", "described", "pdb", "keep-two").stdout())
                .containsPattern("Min available:\\s+2\\n").containsPattern("Selector:\\s+app=web\\n");
        assertThat(kubectl.succeed("describe", "priorityclass", "described-high").stdout())
                .containsPattern("Value:\\s+1000\\n").containsPattern("Description:\\s+for describe\\n");
        assertThat(kubectl.succeed("describe", "pv", "described").stdout())
                .containsPattern("Status:\\s+Bound\\n").containsPattern("Claim:\\s+described/described\\n")
                .containsPattern("Reclaim Policy:\\s+Retain\\n").containsPattern("Capacity:\\s+1Gi\\n");
        assertThat(kubectl.succeed("describe", "-n", "described", "pvc", "described").stdout())
                .containsPattern("StorageClass:\\s+described-only\\n").containsPattern("Volume:\\s+described\\n")
                .containsPattern("Status:\\s+Bound\\n");
        assertThat(kubectl.succeed("describe", "storageclass", "local-path").stdout())
                .containsPattern("Provisioner:\\s+rancher.io/local-path\\n")
                .containsPattern("VolumeBindingMode:\\s+WaitForFirstConsumer\\n");
    }

    @Test
    void aPodWithAMissingClaimIsUnschedulable() {
        kubectl.succeed("create", "namespace", "pv-missing");
        kubectl.succeed("apply", "-n", "pv-missing", "-f", kubectl.file("lonely.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: lonely}
                spec:
                  containers:
                  - {name: app, image: busybox, command: [sleep, "60"]}
                  volumes:
                  - name: data
                    persistentVolumeClaim: {claimName: ghost}
                """));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "-n", "pv-missing",
                "lonely", "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}").stdout())
                .isEqualTo("0/1 nodes are available: persistentvolumeclaim \"ghost\" not found. preemption: 0/1 "
                        + "nodes are available: 1 Preemption is not helpful for scheduling."));
    }

    @Test
    void badClaimsVolumesAndClassesAreRefusedWithKubernetesMessages() {
        kubectl.succeed("create", "namespace", "pv-bad");
        KubectlResult noModes = kubectl.run("apply", "-n", "pv-bad", "-f", kubectl.file("nomodes.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: nomodes}
                spec: {resources: {requests: {storage: 1Gi}}}
                """));
        KubectlResult noSource = kubectl.run("apply", "-f", kubectl.file("nosource.yaml", """
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: nosource}
                spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce]}
                """));
        kubectl.succeed("apply", "-n", "pv-bad", "-f", kubectl.file("fixed.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: fixed}
                spec: {accessModes: [ReadWriteOnce], storageClassName: manual, resources: {requests: {storage: 1Gi}}}
                """));
        KubectlResult changed = kubectl.run("patch", "pvc", "-n", "pv-bad", "fixed", "-p",
                "{\"spec\":{\"accessModes\":[\"ReadWriteMany\"]}}");
        KubectlResult badClass = kubectl.run("apply", "-f", kubectl.file("class.yaml", """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: fast}
                provisioner: example.com/fast
                volumeBindingMode: Later
                """));

        assertThat(noModes.stderr()).contains("PersistentVolumeClaim \"nomodes\" is invalid: spec.accessModes: "
                + "Required value: at least 1 access mode is required");
        assertThat(noSource.stderr()).contains("PersistentVolume \"nosource\" is invalid: spec: Required value: "
                + "must specify a volume type");
        assertThat(changed.stderr()).contains("PersistentVolumeClaim \"fixed\" is invalid: spec: Forbidden: spec is "
                + "immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
        assertThat(badClass.stderr()).contains("The StorageClass \"fast\" is invalid: volumeBindingMode: "
                + "Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"");
    }
}
