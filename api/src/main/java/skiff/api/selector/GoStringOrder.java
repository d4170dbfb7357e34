package skiff.api.selector;

import java.util.Comparator;

/** Orders strings as Go compares them, byte by byte in UTF-8, which is code point order. */
final class GoStringOrder implements Comparator<String> {
    static final GoStringOrder INSTANCE = new GoStringOrder();

    private GoStringOrder() {}

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
