package skiff.apiserver.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worst-case cost of a checked expression, found before it ever runs, from the sizes its inputs can have. It
 * follows the model of cel-go's checker/cost.go that Kubernetes 1.32 uses (k/k staging/src/k8s.io/apiserver/pkg/cel
 * library/cost.go for the Kubernetes functions): one unit per variable, field, index and call, traversal costs of
 * a tenth of a unit per character or item for string and list operations, and a comprehension's body once per
 * element its range can hold. dev.cel has no estimator, so this is an approximation of those numbers, not a copy:
 * it charges both branches of a conditional and ignores the cost of constants.
 */
public final class CostEstimator {
    private static final Set<String> TRAVERSES_STRING = Set.of("contains", "startsWith", "endsWith", "lowerAscii",
            "upperAscii", "trim", "split", "replace", "substring", "charAt", "indexOf", "lastIndexOf", "join",
            "quote", "reverse", "format", "string", "bytes");
    private static final Set<String> TRAVERSES_LIST = Set.of("sum", "min", "max", "isSorted", "@in");
    private static final Set<String> REGEX = Set.of("matches", "find", "findAll");

    private final CelAbstractSyntaxTree ast;

    private CostEstimator(CelAbstractSyntaxTree ast) {
        this.ast = ast;
    }

    /** The most {@code ast} can cost when its variables have the given shapes (absent ones are unknown). */
    public static long estimate(CelAbstractSyntaxTree ast, Map<String, ValueShape> variables) {
        return new CostEstimator(ast).visit(ast.getExpr(), variables).cost();
    }

    private record Estimate(long cost, ValueShape shape) {}

    private Estimate visit(CelExpr e, Map<String, ValueShape> scope) {
        return switch (e.getKind()) {
            case CONSTANT -> new Estimate(0, ValueShape.ofSize(e.constant().getKind()
                    == dev.cel.common.ast.CelConstant.Kind.STRING_VALUE ? e.constant().stringValue().length() : 1));
            case IDENT -> new Estimate(1, scope.getOrDefault(e.ident().name(), ValueShape.UNKNOWN));
            case SELECT -> {
                Estimate operand = visit(e.select().operand(), scope);
                yield e.select().testOnly()
                        ? new Estimate(add(operand.cost(), 1), ValueShape.ofSize(1))
                        : new Estimate(add(operand.cost(), 1), operand.shape().field(e.select().field()));
            }
            case CALL -> call(e.call(), scope);
            case LIST -> {
                long cost = 10;
                for (CelExpr element : e.list().elements()) {
                    cost = add(cost, visit(element, scope).cost());
                }
                yield new Estimate(cost, ValueShape.ofSize(e.list().elements().size()));
            }
            case MAP -> {
                long cost = 30;
                for (CelExpr.CelMap.Entry entry : e.map().entries()) {
                    cost = add(cost, add(visit(entry.key(), scope).cost(), visit(entry.value(), scope).cost()));
                }
                yield new Estimate(cost, ValueShape.ofSize(e.map().entries().size()));
            }
            case STRUCT -> {
                long cost = 40;
                for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
                    cost = add(cost, visit(entry.value(), scope).cost());
                }
                yield new Estimate(cost, ValueShape.UNKNOWN);
            }
            case COMPREHENSION -> comprehension(e.comprehension(), scope);
            default -> new Estimate(1, ValueShape.UNKNOWN);
        };
    }

    private Estimate call(CelExpr.CelCall call, Map<String, ValueShape> scope) {
        long cost = 0;
        ValueShape target = null;
        if (call.target().isPresent()) {
            Estimate t = visit(call.target().get(), scope);
            cost = t.cost();
            target = t.shape();
        }
        List<Estimate> args = call.args().stream().map(a -> visit(a, scope)).toList();
        for (Estimate a : args) {
            cost = add(cost, a.cost());
        }
        ValueShape first = target != null ? target : args.isEmpty() ? ValueShape.UNKNOWN : args.get(0).shape();
        String fn = call.function();
        LibraryCallCosts.Cost library = LibraryCallCosts.of(fn, target, args.stream().map(Estimate::shape).toList(),
                !args.isEmpty() && ast.getType(call.args().get(0).id()).map(t -> t.kind() == CelKind.STRING)
                        .orElse(false));
        if (library != null) {
            return new Estimate(add(cost, library.cost()), library.result());
        }
        return switch (fn) {
            case "_[_]" -> new Estimate(add(cost, 1), first.element());
            case "_==_", "_!=_" -> new Estimate(add(cost, tenth(Math.min(first.maxSize(),
                    args.get(1).shape().maxSize()))), ValueShape.ofSize(1));
            case "_+_" -> {
                long size = add(first.maxSize(), args.get(1).shape().maxSize());
                yield new Estimate(add(cost, tenth(size)), ValueShape.ofSize(size));
            }
            default -> {
                if (fn.equals("@in")) {
                    yield new Estimate(add(cost, args.get(1).shape().maxSize()), ValueShape.ofSize(1));
                }
                if (REGEX.contains(fn)) {
                    long pattern = args.isEmpty() ? 1 : args.get(args.size() - 1).shape().maxSize();
                    yield new Estimate(add(cost, multiply(tenth(first.maxSize()), Math.max(1, (pattern + 3) / 4))),
                            first);
                }
                if (TRAVERSES_STRING.contains(fn)) {
                    yield new Estimate(add(cost, tenth(first.maxSize())), first);
                }
                if (TRAVERSES_LIST.contains(fn) || (target != null && (fn.equals("indexOf")
                        || fn.equals("lastIndexOf")))) {
                    yield new Estimate(add(cost, first.maxSize()), first.element());
                }
                yield new Estimate(add(cost, 1), ValueShape.UNKNOWN);
            }
        };
    }

    private Estimate comprehension(CelExpr.CelComprehension c, Map<String, ValueShape> scope) {
        Estimate range = visit(c.iterRange(), scope);
        Estimate init = visit(c.accuInit(), scope);
        long size = range.shape().maxSize();
        boolean overMap = ast.getType(c.iterRange().id()).map(t -> t.kind() == CelKind.MAP).orElse(false);
        Map<String, ValueShape> inner = new HashMap<>(scope);
        inner.put(c.iterVar(), overMap ? ValueShape.UNKNOWN : range.shape().element());
        if (!c.iterVar2().isEmpty()) {
            inner.put(c.iterVar2(), range.shape().element());
        }
        // The accumulator grows by appends, which cel-go prices per append, not per copy.
        inner.put(c.accuVar(), ValueShape.ofSize(1));
        long body = add(visit(c.loopCondition(), inner).cost(), visit(c.loopStep(), inner).cost());
        Map<String, ValueShape> after = new HashMap<>(scope);
        after.put(c.accuVar(), ValueShape.ofSize(size));
        Estimate result = visit(c.result(), after);
        long cost = add(add(range.cost(), init.cost()), add(multiply(size, body), result.cost()));
        return new Estimate(cost, result.shape());
    }

    private static long tenth(long size) {
        return size / 10 + (size % 10 == 0 ? 0 : 1);
    }

    private static long add(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
