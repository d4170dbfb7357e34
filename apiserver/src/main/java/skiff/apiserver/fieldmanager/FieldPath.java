package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.List;

/**
 * A path to one field from the object's root (structured-merge-diff fieldpath/path.go), printed as conflicts print
 * it: {@code .spec.template.spec.containers[name="nginx"].image}.
 */
public record FieldPath(List<PathElement> elements) {
    public FieldPath {
        elements = List.copyOf(elements);
    }

    public static final FieldPath ROOT = new FieldPath(List.of());

    public static FieldPath of(PathElement... elements) {
        return new FieldPath(List.of(elements));
    }

    /** A path of field names: {@code FieldPath.fields("spec", "replicas")}. */
    public static FieldPath fields(String... names) {
        List<PathElement> elements = new ArrayList<>();
        for (String name : names) {
            elements.add(PathElement.field(name));
        }
        return new FieldPath(elements);
    }

    public FieldPath append(PathElement element) {
        List<PathElement> longer = new ArrayList<>(elements.size() + 1);
        longer.addAll(elements);
        longer.add(element);
        return new FieldPath(longer);
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        elements.forEach(out::append);
        return out.toString();
    }
}
