package skiff.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class ObjectMetaUpdateValidationTest {

    /** The stored metadata of an object being deleted, held by one finalizer. */
    private static ObjectNode deletingMetadata() {
        ObjectNode metadata = Json.object();
        metadata.put("name", "web");
        metadata.put("deletionTimestamp", "2026-01-02T03:04:05Z");
        metadata.put("deletionGracePeriodSeconds", 30);
        metadata.putArray("finalizers").add("example.com/a");
        return metadata;
    }

    record Case(String name, Consumer<ObjectNode> old, Consumer<ObjectNode> update, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case deleting(String name, Consumer<ObjectNode> update, String... errors) {
        return new Case(name, old -> { }, update, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                deleting("an unchanged object being deleted is valid", m -> { }),
                deleting("finalizers may be removed while deleting", m -> m.putArray("finalizers")),
                deleting("new finalizers are forbidden while deleting", m -> m.withArray("finalizers")
                        .add("example.com/z").add("example.com/b"),
                        "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
                                + "deleted, found new finalizers []string{\"example.com/b\", \"example.com/z\"}"),
                new Case("finalizers may be added before deletion", old -> {
                    old.remove("deletionTimestamp");
                    old.remove("deletionGracePeriodSeconds");
                }, m -> {
                    m.remove("deletionTimestamp");
                    m.remove("deletionGracePeriodSeconds");
                    m.withArray("finalizers").add("example.com/b");
                }, List.of()),
                deleting("the same instant written differently is no change",
                        m -> m.put("deletionTimestamp", "2026-01-02T04:04:05+01:00")),
                deleting("the deletionTimestamp is immutable",
                        m -> m.put("deletionTimestamp", "2026-01-02T03:04:06Z"),
                        "metadata.deletionTimestamp: Invalid value: \"2026-01-02T03:04:06Z\": field is immutable"),
                new Case("a deletionTimestamp cannot be set by an update", old -> {
                    old.remove("deletionTimestamp");
                    old.remove("deletionGracePeriodSeconds");
                }, m -> m.put("deletionTimestamp", "2026-01-02T03:04:05Z"),
                        List.of("metadata.deletionTimestamp: Invalid value: \"2026-01-02T03:04:05Z\": "
                                + "field is immutable")),
                deleting("the deletionGracePeriodSeconds is immutable", m -> m.put("deletionGracePeriodSeconds", 5),
                        "metadata.deletionGracePeriodSeconds: Invalid value: 5: field is immutable"),
                deleting("removing the deletionGracePeriodSeconds is a change",
                        m -> m.remove("deletionGracePeriodSeconds"),
                        "metadata.deletionGracePeriodSeconds: Invalid value: null: field is immutable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesMetadataUpdatesAsKubernetesDoes(Case c) {
        ObjectNode old = deletingMetadata();
        c.old().accept(old);
        ObjectNode updated = old.deepCopy();
        c.update().accept(updated);

        List<FieldError> errors = ObjectMetaUpdateValidation.validate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }
}
