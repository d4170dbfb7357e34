package skiff.api.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits label selector text into tokens. Whitespace is space, tab, CR and LF; {@code = ! ( ) , > <} form operators,
 * longest match first; any other run of characters is an identifier or the keyword {@code in} / {@code notin}.
 */
// k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Lexer.Lex: a NUL character reads like the end of the input.
final class LabelSelectorLexer {
    private static final char END = 0;

    /** One token and the text it was read from. */
    record Item(LabelToken token, String literal) {}

    private final String input;
    private int position;

    private LabelSelectorLexer(String input) {
        this.input = input;
    }

    /** Every token of {@code input}, the last one always {@link LabelToken#END_OF_STRING}. */
    static List<Item> scan(String input) {
        LabelSelectorLexer lexer = new LabelSelectorLexer(input);
        List<Item> items = new ArrayList<>();
        Item item;
        do {
            item = lexer.next();
            items.add(item);
        } while (item.token() != LabelToken.END_OF_STRING);
        return items;
    }

    private Item next() {
        char ch = read();
        while (isWhitespace(ch)) {
            ch = read();
        }
        if (ch == END) {
            return new Item(LabelToken.END_OF_STRING, "");
        }
        unread();
        return isSpecial(ch) ? specialSymbol() : identifierOrKeyword();
    }

    private Item identifierOrKeyword() {
        StringBuilder text = new StringBuilder();
        while (true) {
            char ch = read();
            if (ch == END) {
                break;
            }
            if (isSpecial(ch) || isWhitespace(ch)) {
                unread();
                break;
            }
            text.append(ch);
        }
        LabelToken keyword = LabelToken.spelled(text.toString());
        return new Item(keyword == null ? LabelToken.IDENTIFIER : keyword, text.toString());
    }

    private Item specialSymbol() {
        StringBuilder text = new StringBuilder();
        Item longest = null;
        while (true) {
            char ch = read();
            if (ch == END) {
                break;
            }
            if (!isSpecial(ch)) {
                unread();
                break;
            }
            text.append(ch);
            LabelToken token = LabelToken.spelled(text.toString());
            if (token != null) {
                longest = new Item(token, text.toString());
            } else if (longest != null) {
                unread();
                break;
            }
        }
        return longest != null ? longest : new Item(LabelToken.ERROR, "error expected: keyword found '" + text + "'");
    }

    private char read() {
        return position < input.length() ? input.charAt(position++) : END;
    }

    private void unread() {
        position--;
    }

    private static boolean isWhitespace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    private static boolean isSpecial(char ch) {
        return switch (ch) {
            case '=', '!', '(', ')', ',', '>', '<' -> true;
            default -> false;
        };
    }
}
