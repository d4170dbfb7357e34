package skiff.apiserver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

class StatusExceptionTest {

    @Test
    void anInvalidStatusNamesTheGroupQualifiedKind() {
        StatusException e = StatusException.invalid("apps", "ReplicaSet", "web",
                List.of(FieldError.required("spec.selector", "")));

        assertThat(e.getMessage()).isEqualTo("ReplicaSet.apps \"web\" is invalid: spec.selector: Required value");
        assertThat(e.status().path("details").path("kind").asString()).isEqualTo("ReplicaSet");
        assertThat(e.status().path("details").path("group").asString()).isEqualTo("apps");
    }

    @Test
    void theMessageNamesEachDistinctErrorOnceWhileTheCausesKeepThemAll() {
        FieldError replicas = FieldError.invalid("spec.replicas", -1L, "must be greater than or equal to 0");
        FieldError selector = FieldError.required("spec.selector", "");

        StatusException one = StatusException.invalid("", "Pod", "web", List.of(replicas, replicas));
        StatusException two = StatusException.invalid("", "Pod", "web", List.of(replicas, selector, replicas));

        assertThat(one.getMessage()).isEqualTo("Pod \"web\" is invalid: spec.replicas: Invalid value: -1: must be "
                + "greater than or equal to 0");
        assertThat(two.getMessage()).isEqualTo("Pod \"web\" is invalid: [spec.replicas: Invalid value: -1: must be "
                + "greater than or equal to 0, spec.selector: Required value]");
        ObjectNode status = two.status();
        assertThat(status.path("details").path("causes")).hasSize(3);
        assertThat(status.path("code").asInt()).isEqualTo(422);
        assertThat(status.path("reason").asString()).isEqualTo("Invalid");
    }
}
