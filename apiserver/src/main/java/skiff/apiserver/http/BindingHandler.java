package skiff.apiserver.http;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.api.validation.FieldError;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's {@code binding} subresource and the namespace's {@code bindings} collection: a v1 Binding assigns an
 * unassigned pod to a node (k/k pkg/registry/core/pod/storage/storage.go BindingREST).
 */
final class BindingHandler implements SubresourceHandler {
    private final Clock clock;

    BindingHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("binding", "", "v1", "Binding", List.of("create"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage pods, RequestTarget.Resource target) {
        if (!ex.method().equals("POST")) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        ObjectNode binding = ResourceHandler.objectBody(ex);
        JsonNode meta = binding.path("metadata");
        String name = meta.path("name").asString("");
        // k/k BindingREST.Create: the Binding names the pod; on pods/NAME/binding it must be the same NAME.
        if (target.name() != null && !target.name().equals(name)) {
            throw StatusException.badRequest("name in URL does not match name in Binding object");
        }
        String namespace = meta.path("namespace").asString("");
        if (!namespace.isEmpty() && !namespace.equals(target.namespace())) {
            throw StatusException.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        List<FieldError> errors = validate(binding);
        if (name.isEmpty()) {
            errors.addFirst(FieldError.required("metadata.name", "name or generateName is required"));
        }
        if (!errors.isEmpty()) {
            throw StatusException.invalid("", "Binding", name, errors);
        }
        String node = binding.path("target").path("name").asString();
        String uid = meta.path("uid").asString("");
        String resourceVersion = meta.path("resourceVersion").asString("");
        JsonNode annotations = meta.path("annotations");
        pods.bind(target.namespace(), name, RequestOptions.write(ex).dryRun(), pod -> {
            ObjectNode podMeta = StoredObjects.metadata(pod);
            // k/k BindingREST.setPodNodeAndMetadata: uid and resourceVersion in the Binding are preconditions.
            if (!uid.isEmpty() && !uid.equals(podMeta.path("uid").asString(""))) {
                throw conflict(pods, name, "Precondition failed: UID in precondition: " + uid
                        + ", UID in object meta: " + podMeta.path("uid").asString(""));
            }
            if (!resourceVersion.isEmpty() && !resourceVersion.equals(podMeta.path("resourceVersion").asString(""))) {
                throw conflict(pods, name, "Precondition failed: ResourceVersion in precondition: " + resourceVersion
                        + ", ResourceVersion in object meta: " + podMeta.path("resourceVersion").asString(""));
            }
            if (podMeta.hasNonNull("deletionTimestamp")) {
                throw bindingConflict(name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String assigned = pod.path("spec").path("nodeName").asString("");
            if (!assigned.isEmpty()) {
                throw bindingConflict(name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
            }
            if (!pod.path("spec").path("schedulingGates").isEmpty()) {
                throw bindingConflict(name, "pod " + name + " has non-empty .spec.schedulingGates");
            }
            pod.withObject("spec").put("nodeName", node);
            if (annotations instanceof ObjectNode a && !a.isEmpty()) {
                a.properties().forEach(e -> podMeta.withObject("annotations").set(e.getKey(), e.getValue()));
            }
            markScheduled(pod, clock.now());
            podMeta.remove("resourceVersion");
            return pod;
        });
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        ex.sendJson(201, status);
    }

    // k/k pkg/apis/core/validation/validation.go ValidatePodBinding: a target node name, of kind Node if any.
    private static List<FieldError> validate(ObjectNode binding) {
        List<FieldError> errors = new ArrayList<>();
        String kind = binding.path("target").path("kind").asString("");
        if (!kind.isEmpty() && !kind.equals("Node")) {
            errors.add(FieldError.notSupported("target.kind", kind, List.of("Node", "<empty>")));
        }
        if (binding.path("target").path("name").asString("").isEmpty()) {
            errors.add(FieldError.required("target.name", ""));
        }
        return errors;
    }

    // k/k pkg/api/v1/pod/util.go UpdatePodCondition: the transition time moves only when the status changes.
    private static void markScheduled(ObjectNode pod, Instant now) {
        ArrayNode conditions = pod.withObject("status").withArray("conditions");
        String stamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        for (JsonNode c : conditions) {
            if (c.path("type").asString("").equals("PodScheduled")) {
                ObjectNode condition = (ObjectNode) c;
                if (!condition.path("status").asString("").equals("True")) {
                    condition.put("lastTransitionTime", stamp);
                }
                condition.put("status", "True");
                condition.remove("reason");
                condition.remove("message");
                return;
            }
        }
        ObjectNode condition = conditions.addObject();
        condition.put("type", "PodScheduled");
        condition.put("status", "True");
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", stamp);
    }

    private static StatusException conflict(ResourceStorage pods, String name, String why) {
        return StatusException.conflict(pods.definition(), name, why);
    }

    // k/k BindingREST.assignPod: a refusal that is not already an API error is a Conflict on pods/binding.
    private static StatusException bindingConflict(String name, String why) {
        return StatusException.conflict("", "pods/binding", name, why);
    }
}
