package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

class PodContainerChoiceTest {

    private static JsonNode pod(String json) {
        return Json.parse(json.getBytes());
    }

    private static final JsonNode PAIR = pod("""
            {"metadata":{"name":"x"},"spec":{"initContainers":[{"name":"setup"}],
             "containers":[{"name":"a"},{"name":"b"}]}}""");

    @Test
    void theOnlyContainerIsTheDefault() {
        assertThat(PodContainerChoice.choose(pod("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}"), null))
                .isEqualTo("c");
    }

    @Test
    void aNamedContainerMayBeAnInitContainer() {
        assertThat(PodContainerChoice.choose(PAIR, "setup")).isEqualTo("setup");
    }

    @Test
    void theDefaultContainerAnnotationChoosesAmongSeveral() {
        JsonNode annotated = pod("""
                {"metadata":{"name":"x","annotations":{"kubectl.kubernetes.io/default-container":"b"}},
                 "spec":{"containers":[{"name":"a"},{"name":"b"}]}}""");

        assertThat(PodContainerChoice.choose(annotated, "")).isEqualTo("b");
    }

    @Test
    void withoutAChoiceAmongSeveralTheRequestIsBad() {
        assertThatThrownBy(() -> PodContainerChoice.choose(PAIR, null)).isInstanceOfSatisfying(StatusException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().path("message").asString())
                            .isEqualTo("a container name must be specified for pod x, choose one of: [setup a b]");
                });
    }

    @Test
    void anUnknownContainerIsNotValid() {
        assertThatThrownBy(() -> PodContainerChoice.choose(PAIR, "nope")).isInstanceOfSatisfying(
                StatusException.class, e -> assertThat(e.status().path("message").asString())
                        .isEqualTo("container nope is not valid for pod x"));
    }
}
