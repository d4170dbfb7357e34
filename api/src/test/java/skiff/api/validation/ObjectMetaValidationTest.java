package skiff.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.api.validation.KubernetesMessages.DNS1123_LABEL;
import static skiff.api.validation.KubernetesMessages.KEY_NAME_PART;
import static skiff.api.validation.KubernetesMessages.LABEL_VALUE;
import static skiff.api.validation.KubernetesMessages.SUBDOMAIN;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class ObjectMetaValidationTest {

    /** A valid namespaced object's metadata; each case changes one thing. */
    private static ObjectNode baseMetadata() {
        ObjectNode metadata = Json.object();
        metadata.put("name", "web");
        metadata.put("namespace", "default");
        metadata.putObject("labels").put("app", "web").put("app.kubernetes.io/part-of", "shop");
        metadata.putObject("annotations").put("example.com/note", "hello");
        return metadata;
    }

    record Case(String name, boolean namespaced, NameRule rule, Consumer<ObjectNode> mutation, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case namespaced(String name, Consumer<ObjectNode> mutation, String... errors) {
        return new Case(name, true, NameRule.DNS1123_SUBDOMAIN, mutation, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                namespaced("valid metadata has no errors", m -> { }),
                namespaced("a missing name without generateName is required", m -> m.remove("name"),
                        "metadata.name: Required value: name or generateName is required"),
                namespaced("an empty name without generateName is required", m -> m.put("name", ""),
                        "metadata.name: Required value: name or generateName is required"),
                namespaced("a generateName stands in for a missing name", m -> {
                    m.remove("name");
                    m.put("generateName", "web-");
                }),
                namespaced("an invalid generateName is reported on its own path", m -> {
                    m.remove("name");
                    m.put("generateName", "Web-");
                }, "metadata.generateName: Invalid value: \"Web-\": " + SUBDOMAIN),
                namespaced("generateName errors come before name errors", m -> {
                    m.put("name", "Web");
                    m.put("generateName", "Web-");
                }, "metadata.generateName: Invalid value: \"Web-\": " + SUBDOMAIN,
                        "metadata.name: Invalid value: \"Web\": " + SUBDOMAIN),
                namespaced("a name must be a DNS subdomain", m -> m.put("name", "Foo_bar"),
                        "metadata.name: Invalid value: \"Foo_bar\": " + SUBDOMAIN),
                namespaced("a name longer than 253 gets both the length and the pattern message",
                        m -> m.put("name", "a".repeat(253) + "-"),
                        "metadata.name: Invalid value: \"" + "a".repeat(253) + "-\": must be no more than 253 characters",
                        "metadata.name: Invalid value: \"" + "a".repeat(253) + "-\": " + SUBDOMAIN),
                new Case("a namespace name may not contain dots", false, NameRule.DNS1123_LABEL,
                        m -> {
                            m.put("name", "team.a");
                            m.remove("namespace");
                        }, List.of("metadata.name: Invalid value: \"team.a\": must not contain dots")),
                namespaced("a namespaced object needs a namespace", m -> m.remove("namespace"),
                        "metadata.namespace: Required value"),
                namespaced("a namespace must be a DNS label", m -> m.put("namespace", "Bad_NS"),
                        "metadata.namespace: Invalid value: \"Bad_NS\": " + DNS1123_LABEL),
                new Case("a cluster-scoped object may not have a namespace", false, NameRule.DNS1123_SUBDOMAIN,
                        m -> { }, List.of("metadata.namespace: Forbidden: not allowed on this type")),
                new Case("a cluster-scoped object without a namespace is valid", false, NameRule.DNS1123_SUBDOMAIN,
                        m -> m.remove("namespace"), List.of()),
                namespaced("a negative generation is invalid", m -> m.put("generation", -1),
                        "metadata.generation: Invalid value: -1: must be greater than or equal to 0"),
                namespaced("bad label keys and values are each reported on metadata.labels", m -> {
                    ObjectNode labels = m.putObject("labels");
                    labels.put("bad key", "ok");
                    labels.put("tier", "-front");
                }, "metadata.labels: Invalid value: \"bad key\": " + KEY_NAME_PART,
                        "metadata.labels: Invalid value: \"-front\": " + LABEL_VALUE),
                namespaced("a label key with a bad prefix and name gets one error per message",
                        m -> m.putObject("labels").put("Example.com/-x", ""),
                        "metadata.labels: Invalid value: \"Example.com/-x\": prefix part " + SUBDOMAIN,
                        "metadata.labels: Invalid value: \"Example.com/-x\": " + KEY_NAME_PART),
                namespaced("a null label value reads as empty", m -> m.putObject("labels").putNull("app")),
                namespaced("annotation keys are checked in lower case", m -> m.putObject("annotations")
                        .put("Example.COM/Note", "x")),
                namespaced("a bad annotation key is reported with its own spelling",
                        m -> m.putObject("annotations").put("Bad Key", "x"),
                        "metadata.annotations: Invalid value: \"Bad Key\": " + KEY_NAME_PART),
                namespaced("annotations may take 256 KiB in all", m -> m.putObject("annotations")
                        .put("a", "x".repeat(256 * 1024 - 1))),
                namespaced("annotations over 256 KiB are too long", m -> m.putObject("annotations")
                        .put("a", "x".repeat(256 * 1024 - 1)).put("b", ""),
                        "metadata.annotations: Too long: may not be more than 262144 bytes"),
                namespaced("annotation size counts UTF-8 bytes", m -> m.putObject("annotations")
                        .put("a", "é".repeat(128 * 1024)),
                        "metadata.annotations: Too long: may not be more than 262144 bytes"),
                namespaced("a name that is not a string is a type error", m -> m.put("name", 5),
                        "metadata.name: Invalid value: \"number\": must be of type string"),
                namespaced("labels that are not an object are a type error", m -> m.putArray("labels"),
                        "metadata.labels: Invalid value: \"array\": must be of type object"),
                namespaced("finalizers are qualified names", m -> m.putArray("finalizers")
                        .add("example.com/cleanup").add("kubernetes")),
                namespaced("a finalizer that is not a qualified name is invalid",
                        m -> m.putArray("finalizers").add("bad finalizer"),
                        "metadata.finalizers: Invalid value: \"bad finalizer\": " + KEY_NAME_PART),
                namespaced("orphan and foregroundDeletion exclude each other",
                        m -> m.putArray("finalizers").add("orphan").add("foregroundDeletion"),
                        "metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\"]: "
                                + "finalizer orphan and foregroundDeletion cannot be both set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesMetadataAsKubernetesDoes(Case c) {
        ObjectNode metadata = baseMetadata();
        c.mutation().accept(metadata);

        List<FieldError> errors = ObjectMetaValidation.validate(metadata, c.namespaced(), c.rule());

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    @Test
    void missingMetadataNeedsANameAndANamespace() {
        assertThat(ObjectMetaValidation.validate(null, true, NameRule.DNS1123_SUBDOMAIN))
                .extracting(FieldError::fullMessage)
                .containsExactly("metadata.name: Required value: name or generateName is required",
                        "metadata.namespace: Required value");
    }

    @Test
    void errorsCarryTypeFieldAndBadValueForStatusCauses() {
        ObjectNode metadata = baseMetadata();
        metadata.put("name", "Foo_bar");

        FieldError error = ObjectMetaValidation.validate(metadata, true, NameRule.DNS1123_SUBDOMAIN).getFirst();

        assertThat(error.type().reason()).isEqualTo("FieldValueInvalid");
        assertThat(error.field()).isEqualTo("metadata.name");
        assertThat(error.badValue()).isEqualTo("Foo_bar");
        assertThat(error.message()).isEqualTo("Invalid value: \"Foo_bar\": " + SUBDOMAIN);
    }
}
