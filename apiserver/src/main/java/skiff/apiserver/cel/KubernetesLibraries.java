package skiff.apiserver.cel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Kubernetes CEL functions that dev.cel lacks: the list library (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel
 * library/lists.go: isSorted, sum, min, max, indexOf, lastIndexOf) and the regex library (library/regex.go: find,
 * findAll), the latter with RE2 semantics as in Go.
 */
final class KubernetesLibraries {
    private static final TypeParamType T = TypeParamType.create("T");
    private static final CelType LIST_T = ListType.create(T);
    private static final CelType STRINGS = ListType.create(SimpleType.STRING);

    private KubernetesLibraries() {}

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("isSorted",
                        CelOverloadDecl.newMemberOverload("list_is_sorted", SimpleType.BOOL, LIST_T)),
                CelFunctionDecl.newFunctionDeclaration("sum",
                        CelOverloadDecl.newMemberOverload("list_int_sum", SimpleType.INT,
                                ListType.create(SimpleType.INT)),
                        CelOverloadDecl.newMemberOverload("list_double_sum", SimpleType.DOUBLE,
                                ListType.create(SimpleType.DOUBLE))),
                CelFunctionDecl.newFunctionDeclaration("min",
                        CelOverloadDecl.newMemberOverload("list_min", T, LIST_T)),
                CelFunctionDecl.newFunctionDeclaration("max",
                        CelOverloadDecl.newMemberOverload("list_max", T, LIST_T)),
                CelFunctionDecl.newFunctionDeclaration("indexOf",
                        CelOverloadDecl.newMemberOverload("list_index_of", SimpleType.INT, LIST_T, T)),
                CelFunctionDecl.newFunctionDeclaration("lastIndexOf",
                        CelOverloadDecl.newMemberOverload("list_last_index_of", SimpleType.INT, LIST_T, T)),
                CelFunctionDecl.newFunctionDeclaration("find",
                        CelOverloadDecl.newMemberOverload("string_find_string", SimpleType.STRING,
                                SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("findAll",
                        CelOverloadDecl.newMemberOverload("string_find_all_string", STRINGS, SimpleType.STRING,
                                SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("string_find_all_string_int", STRINGS,
                                SimpleType.STRING, SimpleType.STRING, SimpleType.INT)));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("list_is_sorted", List.class, KubernetesLibraries::isSorted),
                CelFunctionBinding.from("list_int_sum", List.class, l -> {
                    long sum = 0;
                    for (Object o : l) {
                        sum = Math.addExact(sum, (Long) o);
                    }
                    return sum;
                }),
                CelFunctionBinding.from("list_double_sum", List.class, l -> {
                    double sum = 0;
                    for (Object o : l) {
                        sum += ((Number) o).doubleValue();
                    }
                    return sum;
                }),
                CelFunctionBinding.from("list_min", List.class, l -> extreme(l, -1, "min")),
                CelFunctionBinding.from("list_max", List.class, l -> extreme(l, 1, "max")),
                CelFunctionBinding.from("list_index_of", List.class, Object.class,
                        (l, v) -> (long) indexOf(l, v)),
                CelFunctionBinding.from("list_last_index_of", List.class, Object.class,
                        (l, v) -> (long) lastIndexOf(l, v)),
                CelFunctionBinding.from("string_find_string", String.class, String.class, (s, re) -> {
                    Matcher m = pattern(re).matcher(s);
                    return m.find() ? m.group() : "";
                }),
                CelFunctionBinding.from("string_find_all_string", String.class, String.class,
                        (s, re) -> findAll(s, re, -1)),
                CelFunctionBinding.from("string_find_all_string_int", List.of(String.class, String.class,
                        Long.class), a -> findAll((String) a[0], (String) a[1], (Long) a[2])));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean isSorted(List<?> list) throws CelEvaluationException {
        for (int i = 1; i < list.size(); i++) {
            if (comparable(list.get(i - 1)).compareTo(list.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object extreme(List<?> list, int sign, String name) throws CelEvaluationException {
        if (list.isEmpty()) {
            throw new CelEvaluationException(name + " called on empty list");
        }
        Object best = list.get(0);
        for (Object o : list) {
            if (Integer.signum(comparable(o).compareTo(best)) == sign) {
                best = o;
            }
        }
        return best;
    }

    @SuppressWarnings("rawtypes")
    private static Comparable comparable(Object o) throws CelEvaluationException {
        if (o instanceof Comparable c) {
            return c;
        }
        throw new CelEvaluationException("no such overload");
    }

    private static int indexOf(List<?> list, Object value) {
        for (int i = 0; i < list.size(); i++) {
            if (Objects.equals(list.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<?> list, Object value) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (Objects.equals(list.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> findAll(String s, String re, long limit) throws CelEvaluationException {
        List<String> found = new ArrayList<>();
        Matcher m = pattern(re).matcher(s);
        while ((limit < 0 || found.size() < limit) && m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Pattern pattern(String re) throws CelEvaluationException {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new CelEvaluationException("error parsing regexp: " + e.getMessage(), e);
        }
    }
}
