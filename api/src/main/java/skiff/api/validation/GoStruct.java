package skiff.api.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Go struct as a bad value: Go's {@code json.Marshal} writes a struct's fields in declaration order (a map's keys
 * it sorts), so a {@link FieldError} whose value is a Kubernetes struct, such as a label selector, passes one of
 * these with the fields already in that order and empty {@code omitempty} fields left out.
 */
public record GoStruct(Map<String, Object> fields) {
    public GoStruct {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
