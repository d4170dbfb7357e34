package skiff.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.Decision;
import skiff.apiserver.authz.RequestAttributes;
import skiff.apiserver.authz.RequestInfo;
import tools.jackson.databind.JsonNode;

class AuditorTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00.123456Z"));
    private static final UserInfo ADMIN = UserInfo.of("admin", List.of("system:masters"));

    @TempDir
    Path dir;

    private List<JsonNode> events() throws IOException {
        return Files.readAllLines(dir.resolve("audit.log")).stream().map(l -> Json.parse(l.getBytes())).toList();
    }

    private Auditor auditor(String level, String extra) {
        AuditPolicy policy = AuditPolicy.parse(Json.parseYaml(("apiVersion: audit.k8s.io/v1\nkind: Policy\n" + extra
                + "rules: [{level: " + level + "}]\n").getBytes()), "test");
        return new Auditor(policy, new AuditLogFile(dir.resolve("audit.log"), 0, 0, 0, clock), clock);
    }

    private Auditor.Request create(UserInfo user, UserInfo acting) {
        RequestAttributes a = RequestInfo.of(acting, "POST", "/api/v1/namespaces/ns1/configmaps",
                Map.<String, String>of()::get);
        return new Auditor.Request(user, acting, a, "/api/v1/namespaces/ns1/configmaps?fieldManager=kubectl-create",
                List.of("127.0.0.1"), "kubectl/v1.33.0", clock.now());
    }

    @Test
    void aRequestIsLoggedAtEachStageWithOneIdAndTheLevelsObjects() throws IOException {
        JsonNode body = Json.parse("""
                {"kind":"ConfigMap","metadata":{"name":"settings","managedFields":[{"manager":"kubectl"}]},
                 "data":{"a":"b"}}""".getBytes());
        try (Auditor auditor = auditor("RequestResponse", "omitManagedFields: true\n")) {
            AuditRecord record = auditor.start(create(ADMIN, ADMIN)).orElseThrow();
            record.authorized(new Decision(true, ""));
            clock.advance(Duration.ofMillis(5));
            record.completed(201, body, body);
        }

        List<JsonNode> events = events();
        assertThat(events).extracting(e -> e.path("stage").asString(""))
                .containsExactly("RequestReceived", "ResponseComplete");
        assertThat(events.get(0).path("auditID")).isEqualTo(events.get(1).path("auditID"));
        JsonNode done = events.get(1);
        assertThat(Json.string(done.path("user"))).isEqualTo("{\"username\":\"admin\",\"groups\":[\"system:masters\"]}");
        assertThat(done.path("verb").asString("")).isEqualTo("create");
        assertThat(Json.string(done.path("objectRef"))).isEqualTo(
                "{\"resource\":\"configmaps\",\"namespace\":\"ns1\",\"name\":\"settings\",\"apiVersion\":\"v1\"}");
        assertThat(Json.string(done.path("responseStatus"))).isEqualTo("{\"metadata\":{},\"code\":201}");
        assertThat(done.path("requestObject").path("data").path("a").asString("")).isEqualTo("b");
        assertThat(done.path("requestObject").path("metadata").has("managedFields")).isFalse();
        assertThat(done.path("requestReceivedTimestamp").asString("")).isEqualTo("2026-03-01T10:00:00.123456Z");
        assertThat(done.path("stageTimestamp").asString("")).isEqualTo("2026-03-01T10:00:00.128456Z");
        assertThat(done.path("annotations").path("authorization.k8s.io/decision").asString("")).isEqualTo("allow");
        assertThat(done.path("sourceIPs").get(0).asString("")).isEqualTo("127.0.0.1");
        assertThat(events.get(0).has("responseStatus")).isFalse();
    }

    @Test
    void atMetadataNoObjectsAreLoggedAndARefusalKeepsItsReasonAndImpersonation() throws IOException {
        UserInfo jane = UserInfo.of("jane", List.of("system:authenticated"));
        JsonNode forbidden = Json.parse("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"no","reason":"Forbidden",
                 "code":403}""".getBytes());
        try (Auditor auditor = auditor("Metadata", "omitStages: [RequestReceived]\n")) {
            AuditRecord record = auditor.start(create(ADMIN, jane)).orElseThrow();
            record.authorized(new Decision(false, "no RBAC policy matched"));
            record.completed(403, Json.parse("{\"data\":{}}".getBytes()), forbidden);
        }

        JsonNode done = events().getFirst();
        assertThat(events()).hasSize(1);
        assertThat(done.has("requestObject")).isFalse();
        assertThat(done.has("responseObject")).isFalse();
        assertThat(done.path("impersonatedUser").path("username").asString("")).isEqualTo("jane");
        assertThat(done.path("responseStatus").path("reason").asString("")).isEqualTo("Forbidden");
        assertThat(done.path("responseStatus").path("code").asInt()).isEqualTo(403);
        assertThat(done.path("annotations").path("authorization.k8s.io/decision").asString("")).isEqualTo("forbid");
        assertThat(done.path("annotations").path("authorization.k8s.io/reason").asString(""))
                .isEqualTo("no RBAC policy matched");
    }

    @Test
    void admissionAnnotationsAreInTheLaterEventsAndAKeyKeepsItsFirstValue() throws IOException {
        try (Auditor auditor = auditor("Metadata", "")) {
            AuditRecord record = auditor.start(create(ADMIN, ADMIN)).orElseThrow();
            record.authorized(new Decision(true, ""));
            record.annotate("policy/team", "a");
            record.annotate("policy/team", "b");
            record.completed(201, null, null);
        }

        List<JsonNode> events = events();
        assertThat(events.get(0).has("annotations")).isFalse();
        assertThat(Json.string(events.get(1).path("annotations")))
                .isEqualTo("{\"authorization.k8s.io/decision\":\"allow\",\"policy/team\":\"a\"}");
    }

    @Test
    void aRequestAtLevelNoneIsNotAudited() {
        try (Auditor auditor = auditor("None", "")) {
            assertThat(auditor.start(create(ADMIN, ADMIN))).isEmpty();
        }
        assertThat(Auditor.disabled().start(create(ADMIN, ADMIN))).isEmpty();
    }
}
