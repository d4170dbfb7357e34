package skiff.apiserver.table;

import java.util.Optional;

/** What each Table row carries in {@code object}, from the {@code includeObject} query parameter. */
public enum IncludeObject {
    /** {@code object} is null. */
    NONE("None"),
    /** {@code object} is a {@code PartialObjectMetadata} holding the object's full metadata; the default. */
    METADATA("Metadata"),
    /** {@code object} is the whole object. */
    OBJECT("Object");

    private final String parameterValue;

    IncludeObject(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The value as written in the query string: {@code None}, {@code Metadata} or {@code Object}. */
    public String parameterValue() {
        return parameterValue;
    }

    /**
     * Reads the query parameter. Absent or empty means {@link #METADATA}; an unknown value is empty, which the
     * API server answers with 400 Bad Request.
     */
    // k/k staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go asTable: "" counts as Metadata, anything unknown is a bad request.
    public static Optional<IncludeObject> fromParameter(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(METADATA);
        }
        for (IncludeObject include : values()) {
            if (include.parameterValue.equals(value)) {
                return Optional.of(include);
            }
        }
        return Optional.empty();
    }
}
