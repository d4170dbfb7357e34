package skiff.apiserver.http;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Picks a request's Impersonate-* headers out of all of them, by lower-case name. */
final class ImpersonationHeaders {
    private ImpersonationHeaders() {}

    static Map<String, List<String>> of(MultiMap headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("impersonate-")) {
                out.computeIfAbsent(name, n -> new ArrayList<>()).add(h.getValue());
            }
        }
        return out;
    }
}
