package skiff.image.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235 section 4.1): a scheme ({@code basic}, {@code bearer}) and its
 * parameters, e.g. the distribution token spec's {@code Bearer realm="...",service="...",scope="..."}.
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    /** The first challenge of the headers that names Bearer, else the first Basic one. */
    static Optional<AuthChallenge> pick(List<String> headers) {
        Optional<AuthChallenge> basic = Optional.empty();
        for (String h : headers) {
            Optional<AuthChallenge> c = parse(h);
            if (c.isPresent() && c.get().scheme.equals("bearer")) {
                return c;
            }
            if (c.isPresent() && c.get().scheme.equals("basic") && basic.isEmpty()) {
                basic = c;
            }
        }
        return basic;
    }

    static Optional<AuthChallenge> parse(String header) {
        String text = header.trim();
        int space = text.indexOf(' ');
        String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? text.length() : space + 1;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
                i++;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < text.length() && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            params.put(key, value.toString().trim());
        }
        return Optional.of(new AuthChallenge(scheme, Map.copyOf(params)));
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }
}
