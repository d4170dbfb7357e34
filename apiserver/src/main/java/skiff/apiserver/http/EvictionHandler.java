package skiff.apiserver.http;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's {@code eviction} subresource (k/k pkg/registry/core/pod/storage/eviction.go EvictionREST, 1.32): a
 * policy/v1 (or v1beta1) Eviction naming the pod deletes it gracefully with the DeleteOptions it carries, once the
 * one PodDisruptionBudget that covers the pod (if any) allows a disruption, which the eviction then uses up.
 */
final class EvictionHandler implements SubresourceHandler {
    private static final Set<String> API_VERSIONS = Set.of("policy/v1", "policy/v1beta1");
    // eviction.go EvictionsRetry: how often a write that lost a race is retried.
    private static final int ATTEMPTS = 20;
    // eviction.go MaxDisruptedPodSize.
    private static final int MAX_DISRUPTED_PODS = 2000;
    private static final String VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final ResourceStorage budgets;
    private final Clock clock;

    EvictionHandler(ResourceStorage budgets, Clock clock) {
        this.budgets = budgets;
        this.clock = clock;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("eviction", "policy", "v1", "Eviction", List.of("create"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage pods, RequestTarget.Resource target) {
        if (!ex.method().equals("POST")) {
            throw SubresourceHandler.methodNotAllowed();
        }
        ObjectNode eviction = ResourceHandler.objectBody(ex);
        checkType(eviction);
        // EvictionREST.Create: the Eviction names the pod of the URL.
        if (!eviction.path("metadata").path("name").asString("").equals(target.name())) {
            throw StatusException.badRequest("name in URL does not match name in Eviction object");
        }
        // k/k apiserver endpoints/handlers/create.go: a namespace in the object is the request's.
        String namespace = eviction.path("metadata").path("namespace").asString("");
        if (!namespace.isEmpty() && !namespace.equals(target.namespace())) {
            throw StatusException.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        DeleteOptions options = deleteOptions(ex, eviction.path("deleteOptions"));
        pods.admitSubresourceCreate("eviction", target.namespace(), target.name(), eviction,
                new WriteOptions(options.dryRun(), null, null, ex.user()));
        ObjectNode pod = pods.get(target.namespace(), target.name());
        if (canIgnoreBudget(pod)) {
            deleteIgnoringBudget(pods, target, options);
        } else {
            DeleteOptions checked = checkBudget(pod, options);
            addConditionAndDelete(pods, target, checked);
        }
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        ex.sendJson(201, status);
    }

    // eviction.go canIgnorePDB and shouldEnforceResourceVersion: a pod that is terminal, being deleted or pending is
    // deleted without a budget; a pending one only as it was read, so that it cannot have become ready in between.
    private void deleteIgnoringBudget(ResourceStorage pods, RequestTarget.Resource target, DeleteOptions options) {
        boolean userPinned = options.preconditionResourceVersion() != null;
        for (int attempt = 1; ; attempt++) {
            ObjectNode pod = pods.get(target.namespace(), target.name());
            DeleteOptions attemptOptions = options;
            if (!userPinned && phase(pod).equals("Pending") && !deleting(pod)) {
                attemptOptions = options.withPreconditionResourceVersion(StoredObjects.resourceVersion(pod));
            }
            try {
                addConditionAndDelete(pods, target, attemptOptions);
                return;
            } catch (StatusException e) {
                if (e.code() != 409 || userPinned || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * eviction.go Create: the budget covering the pod must allow a disruption, which is then recorded in its status;
     * the options returned pin the pod's resourceVersion when the pod was let go because it is not ready.
     */
    private DeleteOptions checkBudget(ObjectNode pod, DeleteOptions options) {
        String namespace = StoredObjects.namespace(pod);
        String podName = StoredObjects.name(pod);
        List<ObjectNode> matching = matchingBudgets(pod);
        if (matching.size() > 1) {
            throw StatusException.internal(
                    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        if (matching.isEmpty()) {
            return options;
        }
        ObjectNode budget = matching.getFirst();
        String budgetName = StoredObjects.name(budget);
        boolean ready = ready(pod);
        DeleteOptions pinned = options.preconditionResourceVersion() != null ? options
                : options.withPreconditionResourceVersion(StoredObjects.resourceVersion(pod));
        // An unready pod does not count as healthy: the AlwaysAllow policy lets it go, as does IfHealthyBudget while
        // the budget is met.
        if (!ready && budget.path("spec").path("unhealthyPodEvictionPolicy").asString("").equals("AlwaysAllow")) {
            return pinned;
        }
        if (options.dryRun()) {
            if (!ready && healthyBudget(budget.path("status"))) {
                return pinned;
            }
            checkAndDecrement(budget, podName);
            return options;
        }
        boolean[] unreadyAllowed = {false};
        budgets.modify(namespace, budgetName, ObjectPart.STATUS, WriteOptions.DEFAULT, current -> {
            if (!ready && healthyBudget(current.path("status"))) {
                unreadyAllowed[0] = true;
                return current;
            }
            unreadyAllowed[0] = false;
            checkAndDecrement(current, podName);
            return current;
        }, null);
        return unreadyAllowed[0] ? pinned : options;
    }

    private static boolean healthyBudget(JsonNode status) {
        long desired = status.path("desiredHealthy").asLong(0);
        return status.path("currentHealthy").asLong(0) >= desired && desired > 0;
    }

    // eviction.go checkAndDecrement (1.32).
    private void checkAndDecrement(ObjectNode budget, String podName) {
        String name = StoredObjects.name(budget);
        ObjectNode status = budget.withObject("status");
        if (status.path("observedGeneration").asLong(0) < budget.path("metadata").path("generation").asLong(0)) {
            throw StatusException.tooManyRequests(VIOLATES, 10, "DisruptionBudget",
                    "The disruption budget " + name + " is still being processed by the server.");
        }
        long allowed = status.path("disruptionsAllowed").asLong(0);
        if (allowed < 0) {
            throw StatusException.forbidden("policy", "poddisruptionbudget", name,
                    "pdb disruptions allowed is negative");
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw StatusException.forbidden("policy", "poddisruptionbudget", name,
                    "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }
        if (allowed == 0) {
            throw StatusException.tooManyRequests(VIOLATES, 0, "DisruptionBudget", "The disruption budget " + name
                    + " needs " + status.path("desiredHealthy").asLong(0) + " healthy pods and has "
                    + status.path("currentHealthy").asLong(0) + " currently");
        }
        status.put("disruptionsAllowed", allowed - 1);
        String now = stamp(clock.now());
        if (allowed - 1 == 0) {
            // pkg/apis/policy/helper UpdateDisruptionAllowedCondition: none left is InsufficientPods.
            DisruptionConditions.set(status, false, now);
        }
        status.withObject("disruptedPods").put(podName, now);
    }

    // eviction.go getPodDisruptionBudgets: the namespace's budgets whose selector matches the pod (policy/v1: a
    // missing selector matches nothing, an empty one everything).
    private List<ObjectNode> matchingBudgets(ObjectNode pod) {
        Map<String, String> labels = new HashMap<>();
        pod.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return budgets.list(StoredObjects.namespace(pod), ListOptions.everything()).items().stream()
                .filter(b -> WorkloadSelector.matches(b.path("spec").path("selector"), labels))
                .toList();
    }

    /**
     * eviction.go addConditionAndDeletePod (1.32): the pod gets the DisruptionTarget condition, then is deleted with
     * the eviction's options; a resourceVersion the options pin must still be the pod's, and moves with the
     * condition's write.
     */
    private void addConditionAndDelete(ResourceStorage pods, RequestTarget.Resource target, DeleteOptions options) {
        DeleteOptions deletion = options;
        if (!options.dryRun()) {
            String pinned = options.preconditionResourceVersion();
            ObjectNode updated = pods.modify(target.namespace(), target.name(), ObjectPart.STATUS, WriteOptions.DEFAULT,
                    pod -> {
                        if (pinned != null && !pinned.equals(StoredObjects.resourceVersion(pod))) {
                            throw StatusException.conflict(pods.definition(), target.name(),
                                    "the object has been modified; please apply your changes to the latest version "
                                            + "and try again");
                        }
                        DisruptionConditions.disruptionTarget(pod, "EvictionByEvictionAPI", "Eviction API: evicting",
                                stamp(clock.now()));
                        return pod;
                    }, null).object();
            if (pinned != null) {
                deletion = options.withPreconditionResourceVersion(StoredObjects.resourceVersion(updated));
            }
        }
        pods.delete(target.namespace(), target.name(), deletion);
    }

    // EvictionREST.AcceptsGroupVersion: policy/v1 and policy/v1beta1 Evictions.
    private static void checkType(ObjectNode eviction) {
        String apiVersion = eviction.path("apiVersion").asString("");
        String kind = eviction.path("kind").asString("");
        if ((!apiVersion.isEmpty() && !API_VERSIONS.contains(apiVersion)) || (!kind.isEmpty() && !kind.equals("Eviction"))) {
            throw StatusException.badRequest("not a Eviction object: " + apiVersion + ", Kind=" + kind);
        }
    }

    // eviction.go propagateDryRun: the request's dryRun applies when the Eviction's DeleteOptions name none (both
    // can only say "All").
    private static DeleteOptions deleteOptions(Exchange ex, JsonNode embedded) {
        boolean requestDryRun = RequestOptions.dryRun(ex.params("dryRun"));
        DeleteOptions options = embedded.isObject() ? DeleteRequestOptions.embedded(embedded) : DeleteOptions.DEFAULT;
        return options.withDryRun(options.dryRun() || requestDryRun);
    }

    // eviction.go canIgnorePDB.
    private static boolean canIgnoreBudget(JsonNode pod) {
        String phase = phase(pod);
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending") || deleting(pod);
    }

    // k/k pkg/api/v1/pod/util.go IsPodReady.
    private static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                return c.path("status").asString("").equals("True");
            }
        }
        return false;
    }

    private static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asString("");
    }

    private static boolean deleting(JsonNode pod) {
        return pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    private static String stamp(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The conditions an eviction writes: a pod's DisruptionTarget, a budget's DisruptionAllowed. */
    static final class DisruptionConditions {
        private DisruptionConditions() {}

        // k/k pkg/api/v1/pod/util.go UpdatePodCondition: the transition time moves only when the status changes.
        static void disruptionTarget(ObjectNode pod, String reason, String message, String now) {
            set(pod.withObject("status").withArray("conditions"), "DisruptionTarget", "True", reason, message, now,
                    null);
        }

        // pkg/apis/policy/helper UpdateDisruptionAllowedCondition.
        static void set(ObjectNode budgetStatus, boolean allowed, String now) {
            set(budgetStatus.withArray("conditions"), "DisruptionAllowed", allowed ? "True" : "False",
                    allowed ? "SufficientPods" : "InsufficientPods", "", now,
                    budgetStatus.path("observedGeneration").asLong(0));
        }

        private static void set(ArrayNode conditions, String type, String status, String reason, String message,
                String now, Long observedGeneration) {
            ObjectNode condition = null;
            for (JsonNode c : conditions) {
                if (c.path("type").asString("").equals(type)) {
                    condition = (ObjectNode) c;
                }
            }
            if (condition == null) {
                condition = conditions.addObject();
                condition.put("type", type);
            }
            if (!condition.path("status").asString("").equals(status)) {
                condition.put("lastTransitionTime", now);
            }
            condition.put("status", status);
            condition.put("reason", reason);
            condition.put("message", message);
            if (observedGeneration != null) {
                condition.put("observedGeneration", observedGeneration);
            }
        }
    }
}
