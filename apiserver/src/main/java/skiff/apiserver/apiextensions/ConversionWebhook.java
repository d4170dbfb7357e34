package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import skiff.api.validation.ObjectMetaValidation;
import skiff.apiserver.admission.webhook.WebhookCallFailure;
import skiff.apiserver.admission.webhook.WebhookPoster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategy Webhook: a ConversionReview, in the first of the CRD's conversionReviewVersions this server speaks, is
 * POSTed to the CRD's webhook and its answer checked before it is believed: the review's kind and uid, a successful
 * result, one object of the wanted group, version and kind, with the same name, namespace and uid; of its metadata
 * only labels and annotations are taken, and those validated (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/conversion/webhook_converter.go Convert, getConvertedObjectsFromResponse, validateConvertedObject,
 * restoreObjectMeta).
 */
final class ConversionWebhook implements CustomResourceConverter {
    // k/k 1.32 apiserver pkg/util/webhook/client.go: the conversion client's requests time out after 30 s.
    static final long TIMEOUT_SECONDS = 30;
    private static final String GROUP = CustomResourceDefinitions.GROUP;

    private final WebhookPoster poster;
    private final JsonNode clientConfig;
    private final String reviewVersion;
    private final Supplier<String> uids;

    /**
     * @param webhook the CRD's {@code spec.conversion.webhook}
     * @param uids the uid of each review
     */
    ConversionWebhook(WebhookPoster poster, JsonNode webhook, Supplier<String> uids) {
        this.poster = poster;
        this.clientConfig = webhook.path("clientConfig").deepCopy();
        this.reviewVersion = reviewVersion(webhook.path("conversionReviewVersions"));
        this.uids = uids;
    }

    // webhook_converter.go createConversionReviewObjects: the first listed version this server speaks.
    private static String reviewVersion(JsonNode listed) {
        for (JsonNode v : listed) {
            if (v.asString("").equals("v1") || v.asString("").equals("v1beta1")) {
                return v.asString("");
            }
        }
        return null;
    }

    @Override
    public ObjectNode convert(ObjectNode object, String apiVersion) {
        String kind = object.path("kind").asString("");
        String failed = "conversion webhook for " + gvk(object.path("apiVersion").asString(""), kind);
        if (reviewVersion == null) {
            throw new ConversionFailure("no supported conversion review versions");
        }
        String uid = uids.get();
        JsonNode answer;
        try {
            answer = poster.post(clientConfig, request(uid, object, apiVersion), TIMEOUT_SECONDS);
        } catch (WebhookCallFailure e) {
            throw new ConversionFailure(failed + " failed: " + e.getMessage());
        }
        JsonNode converted = convertedObject(answer, uid, failed);
        String got = converted.path("apiVersion").asString("");
        if (!got.equals(apiVersion)) {
            throw new ConversionFailure(failed + " returned invalid object at index 0: invalid groupVersion (expected "
                    + apiVersion + ", received " + got + ")");
        }
        if (!converted.path("kind").asString("").equals(kind)) {
            throw new ConversionFailure(failed + " returned invalid object at index 0: invalid kind (expected " + kind
                    + ", received " + converted.path("kind").asString("") + ")");
        }
        ObjectNode result = (ObjectNode) converted.deepCopy();
        String mismatch = sameIdentity(object, result);
        if (mismatch != null) {
            throw new ConversionFailure(failed + " returned invalid object: " + mismatch);
        }
        String badMetadata = restoreMetadata(object, result);
        if (badMetadata != null) {
            throw new ConversionFailure(failed + " returned invalid metadata: " + badMetadata);
        }
        return result;
    }

    private ObjectNode request(String uid, ObjectNode object, String apiVersion) {
        ObjectNode review = Json.object();
        review.put("kind", "ConversionReview");
        review.put("apiVersion", GROUP + "/" + reviewVersion);
        ObjectNode request = review.putObject("request");
        request.put("uid", uid);
        request.put("desiredAPIVersion", apiVersion);
        request.putArray("objects").add(object);
        ObjectNode response = review.putObject("response");
        response.put("uid", "");
        response.putNull("convertedObjects");
        response.putObject("result").putObject("metadata");
        return review;
    }

    // getConvertedObjectsFromResponse: a v1 review must be one and answer this uid; v1beta1 was never checked so.
    private JsonNode convertedObject(JsonNode answer, String uid, String failed) {
        if (reviewVersion.equals("v1")) {
            String apiVersion = answer.path("apiVersion").asString("");
            String kind = answer.path("kind").asString("");
            if (!apiVersion.equals(GROUP + "/v1") || !kind.equals("ConversionReview")) {
                throw new ConversionFailure(failed + " failed: expected webhook response of " + GROUP
                        + "/v1, Kind=ConversionReview, got " + gvk(apiVersion, kind));
            }
        }
        JsonNode response = answer.get("response");
        if (response == null || response.isNull()) {
            throw new ConversionFailure(failed + " failed: no response provided");
        }
        if (reviewVersion.equals("v1") && !response.path("uid").asString("").equals(uid)) {
            throw new ConversionFailure(failed + " failed: expected response.uid=\"" + uid + "\", got \""
                    + response.path("uid").asString("") + "\"");
        }
        JsonNode result = response.path("result");
        String status = result.path("status").asString("");
        if (!status.equals("Success")) {
            String message = result.path("message").asString("");
            throw new ConversionFailure(failed + " failed: " + (!message.isEmpty() ? message
                    : "response.result.status was '" + status + "', not 'Success'"));
        }
        JsonNode objects = response.path("convertedObjects");
        if (objects.size() != 1) {
            throw new ConversionFailure(failed + " returned " + objects.size() + " objects, expected 1");
        }
        return objects.get(0);
    }

    // validateConvertedObject.
    private static String sameIdentity(JsonNode in, JsonNode out) {
        for (String field : new String[] {"name", "namespace", "uid"}) {
            String was = in.path("metadata").path(field).asString("");
            String now = out.path("metadata").path(field).asString("");
            if (!was.equals(now)) {
                String name = field.equals("uid") ? "UID" : field;
                return "must have the same " + name + ": " + was + " != " + now;
            }
        }
        return null;
    }

    /** Puts {@code original}'s metadata into {@code converted}, keeping the latter's labels and annotations. */
    // restoreObjectMeta; changed labels and annotations must be valid (meta/v1 validation ValidateLabels, api
    // validation ValidateAnnotations, the latter at the path metadata.annotation).
    private static String restoreMetadata(ObjectNode original, ObjectNode converted) {
        JsonNode answered = converted.get("metadata");
        if (answered == null) {
            return "missing metadata in converted object";
        }
        if (!answered.isObject()) {
            return "invalid metadata of type " + goType(answered) + " in converted object";
        }
        ObjectNode metadata = original.path("metadata") instanceof ObjectNode m ? m.deepCopy() : Json.object();
        for (String field : new String[] {"labels", "annotations"}) {
            JsonNode value = answered.get(field);
            JsonNode before = metadata.get(field);
            if (value == null || value.isNull()) {
                metadata.remove(field);
                continue;
            }
            if (!value.isObject()) {
                return "invalid metadata." + field + " of type " + goType(value) + " in converted object";
            }
            Map<String, String> strings = new LinkedHashMap<>();
            boolean changed = before == null || before.size() != value.size();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!e.getValue().isString()) {
                    return "metadata." + field + "[" + e.getKey() + "] must be a string, but is "
                            + goType(e.getValue()) + " in converted object";
                }
                strings.put(e.getKey(), e.getValue().asString());
                changed |= before == null || !e.getValue().equals(before.get(e.getKey()));
            }
            if (changed) {
                List<FieldError> errors = field.equals("labels")
                        ? ObjectMetaValidation.validateLabels(strings, "metadata.labels")
                        : ObjectMetaValidation.validateAnnotations(strings, "metadata.annotation");
                if (!errors.isEmpty()) {
                    return aggregate(errors);
                }
            }
            metadata.set(field, value.deepCopy());
        }
        converted.set("metadata", metadata);
        return null;
    }

    // apimachinery util/validation/field ErrorList.ToAggregate: distinct messages, several in brackets.
    private static String aggregate(List<FieldError> errors) {
        List<String> messages = new ArrayList<>();
        for (FieldError e : errors) {
            if (!messages.contains(e.fullMessage())) {
                messages.add(e.fullMessage());
            }
        }
        return messages.size() == 1 ? messages.get(0) : "[" + String.join(", ", messages) + "]";
    }

    // Go's %T of a JSON value decoded into interface{} as unstructured objects are.
    private static String goType(JsonNode value) {
        if (value.isString()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        if (value.isIntegralNumber()) {
            return "int64";
        }
        if (value.isNumber()) {
            return "float64";
        }
        if (value.isArray()) {
            return "[]interface {}";
        }
        return value.isObject() ? "map[string]interface {}" : "<nil>";
    }

    // apimachinery schema GroupVersionKind.String.
    private static String gvk(String apiVersion, String kind) {
        return (apiVersion.contains("/") ? apiVersion : "/" + apiVersion) + ", Kind=" + kind;
    }
}
