package skiff.api.selector;

import java.util.Map;

/** The kinds of token in label selector syntax. */
// k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Token and string2token: the tokens and their spellings.
enum LabelToken {
    ERROR,
    END_OF_STRING,
    CLOSED_PAR,
    COMMA,
    DOES_NOT_EXIST,
    DOUBLE_EQUALS,
    EQUALS,
    GREATER_THAN,
    IDENTIFIER,
    IN,
    LESS_THAN,
    NOT_EQUALS,
    NOT_IN,
    OPEN_PAR;

    private static final Map<String, LabelToken> SPELLINGS = Map.ofEntries(
            Map.entry(")", CLOSED_PAR),
            Map.entry(",", COMMA),
            Map.entry("!", DOES_NOT_EXIST),
            Map.entry("==", DOUBLE_EQUALS),
            Map.entry("=", EQUALS),
            Map.entry(">", GREATER_THAN),
            Map.entry("in", IN),
            Map.entry("<", LESS_THAN),
            Map.entry("!=", NOT_EQUALS),
            Map.entry("notin", NOT_IN),
            Map.entry("(", OPEN_PAR));

    /** The token spelled exactly {@code text}, or null when {@code text} spells none. */
    static LabelToken spelled(String text) {
        return SPELLINGS.get(text);
    }
}
