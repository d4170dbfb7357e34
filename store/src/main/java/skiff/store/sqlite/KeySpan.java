package skiff.store.sqlite;

/**
 * The keys a range or watch reads, as SQL bounds: names at or above {@code from}, strictly above {@code after}
 * and, when {@code toExclusive} is not null, below it. SQLite compares names as UTF-8 bytes, which is code point
 * order, so the upper bound of a prefix is the prefix with its last code point raised by one.
 */
record KeySpan(String from, String after, String toExclusive) {

    /** Every key starting with {@code prefix}. */
    static KeySpan prefix(String prefix) {
        return new KeySpan(prefix, "", upperBound(prefix));
    }

    /** Keys starting with {@code prefix} that sort after {@code startAfter} (null = all of them). */
    static KeySpan prefixAfter(String prefix, String startAfter) {
        return new KeySpan(prefix, startAfter == null ? "" : startAfter, upperBound(prefix));
    }

    boolean bounded() {
        return toExclusive != null;
    }

    private static String upperBound(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            if (codePoints[i] < Character.MAX_CODE_POINT) {
                codePoints[i] = codePoints[i] == Character.MIN_SURROGATE - 1 ? Character.MAX_SURROGATE + 1 : codePoints[i] + 1;
                return new String(codePoints, 0, i + 1);
            }
        }
        return null;
    }
}
