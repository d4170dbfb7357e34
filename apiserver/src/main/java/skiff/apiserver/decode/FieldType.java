package skiff.apiserver.decode;

/**
 * The Go type a JSON field of a built-in kind decodes into, named as Go's encoding/json names it in its errors. Go's
 * named string types (v1.Protocol, v1.RestartPolicy, ...) are plain strings in the shape, so their errors say
 * "string".
 */
sealed interface FieldType {
    String goName();

    /** The leaf types, and how each reads JSON. */
    enum Scalar implements FieldType {
        STRING("string"), INT32("int32"), INT64("int64"), FLOAT64("float64"), BOOL("bool"),
        BYTES("[]uint8"), QUANTITY("resource.Quantity"), INT_OR_STRING("intstr.IntOrString"),
        // metav1.Time and MicroTime read their JSON into a string first, so a non-string is "of type string".
        TIME("string"), ANY("interface {}");

        private final String goName;

        Scalar(String goName) {
            this.goName = goName;
        }

        @Override
        public String goName() {
            return goName;
        }
    }

    record Struct(StructShape shape) implements FieldType {
        @Override
        public String goName() {
            return shape.goName();
        }
    }

    record ListOf(FieldType element) implements FieldType {
        @Override
        public String goName() {
            return "[]" + element.goName();
        }
    }

    record MapOf(FieldType value, String goName) implements FieldType {}
}
