package skiff.cli.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The known name closest to a misspelt one, by edit distance (insertions, deletions, substitutions). */
final class NearestName {
    private NearestName() {}

    static Optional<String> to(String wrong, Collection<String> known) {
        return known.stream().min(Comparator.comparingInt((String k) -> distance(wrong, k)).thenComparing(k -> k));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
