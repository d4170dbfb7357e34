package skiff.apiserver.registry.batch;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status subresource of batch/v1 Jobs (k/k pkg/registry/batch/job/strategy.go jobStatusStrategy, 1.32): the spec
 * stays as stored and the status is validated as ValidateJobUpdateStatus does; other metadata may change as on the
 * main endpoint.
 */
public enum JobStatusStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForUpdate(ObjectNode job, ObjectNode old) {
        JsonNode spec = old.get("spec");
        if (spec == null) {
            job.remove("spec");
        } else {
            job.set("spec", spec.deepCopy());
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode job, ObjectNode old) {
        return JobStatusValidation.validate(job, old);
    }
}
