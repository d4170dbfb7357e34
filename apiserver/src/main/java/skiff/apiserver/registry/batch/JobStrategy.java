package skiff.apiserver.registry.batch;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.GarbageCollectionPolicy;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodSpecDefaults;
import skiff.apiserver.registry.core.SemanticEquality;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * batch/v1 Jobs (k/k pkg/registry/batch/job/strategy.go and pkg/apis/batch/v1/defaults.go, 1.32): defaulted, given a
 * generated selector unless {@code manualSelector}, created without status, and validated.
 */
public enum JobStrategy implements ResourceStrategy {
    INSTANCE;

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";

    @Override
    public void applyDefaults(ObjectNode job) {
        ObjectNode spec = GoFields.struct(job, "spec");
        if (spec == null) {
            return;
        }
        applySpecDefaults(spec);
        // k/k batch/v1 defaults.go SetDefaults_Job: a job without labels takes its template's.
        JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
        ObjectNode meta = GoFields.struct(job, "metadata");
        if (meta != null && templateLabels.isObject() && !templateLabels.isEmpty() && meta.path("labels").isEmpty()) {
            meta.set("labels", templateLabels.deepCopy());
        }
    }

    // k/k pkg/apis/batch/v1/defaults.go SetDefaults_Job (1.32); the pod template is defaulted as a pod spec.
    static void applySpecDefaults(ObjectNode spec) {
        if (!GoFields.present(spec.get("completions")) && !GoFields.present(spec.get("parallelism"))) {
            spec.put("completions", 1);
        }
        putIfAbsent(spec, "parallelism", 1);
        if (!GoFields.present(spec.get("backoffLimit"))) {
            spec.put("backoffLimit", GoFields.present(spec.get("backoffLimitPerIndex")) ? Integer.MAX_VALUE : 6);
        }
        if (!GoFields.present(spec.get("completionMode"))) {
            spec.put("completionMode", "NonIndexed");
        }
        if (!GoFields.present(spec.get("suspend"))) {
            spec.put("suspend", false);
        }
        if (!GoFields.present(spec.get("manualSelector"))) {
            spec.put("manualSelector", false);
        }
        boolean failurePolicy = GoFields.present(spec.get("podFailurePolicy"));
        for (JsonNode rule : spec.path("podFailurePolicy").path("rules")) {
            for (JsonNode pattern : rule.path("onPodConditions")) {
                if (pattern instanceof ObjectNode p && GoFields.text(p, "status").isEmpty()) {
                    p.put("status", "True");
                }
            }
        }
        if (!GoFields.present(spec.get("podReplacementPolicy"))) {
            spec.put("podReplacementPolicy", failurePolicy ? "Failed" : "TerminatingOrFailed");
        }
        ObjectNode template = GoFields.struct(spec, "template");
        if (template != null && GoFields.struct(template, "spec") instanceof ObjectNode podSpec) {
            PodSpecDefaults.applyToTemplateSpec(podSpec);
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, int value) {
        if (!GoFields.present(node.get(field))) {
            node.put(field, value);
        }
    }

    // k/k pkg/registry/batch/job/strategy.go PrepareForCreate and generateSelector: status cleared; without
    // manualSelector the template gets the job-name and controller-uid labels (new and legacy keys) and the selector
    // selects the uid.
    @Override
    public void prepareForCreate(ObjectNode job) {
        job.remove("status");
        if (!(job.get("spec") instanceof ObjectNode spec) || spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        String uid = job.path("metadata").path("uid").asString("");
        String name = job.path("metadata").path("name").asString("");
        ObjectNode template = GoFields.struct(spec, "template");
        if (template == null) {
            return;
        }
        ObjectNode meta = GoFields.struct(template, "metadata");
        ObjectNode labels = meta == null ? null : GoFields.struct(meta, "labels");
        if (labels != null) {
            for (String key : List.of("job-name", JOB_NAME)) {
                if (!labels.has(key)) {
                    labels.put(key, name);
                }
            }
            for (String key : List.of("controller-uid", CONTROLLER_UID)) {
                if (!labels.has(key)) {
                    labels.put(key, uid);
                }
            }
        }
        ObjectNode selector = GoFields.struct(spec, "selector");
        ObjectNode matchLabels = selector == null ? null : GoFields.struct(selector, "matchLabels");
        if (matchLabels != null && !matchLabels.has(CONTROLLER_UID)) {
            matchLabels.put(CONTROLLER_UID, uid);
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode job, ObjectNode old) {
        if (old.has("status")) {
            job.set("status", old.get("status").deepCopy());
        } else {
            job.remove("status");
        }
    }

    // k/k pkg/registry/batch/job/strategy.go DefaultGarbageCollectionPolicy: batch/v1 Jobs orphan their pods unless
    // the delete says otherwise (kubectl asks for background).
    @Override
    public GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
        return GarbageCollectionPolicy.ORPHAN_DEPENDENTS;
    }

    @Override
    public List<FieldError> validate(ObjectNode job) {
        List<FieldError> errors = new ArrayList<>(JobValidation.spec(job.path("spec"), "spec", true));
        errors.addAll(indexedHostnames(job));
        return errors;
    }

    // k/k batch validation.go ValidateJob: an Indexed job's last pod hostname "<name>-<completions-1>" must be a DNS
    // label.
    private static List<FieldError> indexedHostnames(JsonNode job) {
        JsonNode spec = job.path("spec");
        long completions = spec.path("completions").asLong(0);
        if (!"Indexed".equals(GoFields.text(spec, "completionMode")) || completions <= 0) {
            return List.of();
        }
        String name = job.path("metadata").path("name").asString("");
        String hostname = name + "-" + (completions - 1);
        if (NameValidation.isDns1123Label(hostname).isEmpty()) {
            return List.of();
        }
        return List.of(FieldError.invalid("metadata.name", name,
                "will not able to create pod with invalid DNS label: " + hostname));
    }

    // k/k pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate (1.32): the selector, template, completion
    // mode, pod failure policy, backoffLimitPerIndex, managedBy and success policy are fixed; completions too, except
    // that an Indexed job may change them together with parallelism (validateCompletions).
    @Override
    public List<FieldError> validateUpdate(ObjectNode job, ObjectNode old) {
        JsonNode spec = job.path("spec");
        JsonNode oldSpec = old.path("spec");
        List<FieldError> errors = new ArrayList<>(JobValidation.spec(spec, "spec", true));
        if (!"Indexed".equals(GoFields.text(spec, "completionMode"))) {
            errors.addAll(immutable(spec, oldSpec, "completions"));
        } else if (GoFields.present(spec.get("completions"))
                && !SemanticEquality.equal(spec.get("completions"), oldSpec.get("completions"))
                && !spec.path("completions").equals(spec.path("parallelism"))) {
            errors.add(FieldError.invalid("spec.completions", spec.path("completions").asLong(),
                    "can only be modified in tandem with spec.parallelism"));
        }
        for (String field : List.of("selector", "template", "completionMode", "podFailurePolicy",
                "backoffLimitPerIndex", "managedBy", "successPolicy")) {
            errors.addAll(immutable(spec, oldSpec, field));
        }
        return errors;
    }

    private static List<FieldError> immutable(JsonNode spec, JsonNode oldSpec, String field) {
        JsonNode value = spec.get(field);
        if (SemanticEquality.equal(value, oldSpec.get(field))) {
            return List.of();
        }
        return List.of(FieldError.invalid("spec." + field, value == null ? "null" : value, "field is immutable"));
    }
}
