package skiff.apiserver.fieldmanager;

/**
 * The fields a write through one endpoint cannot set, which therefore nobody owns through it (k/k registry
 * strategies' GetResetFields, used by structured-merge-diff merge/update.go as ignored fields): the main resource
 * ignores {@code status} where status is a subresource, and the status subresource ignores all but {@code status}.
 */
record ResetFields(Scope scope) {
    enum Scope {
        /** Nothing is reset. */
        NONE,
        /** The main endpoint of a kind with a status subresource. */
        STATUS,
        /** The status subresource. */
        ALL_BUT_STATUS
    }

    private static final PathElement STATUS_FIELD = PathElement.field("status");

    static ResetFields forWrite(String subresource, boolean statusIsSubresource) {
        if ("status".equals(subresource)) {
            return new ResetFields(Scope.ALL_BUT_STATUS);
        }
        return new ResetFields(subresource.isEmpty() && statusIsSubresource ? Scope.STATUS : Scope.NONE);
    }

    FieldSet filter(FieldSet set) {
        return switch (scope) {
            case NONE -> set;
            case STATUS -> set.recursiveDifference(FieldSet.of(FieldPath.of(STATUS_FIELD)));
            case ALL_BUT_STATUS -> {
                FieldSet kept = new FieldSet();
                if (set.members().contains(STATUS_FIELD)) {
                    kept.addMember(STATUS_FIELD);
                }
                kept.putIfNotEmpty(STATUS_FIELD, set.withPrefix(STATUS_FIELD).copy());
                yield kept;
            }
        };
    }

    Comparison filter(Comparison c) {
        return new Comparison(filter(c.added()), filter(c.modified()), filter(c.removed()));
    }
}
