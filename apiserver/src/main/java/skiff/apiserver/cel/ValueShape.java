package skiff.apiserver.cel;

/**
 * What the cost estimator may know about a variable's value without seeing it: how large it can be, and the shapes
 * of its fields and elements (for a CRD, read off maxLength, maxItems and maxProperties of its schema).
 */
public interface ValueShape {
    /** A value about which nothing is known: as large as a request. */
    ValueShape UNKNOWN = new ValueShape() {
        @Override
        public long maxSize() {
            return CelLimits.MAX_REQUEST_SIZE_BYTES;
        }

        @Override
        public ValueShape field(String name) {
            return UNKNOWN;
        }

        @Override
        public ValueShape element() {
            return UNKNOWN;
        }
    };

    /** The most characters, items or entries the value can have. */
    long maxSize();

    /** The shape of the field {@code name} of an object. */
    ValueShape field(String name);

    /** The shape of the items of a list, or of the values of a map. */
    ValueShape element();

    /** A value of a known size with nothing inside it (a literal). */
    static ValueShape ofSize(long size) {
        return new ValueShape() {
            @Override
            public long maxSize() {
                return size;
            }

            @Override
            public ValueShape field(String name) {
                return UNKNOWN;
            }

            @Override
            public ValueShape element() {
                return UNKNOWN;
            }
        };
    }
}
