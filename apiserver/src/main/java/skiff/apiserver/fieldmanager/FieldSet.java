package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of field paths kept as a tree (structured-merge-diff fieldpath/set.go): each level holds the elements that
 * are members, and the children below which deeper members sit. Being a child does not make an element a member;
 * that is what the {@code .} key of the FieldsV1 encoding records. The set operations work level by level, so
 * removing a parent path leaves its children alone unless the difference is recursive.
 */
public final class FieldSet {
    private final NavigableSet<PathElement> members = new TreeSet<>();
    private final NavigableMap<PathElement, FieldSet> children = new TreeMap<>();

    public static FieldSet of(FieldPath... paths) {
        FieldSet set = new FieldSet();
        for (FieldPath p : paths) {
            set.insert(p);
        }
        return set;
    }

    /** Adds a path; its parents do not become members. The root path is never tracked. */
    public void insert(FieldPath path) {
        List<PathElement> elements = path.elements();
        if (elements.isEmpty()) {
            return;
        }
        FieldSet level = this;
        for (int i = 0; i < elements.size() - 1; i++) {
            level = level.children.computeIfAbsent(elements.get(i), e -> new FieldSet());
        }
        level.members.add(elements.getLast());
    }

    public boolean has(FieldPath path) {
        List<PathElement> elements = path.elements();
        if (elements.isEmpty()) {
            return false;
        }
        FieldSet level = this;
        for (int i = 0; i < elements.size() - 1; i++) {
            level = level.children.get(elements.get(i));
            if (level == null) {
                return false;
            }
        }
        return level.members.contains(elements.getLast());
    }

    public boolean isEmpty() {
        return members.isEmpty() && children.isEmpty();
    }

    /** The members directly at this level. */
    NavigableSet<PathElement> members() {
        return Collections.unmodifiableNavigableSet(members);
    }

    /** The non-empty sets below each element of this level. */
    NavigableMap<PathElement, FieldSet> children() {
        return Collections.unmodifiableNavigableMap(children);
    }

    /** The part of the set below {@code element}, relative to it (empty when there is none). */
    public FieldSet withPrefix(PathElement element) {
        FieldSet child = children.get(element);
        return child == null ? new FieldSet() : child;
    }

    public FieldSet union(FieldSet other) {
        FieldSet out = copy();
        out.members.addAll(other.members);
        other.children.forEach((pe, set) -> out.children.merge(pe, set.copy(), FieldSet::union));
        return out;
    }

    public FieldSet intersection(FieldSet other) {
        FieldSet out = new FieldSet();
        for (PathElement pe : members) {
            if (other.members.contains(pe)) {
                out.members.add(pe);
            }
        }
        children.forEach((pe, set) -> {
            FieldSet theirs = other.children.get(pe);
            if (theirs != null) {
                out.putIfNotEmpty(pe, set.intersection(theirs));
            }
        });
        return out;
    }

    /** Members of this set that are not members of {@code other}, level by level. */
    public FieldSet difference(FieldSet other) {
        FieldSet out = new FieldSet();
        for (PathElement pe : members) {
            if (!other.members.contains(pe)) {
                out.members.add(pe);
            }
        }
        children.forEach((pe, set) -> {
            FieldSet theirs = other.children.get(pe);
            out.putIfNotEmpty(pe, theirs == null ? set.copy() : set.difference(theirs));
        });
        return out;
    }

    /** Like {@link #difference}, but a member of {@code other} also removes everything below it. */
    public FieldSet recursiveDifference(FieldSet other) {
        FieldSet out = new FieldSet();
        for (PathElement pe : members) {
            if (!other.members.contains(pe)) {
                out.members.add(pe);
            }
        }
        children.forEach((pe, set) -> {
            if (other.members.contains(pe)) {
                return;
            }
            FieldSet theirs = other.children.get(pe);
            out.putIfNotEmpty(pe, theirs == null ? set.copy() : set.recursiveDifference(theirs));
        });
        return out;
    }

    /** Every member path, members of a level before the levels below, each level in element order. */
    public List<FieldPath> paths() {
        List<FieldPath> out = new ArrayList<>();
        collect(FieldPath.ROOT, out);
        return out;
    }

    private void collect(FieldPath prefix, List<FieldPath> out) {
        members.forEach(pe -> out.add(prefix.append(pe)));
        children.forEach((pe, set) -> set.collect(prefix.append(pe), out));
    }

    public FieldSet copy() {
        FieldSet out = new FieldSet();
        out.members.addAll(members);
        children.forEach((pe, set) -> out.children.put(pe, set.copy()));
        return out;
    }

    /** Builds a level from its parts; used by the decoders. */
    void addMember(PathElement element) {
        members.add(element);
    }

    void putIfNotEmpty(PathElement element, FieldSet set) {
        if (!set.isEmpty()) {
            children.merge(element, set, FieldSet::union);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet s && members.equals(s.members) && children.equals(s.children);
    }

    @Override
    public int hashCode() {
        return members.hashCode() * 31 + children.hashCode();
    }

    @Override
    public String toString() {
        return paths().toString();
    }
}
