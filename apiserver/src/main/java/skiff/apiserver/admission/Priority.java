package skiff.apiserver.admission;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves a pod's priorityClassName to its spec.priority and preemptionPolicy, the globalDefault class standing in
 * for a missing name, and keeps to one globalDefault class (k/k plugin/pkg/admission/priority/admission.go, 1.32).
 */
public final class Priority implements MutatingAdmission, ValidatingAdmission {
    public static final String NAME = "Priority";

    private final PriorityClassLookup classes;

    Priority(PriorityClassLookup classes) {
        this.classes = classes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE);
    }

    // admission.go admitPod.
    @Override
    public void admit(AdmissionRequest request) {
        if (!request.isCore("pods") || !request.mainResource()) {
            return;
        }
        ObjectNode spec = request.object().withObject("spec");
        if (request.operation() == Operation.UPDATE) {
            // The priority set on create stays; validation refuses any other change to it.
            JsonNode oldSpec = request.oldObject().path("spec");
            for (String field : List.of("priority", "preemptionPolicy")) {
                if (!spec.hasNonNull(field) && oldSpec.hasNonNull(field)) {
                    spec.set(field, oldSpec.get(field).deepCopy());
                }
            }
            return;
        }
        String className = spec.path("priorityClassName").asString("");
        long priority = 0;
        String policy = "PreemptLowerPriority";
        if (className.isEmpty()) {
            // getDefaultPriority: the globalDefault class, else priority 0.
            Optional<ObjectNode> global = globalDefault();
            if (global.isPresent()) {
                spec.put("priorityClassName", global.get().path("metadata").path("name").asString(""));
                priority = global.get().path("value").asLong(0);
                policy = global.get().path("preemptionPolicy").asString(policy);
            }
        } else {
            ObjectNode pc = find(className).orElseThrow(() -> AdmissionErrors.forbidden(request,
                    "no PriorityClass with name " + className + " was found", List.of()));
            priority = pc.path("value").asLong(0);
            policy = pc.path("preemptionPolicy").asString(policy);
        }
        if (spec.hasNonNull("priority") && spec.path("priority").asLong() != priority) {
            throw AdmissionErrors.forbidden(request, "the integer value of priority (" + spec.path("priority").asLong()
                    + ") must not be provided in pod spec; priority admission controller computed " + priority
                    + " from the given PriorityClass name", List.of());
        }
        spec.put("priority", priority);
        if (spec.hasNonNull("preemptionPolicy") && !spec.path("preemptionPolicy").asString("").equals(policy)) {
            throw AdmissionErrors.forbidden(request, "the string value of PreemptionPolicy ("
                    + spec.path("preemptionPolicy").asString("") + ") must not be provided in pod spec; priority "
                    + "admission controller computed " + policy + " from the given PriorityClass name", List.of());
        }
        spec.put("preemptionPolicy", policy);
    }

    // admission.go validatePriorityClass: one globalDefault class at most.
    @Override
    public void validate(AdmissionRequest request) {
        if (!request.resource().group().equals("scheduling.k8s.io")
                || !request.resource().resource().equals("priorityclasses") || !request.mainResource()
                || !request.object().path("globalDefault").asBoolean(false)) {
            return;
        }
        Optional<ObjectNode> global = globalDefault();
        if (global.isPresent()) {
            String name = global.get().path("metadata").path("name").asString("");
            if (request.operation() == Operation.CREATE || !name.equals(request.name())) {
                throw AdmissionErrors.forbidden(request, "PriorityClass " + name
                        + " is already marked as default. Only one default can exist", List.of());
            }
        }
    }

    private Optional<ObjectNode> find(String name) {
        return classes.priorityClasses().stream()
                .filter(pc -> pc.path("metadata").path("name").asString("").equals(name)).findFirst();
    }

    // admission.go getDefaultPriorityClass: of several, the one with the lowest value.
    private Optional<ObjectNode> globalDefault() {
        return classes.priorityClasses().stream().filter(pc -> pc.path("globalDefault").asBoolean(false))
                .min(java.util.Comparator.comparingLong(pc -> pc.path("value").asLong(0)));
    }
}
