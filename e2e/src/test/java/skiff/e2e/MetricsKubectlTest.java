package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /metrics} and the audit log through kubectl as Kubernetes 1.32 serves it: the API server's request counters grow with each
 * request, the nonResourceURL {@code /metrics} is for admins and the {@code system:monitoring} group only, the
 * controllers' work queues and the scheduler report in the same process's metrics, and the kubelet's own
 * {@code /metrics} is reached through {@code nodes/NAME/proxy}. The server runs with an audit policy that logs
 * ConfigMap creates at RequestResponse, without their RequestReceived stage, and nothing else; a
 * ValidatingAdmissionPolicy's audited failure and audit annotation are in the create's event.
 */
class MetricsKubectlTest {
    private static final Path AUDIT_DIR = tempDir();
    private static final Path AUDIT_LOG = AUDIT_DIR.resolve("audit/audit.log");
    private static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived]
            rules:
            - level: RequestResponse
              verbs: [create]
              resources: [{group: "", resources: [configmaps]}]
              omitManagedFields: true
            - level: None
            """;

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--audit-log-path", AUDIT_LOG.toString(),
            "--audit-policy-file", write(AUDIT_DIR.resolve("policy.yaml"), POLICY).toString());

    @AfterAll
    static void removeAuditFiles() throws IOException {
        try (Stream<Path> files = Files.walk(AUDIT_DIR)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void theRequestCountOfConfigMapCreatesGrowsWithACreate(Kubectl kubectl) {
        String ns = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl.succeed("create", "namespace", ns);
        double before = configMapCreates(kubectl.succeed("get", "--raw", "/metrics").stdout());

        kubectl.succeed("create", "configmap", "settings", "--from-literal=a=b", "-n", ns);

        String after = kubectl.succeed("get", "--raw", "/metrics").stdout();
        assertThat(configMapCreates(after)).isEqualTo(before + 1);
        assertThat(after).contains("# TYPE apiserver_request_duration_seconds histogram")
                .containsPattern("apiserver_storage_objects\\{resource=\"configmaps\"} [1-9]")
                .containsPattern("workqueue_adds_total\\{name=\"serviceaccount\"} [1-9]")
                .containsPattern("scheduler_pending_pods\\{queue=\"active\"} ")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void onlyAdminsAndTheMonitoringGroupMayReadMetrics(Kubectl kubectl) {
        KubectlResult refused = kubectl.run("get", "--raw", "/metrics", "--as=someone");
        KubectlResult monitoring = kubectl.run("get", "--raw", "/metrics", "--as=prometheus",
                "--as-group=system:monitoring");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("Error from server (Forbidden): forbidden: User \"someone\" cannot get "
                + "path \"/metrics\"\n");
        assertThat(monitoring.exitCode()).isZero();
        assertThat(monitoring.stdout()).contains("# TYPE apiserver_request_total counter");
    }

    @Test
    void theKubeletServesItsMetricsThroughTheNodeProxy(Kubectl kubectl) {
        String node = kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout();

        String metrics = await().atMost(Duration.ofSeconds(30)).until(
                () -> kubectl.succeed("get", "--raw", "/api/v1/nodes/" + node + "/proxy/metrics").stdout(),
                text -> text.contains("kubelet_running_pods"));

        assertThat(metrics).containsPattern("(?m)^kubelet_running_pods \\d")
                .contains("# TYPE kubelet_pod_start_duration_seconds histogram")
                .contains("# TYPE kubelet_running_containers gauge")
                .contains("jvm_threads_current")
                .doesNotContain("apiserver_request_total");
    }

    @Test
    void theAuditLogRecordsACreateWithItsUserVerbAndObjects(Kubectl kubectl) throws IOException {
        String ns = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl.succeed("create", "namespace", ns);
        String admin = kubectl.succeed("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").stdout();

        kubectl.succeed("create", "configmap", "audited", "--from-literal=a=b", "-n", ns);

        JsonNode event = await().atMost(Duration.ofSeconds(10)).until(() -> auditEvents().stream()
                .filter(e -> e.path("objectRef").path("namespace").asString("").equals(ns)
                        && e.path("objectRef").path("name").asString("").equals("audited")).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(event.path("apiVersion").asString("")).isEqualTo("audit.k8s.io/v1");
        assertThat(event.path("stage").asString("")).isEqualTo("ResponseComplete");
        assertThat(event.path("level").asString("")).isEqualTo("RequestResponse");
        assertThat(event.path("verb").asString("")).isEqualTo("create");
        assertThat(event.path("user").path("username").asString("")).isEqualTo(admin);
        assertThat(event.path("requestURI").asString("")).startsWith("/api/v1/namespaces/" + ns + "/configmaps");
        assertThat(event.path("objectRef").path("resource").asString("")).isEqualTo("configmaps");
        assertThat(event.path("objectRef").path("name").asString("")).isEqualTo("audited");
        assertThat(event.path("responseStatus").path("code").asInt()).isEqualTo(201);
        assertThat(event.path("annotations").path("authorization.k8s.io/decision").asString("")).isEqualTo("allow");
        assertThat(event.path("requestObject").path("data").path("a").asString("")).isEqualTo("b");
        assertThat(event.path("responseObject").path("metadata").path("uid").asString("")).isNotEmpty();
        assertThat(event.path("responseObject").path("metadata").has("managedFields")).isFalse();
        assertThat(event.path("userAgent").asString("")).startsWith("kubectl");
        assertThat(event.path("auditID").asString("")).isNotEmpty();
        assertThat(auditEvents()).noneMatch(e -> e.path("stage").asString("").equals("RequestReceived")
                || !e.path("objectRef").path("resource").asString("").equals("configmaps"));
    }

    @Test
    void anAuditBindingsFailureAndThePolicysAuditAnnotationAreInTheAuditEvent(Kubectl kubectl) {
        String ns = "vap-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl.succeed("create", "namespace", ns);
        kubectl.succeed("apply", "-f", kubectl.file("audited-policy.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %1$s}
                spec:
                  matchConstraints:
                    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: %1$s}}
                    resourceRules:
                    - {operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [configmaps]}
                  validations:
                  - {expression: "object.metadata.name.startsWith('app-')", message: names start with app-}
                  auditAnnotations:
                  - {key: keys, valueExpression: "string(size(object.data))"}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %1$s-audit}
                spec: {policyName: %1$s, validationActions: [Audit]}
                """.formatted(ns)));

        kubectl.succeed("create", "configmap", "unnamed", "--from-literal=a=b", "-n", ns);

        JsonNode event = await().atMost(Duration.ofSeconds(10)).until(() -> auditEvents().stream()
                .filter(e -> e.path("objectRef").path("namespace").asString("").equals(ns)
                        && e.path("objectRef").path("name").asString("").equals("unnamed")).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(event.path("responseStatus").path("code").asInt()).isEqualTo(201);
        assertThat(event.path("annotations").path("validation.policy.admission.k8s.io/validation_failure")
                .asString("")).isEqualTo("[{\"message\":\"names start with app-\",\"policy\":\"" + ns
                        + "\",\"binding\":\"" + ns + "-audit\",\"expressionIndex\":0,"
                        + "\"validationActions\":[\"Audit\"]}]");
        assertThat(event.path("annotations").path(ns + "/keys").asString("")).isEqualTo("1");
    }

    private static List<JsonNode> auditEvents() throws IOException {
        if (!Files.exists(AUDIT_LOG)) {
            return List.of();
        }
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(AUDIT_LOG)) {
            events.add(json.readTree(line));
        }
        return events;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("skiff-e2e-audit-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double configMapCreates(String metrics) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)} (\\S+)$").matcher(metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("resource=\"configmaps\"") && labels.contains("verb=\"POST\"")
                    && labels.contains("code=\"201\"") && labels.contains("component=\"apiserver\"")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
