package skiff.apiserver.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * The Kubernetes quantity library (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel/library/quantity.go): quantity()
 * parses as resource.ParseQuantity, and the arithmetic and comparisons are resource.Quantity's.
 */
final class QuantityLibrary {
    static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

    private QuantityLibrary() {}

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("quantity",
                        CelOverloadDecl.newGlobalOverload("string_to_quantity", QUANTITY, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isQuantity",
                        CelOverloadDecl.newGlobalOverload("is_quantity_string", SimpleType.BOOL, SimpleType.STRING)),
                // quantity.go declares sign as a global function: sign(q), not q.sign().
                CelFunctionDecl.newFunctionDeclaration("sign",
                        CelOverloadDecl.newGlobalOverload("quantity_sign", SimpleType.INT, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isGreaterThan", CelOverloadDecl.newMemberOverload(
                        "quantity_is_greater_than", SimpleType.BOOL, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isLessThan", CelOverloadDecl.newMemberOverload(
                        "quantity_is_less_than", SimpleType.BOOL, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("compareTo", CelOverloadDecl.newMemberOverload(
                        "quantity_compare_to", SimpleType.INT, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("asApproximateFloat",
                        CelOverloadDecl.newMemberOverload("quantity_get_float", SimpleType.DOUBLE, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("asInteger",
                        CelOverloadDecl.newMemberOverload("quantity_get_int", SimpleType.INT, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isInteger",
                        CelOverloadDecl.newMemberOverload("quantity_is_integer", SimpleType.BOOL, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("add",
                        CelOverloadDecl.newMemberOverload("quantity_add", QUANTITY, QUANTITY, QUANTITY),
                        CelOverloadDecl.newMemberOverload("quantity_add_int", QUANTITY, QUANTITY, SimpleType.INT)),
                CelFunctionDecl.newFunctionDeclaration("sub",
                        CelOverloadDecl.newMemberOverload("quantity_sub", QUANTITY, QUANTITY, QUANTITY),
                        CelOverloadDecl.newMemberOverload("quantity_sub_int", QUANTITY, QUANTITY, SimpleType.INT)));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_quantity", String.class, s -> {
                    try {
                        return KubeQuantity.parse(s);
                    } catch (KubeQuantity.ParseException e) {
                        throw new CelEvaluationException(e.getMessage());
                    }
                }),
                CelFunctionBinding.from("is_quantity_string", String.class, s -> {
                    try {
                        KubeQuantity.parse(s);
                        return true;
                    } catch (KubeQuantity.ParseException e) {
                        return false;
                    }
                }),
                CelFunctionBinding.from("quantity_sign", KubeQuantity.class, q -> (long) q.sign()),
                CelFunctionBinding.from("quantity_is_greater_than", KubeQuantity.class, KubeQuantity.class,
                        (a, b) -> a.compareTo(b) > 0),
                CelFunctionBinding.from("quantity_is_less_than", KubeQuantity.class, KubeQuantity.class,
                        (a, b) -> a.compareTo(b) < 0),
                CelFunctionBinding.from("quantity_compare_to", KubeQuantity.class, KubeQuantity.class,
                        (a, b) -> (long) Integer.signum(a.compareTo(b))),
                CelFunctionBinding.from("quantity_get_float", KubeQuantity.class, KubeQuantity::approximateFloat),
                CelFunctionBinding.from("quantity_get_int", KubeQuantity.class, q -> {
                    var value = q.asInt64();
                    if (value.isEmpty()) {
                        throw new CelEvaluationException("cannot convert value to integer");
                    }
                    return value.getAsLong();
                }),
                CelFunctionBinding.from("quantity_is_integer", KubeQuantity.class, q -> q.asInt64().isPresent()),
                CelFunctionBinding.from("quantity_add", KubeQuantity.class, KubeQuantity.class, KubeQuantity::add),
                CelFunctionBinding.from("quantity_add_int", KubeQuantity.class, Long.class,
                        (q, n) -> q.add(KubeQuantity.of(n))),
                CelFunctionBinding.from("quantity_sub", KubeQuantity.class, KubeQuantity.class,
                        KubeQuantity::subtract),
                CelFunctionBinding.from("quantity_sub_int", KubeQuantity.class, Long.class,
                        (q, n) -> q.subtract(KubeQuantity.of(n))));
    }
}
