package skiff.apiserver.cel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.validation.GoQuotedString;

/**
 * A URL as Go's net/url parses it (Go 1.23 net/url url.go parse, ParseRequestURI and Parse), which is what the
 * Kubernetes CEL url() and isURL() functions and the {@code uri} format use: the scheme, host, path and raw query
 * of the text, and the parse errors in Go's words ({@code parse "<text>": <reason>}).
 */
public record GoUrl(String scheme, String opaque, String host, String path, String rawPath, String rawQuery) {

    /** The text is no URL; the message is Go's url.Error text. */
    public static final class ParseException extends Exception {
        ParseException(String text, String reason) {
            super("parse " + GoQuotedString.of(text) + ": " + reason, null, false, false);
        }
    }

    private enum Mode { PATH, HOST, QUERY_COMPONENT }

    /** url.ParseRequestURI: an absolute URL or absolute path, no fragment (a '#' stays in the path or query). */
    public static GoUrl parseRequestUri(String text) throws ParseException {
        return parse(text, true);
    }

    /** url.Parse: a URL or relative reference; the fragment is split off. */
    public static GoUrl parseReference(String text) throws ParseException {
        int hash = text.indexOf('#');
        GoUrl url = parse(hash < 0 ? text : text.substring(0, hash), false);
        if (hash >= 0) {
            String fragment = text.substring(hash + 1);
            try {
                unescape(fragment, Mode.PATH);
            } catch (IllegalArgumentException e) {
                throw new ParseException(text, e.getMessage());
            }
        }
        return url;
    }

    private static GoUrl parse(String text, boolean viaRequest) throws ParseException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ParseException(text, "net/url: invalid control character in URL");
            }
        }
        if (text.isEmpty() && viaRequest) {
            throw new ParseException(text, "empty url");
        }
        if (text.equals("*")) {
            return new GoUrl("", "", "", "*", "", "");
        }
        String scheme = "";
        String rest = text;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new ParseException(text, "missing protocol scheme");
                }
                scheme = text.substring(0, i).toLowerCase(java.util.Locale.ROOT);
                rest = text.substring(i + 1);
            }
            break;
        }
        String rawQuery = "";
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else {
            int q = rest.indexOf('?');
            if (q >= 0) {
                rawQuery = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new GoUrl(scheme, rest, "", "", "", rawQuery);
            }
            if (viaRequest) {
                throw new ParseException(text, "invalid URI for request");
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).contains(":")) {
                throw new ParseException(text, "first path segment in URL cannot contain colon");
            }
        }
        String host = "";
        if ((!scheme.isEmpty() || !viaRequest && !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            host = authorityHost(text, authority);
        }
        String path;
        try {
            path = unescape(rest, Mode.PATH);
        } catch (IllegalArgumentException e) {
            throw new ParseException(text, e.getMessage());
        }
        return new GoUrl(scheme, "", host, path, escape(path).equals(rest) ? "" : rest, rawQuery);
    }

    private static String authorityHost(String text, String authority) throws ParseException {
        int at = authority.lastIndexOf('@');
        if (at >= 0 && !validUserinfo(authority.substring(0, at))) {
            throw new ParseException(text, "net/url: invalid userinfo");
        }
        String host = at < 0 ? authority : authority.substring(at + 1);
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new ParseException(text, "missing ']' in host");
            }
            String colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                throw new ParseException(text, "invalid port " + GoQuotedString.of(colonPort) + " after host");
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                throw new ParseException(text, "invalid port " + GoQuotedString.of(host.substring(colon))
                        + " after host");
            }
        }
        try {
            return unescape(host, Mode.HOST);
        } catch (IllegalArgumentException e) {
            throw new ParseException(text, e.getMessage());
        }
    }

    private static boolean validUserinfo(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0) {
                continue;
            }
            return false;
        }
        return true;
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** url.URL.Hostname: the host without its port or IPv6 brackets. */
    public String hostname() {
        return splitHostPort()[0];
    }

    /** url.URL.Port: the port of the host, or empty. */
    public String port() {
        return splitHostPort()[1];
    }

    private String[] splitHostPort() {
        String h = host;
        String p = "";
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(h.substring(colon))) {
            p = h.substring(colon + 1);
            h = h.substring(0, colon);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return new String[] {h, p};
    }

    /** url.URL.EscapedPath: the path as written when that is a valid encoding of it, else the path escaped. */
    public String escapedPath() {
        if (!rawPath.isEmpty() && validEncoded(rawPath)) {
            try {
                if (unescape(rawPath, Mode.PATH).equals(path)) {
                    return rawPath;
                }
            } catch (IllegalArgumentException e) {
                // Fall through to escaping the path, as Go does.
            }
        }
        return path.equals("*") ? "*" : escape(path);
    }

    /**
     * url.URL.Query: the query's parameters, each with its values in order; pairs that do not decode (or hold a
     * semicolon) are left out, as url.ParseQuery leaves them.
     */
    public Map<String, List<String>> query() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.contains(";")) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = unescape(eq < 0 ? pair : pair.substring(0, eq), Mode.QUERY_COMPONENT);
                String value = eq < 0 ? "" : unescape(pair.substring(eq + 1), Mode.QUERY_COMPONENT);
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // url.ParseQuery skips the pair.
            }
        }
        return values;
    }

    private static String unescape(String s, Mode mode) {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                    String bad = s.substring(i, Math.min(s.length(), i + 3));
                    throw new IllegalArgumentException("invalid URL escape " + GoQuotedString.of(bad));
                }
                if (mode == Mode.HOST && Character.digit(s.charAt(i + 1), 16) < 8
                        && !s.startsWith("%25", i)) {
                    throw new IllegalArgumentException("invalid URL escape "
                            + GoQuotedString.of(s.substring(i, i + 3)));
                }
                i += 3;
            } else {
                if (mode == Mode.HOST && c < 0x80 && shouldEscapeHost(c)) {
                    throw new IllegalArgumentException("invalid character " + GoQuotedString.of(String.valueOf(c))
                            + " in host name");
                }
                i++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                out.write(Character.digit(bytes[i + 1], 16) << 4 | Character.digit(bytes[i + 2], 16));
                i += 2;
            } else if (bytes[i] == '+' && mode == Mode.QUERY_COMPONENT) {
                out.write(' ');
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.' || c == '~';
    }

    private static boolean shouldEscapeHost(char c) {
        return !unreserved(c) && "!$&'()*+,;=:[]<>\"".indexOf(c) < 0;
    }

    // shouldEscape(c, encodePath): reserved characters a path keeps as they are, all else escaped.
    private static boolean shouldEscapePath(int c) {
        return !unreserved(c) && "$&+,/:;=@".indexOf(c) < 0;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (shouldEscapePath(c)) {
                out.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static boolean validEncoded(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("!$&'()*+,;=:@[]".indexOf(c) >= 0 || c == '%') {
                continue;
            }
            if (c >= 0x80 || shouldEscapePath(c)) {
                return false;
            }
        }
        return true;
    }
}
