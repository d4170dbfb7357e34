package skiff.api.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;

/**
 * Reads label selector syntax into requirements sorted by key:
 *
 * <pre>
 * selector    := requirement ("," requirement)*
 * requirement := ["!"] KEY [ ("in" | "notin") "(" values ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 * </pre>
 *
 * Error messages are Kubernetes' own, word for word.
 */
// k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Parser.parse: recursive descent over pre-scanned tokens.
final class LabelSelectorParser {
    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    /** Where a token is read: in values, {@code in} and {@code notin} are plain identifiers. */
    private enum Context { KEY_AND_OPERATOR, VALUES }

    private final List<LabelSelectorLexer.Item> items;
    private int position;

    private LabelSelectorParser(String selector) {
        this.items = LabelSelectorLexer.scan(selector);
    }

    static List<LabelRequirement> parse(String selector) {
        List<LabelRequirement> requirements = new LabelSelectorParser(selector).requirements();
        List<LabelRequirement> sorted = new ArrayList<>(requirements);
        sorted.sort((a, b) -> GoStringOrder.INSTANCE.compare(a.key(), b.key()));
        return sorted;
    }

    private List<LabelRequirement> requirements() {
        List<LabelRequirement> requirements = new ArrayList<>();
        while (true) {
            LabelSelectorLexer.Item next = lookahead(Context.VALUES);
            switch (next.token()) {
                case IDENTIFIER, DOES_NOT_EXIST -> {
                    requirements.add(requirementOrFail());
                    LabelSelectorLexer.Item after = consume(Context.VALUES);
                    switch (after.token()) {
                        case END_OF_STRING -> {
                            return requirements;
                        }
                        case COMMA -> {
                            LabelSelectorLexer.Item following = lookahead(Context.VALUES);
                            if (following.token() != LabelToken.IDENTIFIER
                                    && following.token() != LabelToken.DOES_NOT_EXIST) {
                                throw found(following, "expected: identifier after ','");
                            }
                        }
                        default -> throw found(after, "expected: ',' or 'end of string'");
                    }
                }
                case END_OF_STRING -> {
                    return requirements;
                }
                default -> throw found(next, "expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement requirementOrFail() {
        try {
            return requirement();
        } catch (SelectorParseException e) {
            throw new SelectorParseException("unable to parse requirement: " + e.getMessage());
        }
    }

    private LabelRequirement requirement() {
        LabelSelectorLexer.Item keyItem = consume(Context.VALUES);
        LabelOperator operator = null;
        if (keyItem.token() == LabelToken.DOES_NOT_EXIST) {
            operator = LabelOperator.DOES_NOT_EXIST;
            keyItem = consume(Context.VALUES);
        }
        if (keyItem.token() != LabelToken.IDENTIFIER) {
            throw found(keyItem, "expected: identifier");
        }
        String key = keyItem.literal();
        List<String> keyProblems = NameValidation.isQualifiedName(key);
        if (!keyProblems.isEmpty()) {
            // The parser checks the key with no field path, which Kubernetes prints as <nil>.
            throw new SelectorParseException(
                    FieldError.invalid("<nil>", key, String.join("; ", keyProblems)).fullMessage());
        }
        LabelToken next = lookahead(Context.VALUES).token();
        if (operator == null && (next == LabelToken.END_OF_STRING || next == LabelToken.COMMA)) {
            operator = LabelOperator.EXISTS;
        }
        if (operator != null) {
            return LabelRequirement.of(key, operator, List.of());
        }
        operator = operator();
        boolean isSet = operator == LabelOperator.IN || operator == LabelOperator.NOT_IN;
        Set<String> values = isSet ? valueSet() : exactValue();
        return LabelRequirement.of(key, operator, List.copyOf(values));
    }

    private LabelOperator operator() {
        LabelSelectorLexer.Item item = consume(Context.KEY_AND_OPERATOR);
        return switch (item.token()) {
            case IN -> LabelOperator.IN;
            case NOT_IN -> LabelOperator.NOT_IN;
            case EQUALS -> LabelOperator.EQUALS;
            case DOUBLE_EQUALS -> LabelOperator.DOUBLE_EQUALS;
            case NOT_EQUALS -> LabelOperator.NOT_EQUALS;
            case GREATER_THAN -> LabelOperator.GREATER_THAN;
            case LESS_THAN -> LabelOperator.LESS_THAN;
            default -> throw found(item, "expected: " + BINARY_OPERATORS);
        };
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Parser.parseValues: "()" is the one empty value, not an error.
    private Set<String> valueSet() {
        LabelSelectorLexer.Item open = consume(Context.VALUES);
        if (open.token() != LabelToken.OPEN_PAR) {
            throw new SelectorParseException("found '" + open.literal() + "' expected: '('");
        }
        LabelSelectorLexer.Item first = lookahead(Context.VALUES);
        switch (first.token()) {
            case IDENTIFIER, COMMA -> {
                Set<String> values = identifierList();
                if (consume(Context.VALUES).token() != LabelToken.CLOSED_PAR) {
                    throw found(first, "expected: ')'");
                }
                return values;
            }
            case CLOSED_PAR -> {
                consume(Context.VALUES);
                return Set.of("");
            }
            default -> throw found(first, "expected: ',', ')' or identifier");
        }
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Parser.parseIdentifiersList: a missing value between commas is "".
    private Set<String> identifierList() {
        Set<String> values = new TreeSet<>(GoStringOrder.INSTANCE);
        while (true) {
            LabelSelectorLexer.Item item = consume(Context.VALUES);
            switch (item.token()) {
                case IDENTIFIER -> {
                    values.add(item.literal());
                    LabelSelectorLexer.Item next = lookahead(Context.VALUES);
                    switch (next.token()) {
                        case COMMA -> { }
                        case CLOSED_PAR -> {
                            return values;
                        }
                        default -> throw found(next, "expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    LabelToken next = lookahead(Context.VALUES).token();
                    if (next == LabelToken.CLOSED_PAR) {
                        values.add("");
                        return values;
                    }
                    if (next == LabelToken.COMMA) {
                        values.add("");
                    }
                }
                default -> throw found(item, "expected: ',', or identifier");
            }
        }
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Parser.parseExactValue: nothing after the operator is the value "".
    private Set<String> exactValue() {
        LabelToken next = lookahead(Context.VALUES).token();
        if (next == LabelToken.END_OF_STRING || next == LabelToken.COMMA) {
            return Set.of("");
        }
        LabelSelectorLexer.Item item = consume(Context.VALUES);
        if (item.token() != LabelToken.IDENTIFIER) {
            throw found(item, "expected: identifier");
        }
        return Set.of(item.literal());
    }

    private LabelSelectorLexer.Item lookahead(Context context) {
        return inContext(items.get(Math.min(position, items.size() - 1)), context);
    }

    private LabelSelectorLexer.Item consume(Context context) {
        LabelSelectorLexer.Item item = lookahead(context);
        position++;
        return item;
    }

    private static LabelSelectorLexer.Item inContext(LabelSelectorLexer.Item item, Context context) {
        boolean keyword = item.token() == LabelToken.IN || item.token() == LabelToken.NOT_IN;
        if (context == Context.VALUES && keyword) {
            return new LabelSelectorLexer.Item(LabelToken.IDENTIFIER, item.literal());
        }
        return item;
    }

    private static SelectorParseException found(LabelSelectorLexer.Item item, String expectation) {
        return new SelectorParseException("found '" + item.literal() + "', " + expectation);
    }
}
