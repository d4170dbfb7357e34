package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/** Which versions a CRD serves, in which order, and the warnings its deprecated versions send. */
class ServedVersionsTest {

    @Test
    void servedVersionsComeInKubernetesPriorityOrderWithoutTheUnserved() {
        JsonNode spec = spec("""
                [{"name": "v1beta1", "served": true}, {"name": "v2", "served": false}, {"name": "foo", "served": true},
                 {"name": "v1", "served": true}, {"name": "v1alpha1", "served": true}, {"name": "v1beta2",
                 "served": true}]""");

        assertThat(ServedVersions.ordered(spec.path("versions"))).extracting(v -> v.path("name").asString())
                .containsExactly("v1", "v1beta2", "v1beta1", "v1alpha1", "foo");
    }

    @Test
    void aDeprecatedVersionNamesTheMostPreferredNewerVersionByDefault() {
        JsonNode spec = spec("""
                [{"name": "v1alpha1", "served": true, "deprecated": true}, {"name": "v1beta1", "served": true},
                 {"name": "v1", "served": true, "deprecated": true}, {"name": "v2", "served": false}]""");

        assertThat(ServedVersions.deprecationWarning(spec, spec.path("versions").get(0)))
                .isEqualTo("shop.example.com/v1alpha1 Widget is deprecated; use shop.example.com/v1beta1 Widget");
        assertThat(ServedVersions.deprecationWarning(spec, spec.path("versions").get(2)))
                .isEqualTo("shop.example.com/v1 Widget is deprecated");
        assertThat(ServedVersions.deprecationWarning(spec, spec.path("versions").get(1))).isNull();
    }

    @Test
    void aDeprecationWarningReplacesTheDefault() {
        JsonNode spec = spec("""
                [{"name": "v1beta1", "served": true, "deprecated": true, "deprecationWarning": "move to v1"},
                 {"name": "v1", "served": true}]""");

        assertThat(ServedVersions.deprecationWarning(spec, spec.path("versions").get(0))).isEqualTo("move to v1");
    }

    private static JsonNode spec(String versions) {
        return Json.parse(("{\"group\": \"shop.example.com\", \"names\": {\"kind\": \"Widget\"}, \"versions\": "
                + versions + "}").getBytes(StandardCharsets.UTF_8));
    }
}
