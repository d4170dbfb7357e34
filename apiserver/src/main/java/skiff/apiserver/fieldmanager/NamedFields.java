package skiff.apiserver.fieldmanager;

/**
 * Makes the named struct fields above a set's members members too (structured-merge-diff fieldpath/set.go
 * EnsureNamedFieldsAreMembers): a set holding {@code .spec.replicas} then also holds {@code .spec}, but a set holding
 * {@code .metadata.labels.app} does not hold a map entry above it. Pruning compares sets in this form, so that a
 * struct whose fields are all gone goes too.
 */
final class NamedFields {
    private NamedFields() {}

    static FieldSet ensureMembers(FieldSet set, SchemaType type) {
        FieldSet out = new FieldSet();
        set.members().forEach(out::addMember);
        set.children().forEach((pe, below) -> {
            SchemaType childType = SchemaType.Deduced.INSTANCE;
            if (pe instanceof PathElement.Field f) {
                childType = type.child(f.name());
                if (type instanceof SchemaType.Struct s && s.declares(f.name())) {
                    out.addMember(pe);
                }
            } else if (pe instanceof PathElement.Key) {
                childType = type.list().items();
            }
            out.putIfNotEmpty(pe, ensureMembers(below, childType));
        });
        return out;
    }
}
