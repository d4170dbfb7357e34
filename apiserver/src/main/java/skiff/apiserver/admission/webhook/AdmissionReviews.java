package skiff.apiserver.admission.webhook;

import java.util.List;
import java.util.Map;
import skiff.api.json.Json;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** admission.k8s.io/v1 AdmissionReviews: the request a webhook is sent and the checks on what it answers. */
final class AdmissionReviews {
    private static final String API_VERSION = "admission.k8s.io/v1";

    private AdmissionReviews() {}

    // k/k apiserver pkg/admission/plugin/webhook/request/admissionreview.go CreateV1AdmissionReview: the resource
    // asked for is the one admitted here (no version conversion), options as the request's kind of write.
    static ObjectNode request(String uid, AdmissionRequest request) {
        ResourceDefinition def = request.resource();
        ObjectNode review = Json.object();
        review.put("kind", "AdmissionReview");
        review.put("apiVersion", API_VERSION);
        ObjectNode r = review.putObject("request");
        r.put("uid", uid);
        ObjectNode kind = kind(def);
        ObjectNode resource = resource(def);
        r.set("kind", kind);
        r.set("resource", resource);
        if (!request.subresource().isEmpty()) {
            r.put("subResource", request.subresource());
        }
        r.set("requestKind", kind.deepCopy());
        r.set("requestResource", resource.deepCopy());
        if (!request.subresource().isEmpty()) {
            r.put("requestSubResource", request.subresource());
        }
        if (request.name() != null && !request.name().isEmpty()) {
            r.put("name", request.name());
        }
        if (request.namespace() != null && !request.namespace().isEmpty()) {
            r.put("namespace", request.namespace());
        }
        r.put("operation", request.operation().name());
        r.set("userInfo", userInfo(request.user()));
        r.set("object", request.object() == null ? null : request.object().deepCopy());
        r.set("oldObject", request.oldObject() == null ? null : request.oldObject().deepCopy());
        r.put("dryRun", request.dryRun());
        r.set("options", options(request));
        return review;
    }

    private static ObjectNode kind(ResourceDefinition def) {
        ObjectNode kind = Json.object();
        kind.put("group", def.group());
        kind.put("version", def.version());
        kind.put("kind", def.kind());
        return kind;
    }

    private static ObjectNode resource(ResourceDefinition def) {
        ObjectNode resource = Json.object();
        resource.put("group", def.group());
        resource.put("version", def.version());
        resource.put("resource", def.resource());
        return resource;
    }

    private static ObjectNode userInfo(UserInfo user) {
        ObjectNode info = Json.object();
        if (user == null) {
            return info;
        }
        info.put("username", user.name());
        if (!user.uid().isEmpty()) {
            info.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            user.groups().forEach(info.putArray("groups")::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = info.putObject("extra");
            for (Map.Entry<String, List<String>> e : user.extra().entrySet()) {
                e.getValue().forEach(extra.putArray(e.getKey())::add);
            }
        }
        return info;
    }

    private static ObjectNode options(AdmissionRequest request) {
        ObjectNode options = Json.object();
        options.put("kind", switch (request.operation()) {
            case CREATE -> "CreateOptions";
            case UPDATE -> "UpdateOptions";
            case DELETE -> "DeleteOptions";
        });
        options.put("apiVersion", "meta.k8s.io/v1");
        if (request.dryRun()) {
            options.putArray("dryRun").add("All");
        }
        return options;
    }

    /**
     * The review's response, checked as k/k apiserver pkg/admission/plugin/webhook/request/admissionreview.go
     * VerifyAdmissionResponse does.
     *
     * @throws WebhookCallFailure when it is not a v1 AdmissionReview answering {@code uid}
     */
    static JsonNode response(JsonNode review, String uid, boolean mutating) {
        String invalid = "received invalid webhook response: ";
        String apiVersion = review.path("apiVersion").asString("");
        String kind = review.path("kind").asString("");
        if (!apiVersion.equals(API_VERSION) || !kind.equals("AdmissionReview")) {
            throw WebhookCallFailure.answer(invalid + "expected webhook response of " + API_VERSION
                    + ", Kind=AdmissionReview, got " + apiVersion + ", Kind=" + kind);
        }
        JsonNode response = review.get("response");
        if (response == null || response.isNull()) {
            throw WebhookCallFailure.answer(invalid + "webhook response was absent");
        }
        String answered = response.path("uid").asString("");
        if (!answered.equals(uid)) {
            throw WebhookCallFailure.answer(invalid + "expected response.uid=\"" + uid + "\", got \"" + answered + "\"");
        }
        boolean patched = !response.path("patch").asString("").isEmpty();
        String patchType = response.path("patchType").asString("");
        if (mutating && patched && patchType.isEmpty()) {
            throw WebhookCallFailure.answer(invalid + "webhook returned response.patch but not response.patchType");
        }
        if (mutating && patched && !patchType.equals("JSONPatch")) {
            throw WebhookCallFailure.answer(invalid + "webhook returned invalid response.patchType of \"" + patchType
                    + "\"");
        }
        if (!mutating && (patched || !patchType.isEmpty())) {
            throw WebhookCallFailure.answer(invalid + "validating webhook may not return response.patch or "
                    + "response.patchType");
        }
        return response;
    }
}
