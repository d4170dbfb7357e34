package skiff.apiserver.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.Decision;
import skiff.apiserver.authz.RequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit events of one request (k/k apiserver pkg/apis/audit/v1 Event, pkg/audit/request.go, 1.32): the same
 * auditID in each stage's event; the authorization decision and reason as annotations; the request's body at level
 * Request and above, the response's at RequestResponse.
 */
public final class AuditRecord {
    // metav1.MicroTime: RFC 3339 with microseconds.
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String auditId;
    private final Auditor.Request request;
    private final AuditPolicy.Decision decision;
    private final AuditLogFile log;
    private final Clock clock;
    private final ObjectNode annotations = Json.object();

    AuditRecord(String auditId, Auditor.Request request, AuditPolicy.Decision decision, AuditLogFile log,
            Clock clock) {
        this.auditId = auditId;
        this.request = request;
        this.decision = decision;
        this.log = log;
        this.clock = clock;
    }

    /** The ID in every event of this request, also sent back in the {@code Audit-Id} header. */
    public String auditId() {
        return auditId;
    }

    void received() {
        write(AuditStage.RequestReceived, null, null, null);
    }

    /** The authorizer's decision: annotations {@code authorization.k8s.io/decision} and {@code /reason}. */
    public void authorized(Decision authz) {
        annotations.put("authorization.k8s.io/decision", authz.allowed() ? "allow" : "forbid");
        if (!authz.reason().isEmpty()) {
            annotations.put("authorization.k8s.io/reason", authz.reason());
        }
    }

    /**
     * An annotation admission added (k/k 1.32 apiserver pkg/audit/context.go addAuditAnnotationLocked): a key
     * already set keeps its first value. It is in every event written from now on.
     */
    public void annotate(String key, String value) {
        synchronized (annotations) {
            if (!annotations.has(key)) {
                annotations.put(key, value);
            }
        }
    }

    /** A long-running answer (a watch, a proxied stream) started with {@code code}. */
    public void responseStarted(int code, JsonNode requestObject) {
        write(AuditStage.ResponseStarted, status(code, null), requestObject, null);
    }

    /** The answer is complete: its code and, when it was JSON, its body. */
    public void completed(int code, JsonNode requestObject, JsonNode responseObject) {
        write(AuditStage.ResponseComplete, status(code, responseObject), requestObject, responseObject);
    }

    // k/k audit request.go LogResponseObject: the Status of a failure is summarized in responseStatus.
    private static ObjectNode status(int code, JsonNode response) {
        ObjectNode s = Json.object();
        s.putObject("metadata");
        if (response != null && response.path("kind").asString("").equals("Status")) {
            for (String field : new String[] {"status", "message", "reason", "details"}) {
                if (response.has(field)) {
                    s.set(field, response.get(field));
                }
            }
        }
        s.put("code", code);
        return s;
    }

    private void write(AuditStage stage, ObjectNode responseStatus, JsonNode requestObject, JsonNode responseObject) {
        if (decision.omitStages().contains(stage)) {
            return;
        }
        RequestAttributes a = request.attributes();
        ObjectNode e = Json.object();
        e.put("kind", "Event");
        e.put("apiVersion", "audit.k8s.io/v1");
        e.put("level", decision.level().name());
        e.put("auditID", auditId);
        e.put("stage", stage.name());
        e.put("requestURI", request.requestUri());
        e.put("verb", a.verb());
        e.set("user", user(request.user()));
        if (request.actingAs() != request.user()) {
            e.set("impersonatedUser", user(request.actingAs()));
        }
        ArrayNode ips = e.putArray("sourceIPs");
        request.sourceIps().forEach(ips::add);
        if (!request.userAgent().isEmpty()) {
            e.put("userAgent", request.userAgent());
        }
        if (a.resourceRequest()) {
            ObjectNode ref = e.putObject("objectRef");
            ref.put("resource", a.resource());
            putIfSet(ref, "namespace", a.namespace());
            // k/k audit request.go LogRequestObject: a create's name comes from the object, at any level.
            putIfSet(ref, "name", !a.name().isEmpty() || requestObject == null ? a.name()
                    : requestObject.path("metadata").path("name").asString(""));
            putIfSet(ref, "apiGroup", a.apiGroup());
            ref.put("apiVersion", a.apiVersion());
            putIfSet(ref, "subresource", a.subresource());
        }
        if (responseStatus != null) {
            e.set("responseStatus", responseStatus);
        }
        if (requestObject != null && decision.level().atLeast(AuditLevel.Request)) {
            e.set("requestObject", trimmed(requestObject));
        }
        if (responseObject != null && decision.level().atLeast(AuditLevel.RequestResponse)) {
            e.set("responseObject", trimmed(responseObject));
        }
        e.put("requestReceivedTimestamp", MICRO_TIME.format(request.received()));
        e.put("stageTimestamp", MICRO_TIME.format(clock.now()));
        synchronized (annotations) {
            if (!annotations.isEmpty()) {
                e.set("annotations", annotations.deepCopy());
            }
        }
        log.write(Json.bytes(e));
    }

    // k/k audit request.go: omitManagedFields drops metadata.managedFields from the objects logged.
    private JsonNode trimmed(JsonNode object) {
        if (!decision.omitManagedFields() || !(object instanceof ObjectNode o)
                || !(o.get("metadata") instanceof ObjectNode metadata) || !metadata.has("managedFields")) {
            return object;
        }
        ObjectNode copy = o.deepCopy();
        ((ObjectNode) copy.get("metadata")).remove("managedFields");
        return copy;
    }

    private static ObjectNode user(UserInfo user) {
        ObjectNode u = Json.object();
        u.put("username", user.name());
        putIfSet(u, "uid", user.uid());
        ArrayNode groups = u.putArray("groups");
        user.groups().forEach(groups::add);
        return u;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
