package skiff.apiserver.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters as Kubernetes reads them: Go's {@code url.URL.Query()}, which skips a pair whose key
 * or value is not validly escaped (or holds a semicolon) and keeps the rest, so a bad escape changes nothing else.
 */
// docs pkg.go.dev/net/url#ParseQuery; k/k apiserver endpoints/handlers decode options from req.URL.Query(), which
// ignores ParseQuery's error.
final class QueryParameters {
    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty() || pair.contains(";")) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    String key = unescape(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
                    values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                } catch (IllegalArgumentException e) {
                    // Skipped, as Go skips it.
                }
            }
        }
        return new QueryParameters(values);
    }

    /** The first value of {@code name}, or null. */
    String first(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    /** Every value of {@code name}, in order; empty when absent. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    // Go's QueryUnescape: '+' is a space and every '%' starts two hex digits. Java's decoder also takes a '%' with
    // fewer than two following characters as an error, and decodes the bytes as UTF-8 as Go's strings hold them.
    private static String unescape(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
