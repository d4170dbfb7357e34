package skiff.api.selector;

/** How a label requirement relates a key to its values. */
// k/k staging/src/k8s.io/apimachinery/pkg/selection/operator.go Operator: the names Kubernetes gives each operator.
public enum LabelOperator {
    IN("in"),
    NOT_IN("notin"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    EXISTS("exists"),
    DOES_NOT_EXIST("!"),
    GREATER_THAN("gt"),
    LESS_THAN("lt");

    private final String selectionName;

    LabelOperator(String selectionName) {
        this.selectionName = selectionName;
    }

    /** Kubernetes' name for the operator ({@code in}, {@code notin}, {@code =}, {@code gt}...). */
    public String selectionName() {
        return selectionName;
    }
}
