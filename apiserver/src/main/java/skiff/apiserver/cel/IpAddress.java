package skiff.apiserver.cel;

import java.util.Arrays;
import skiff.api.validation.GoQuotedString;

/**
 * An IPv4 or IPv6 address as Go's net/netip holds it (Go 1.23 net/netip netip.go ParseAddr, String and the Is*
 * predicates), the value of the Kubernetes CEL ip() function. Parsing is netip's: strict dotted quads (no leading
 * zeros), IPv6 with an optional embedded IPv4 tail and zone, with netip's error texts.
 */
public final class IpAddress {
    private final byte[] bytes;
    private final String zone;

    private IpAddress(byte[] bytes, String zone) {
        this.bytes = bytes;
        this.zone = zone;
    }

    /** The text is no address; the message is netip's {@code ParseAddr("<text>"): <reason>}. */
    public static final class ParseException extends Exception {
        ParseException(String in, String reason, String at) {
            super("ParseAddr(" + GoQuotedString.of(in) + "): " + reason
                    + (at == null || at.isEmpty() ? "" : " (at " + GoQuotedString.of(at) + ")"), null, false, false);
        }
    }

    /** netip.ParseAddr. */
    public static IpAddress parse(String s) throws ParseException {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.' -> {
                    byte[] v4 = new byte[4];
                    parseIpv4Fields(s, 0, s.length(), v4, 0);
                    return new IpAddress(v4, "");
                }
                case ':' -> {
                    return parseIpv6(s);
                }
                case '%' -> throw new ParseException(s, "missing IPv6 address", null);
                default -> { }
            }
        }
        throw new ParseException(s, "unable to parse IP", null);
    }

    private static void parseIpv4Fields(String in, int off, int end, byte[] fields, int at)
            throws ParseException {
        String s = in.substring(off, end);
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) {
                    throw new ParseException(in, "IPv4 field has octet with leading zero", null);
                }
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) {
                    throw new ParseException(in, "IPv4 field has value >255", null);
                }
            } else if (c == '.') {
                if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.') {
                    throw new ParseException(in, "IPv4 field must have at least one digit", s.substring(i));
                }
                if (pos == 3) {
                    throw new ParseException(in, "IPv4 address too long", null);
                }
                fields[at + pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                throw new ParseException(in, "unexpected character", s.substring(i));
            }
        }
        if (pos < 3) {
            throw new ParseException(in, "IPv4 address too short", null);
        }
        fields[at + 3] = (byte) val;
    }

    private static IpAddress parseIpv6(String in) throws ParseException {
        String s = in;
        String zone = "";
        int percent = s.indexOf('%');
        if (percent >= 0) {
            zone = s.substring(percent + 1);
            s = s.substring(0, percent);
            if (zone.isEmpty()) {
                throw new ParseException(in, "zone must be a non-empty string", null);
            }
        }
        byte[] ip = new byte[16];
        int ellipsis = -1;
        if (s.startsWith("::")) {
            ellipsis = 0;
            s = s.substring(2);
            if (s.isEmpty()) {
                return new IpAddress(ip, zone);
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            for (; off < s.length(); off++) {
                int d = Character.digit(s.charAt(off), 16);
                if (d < 0 || s.charAt(off) > 'f') {
                    break;
                }
                acc = (acc << 4) + d;
                if (off > 3) {
                    throw new ParseException(in, "each group must have 4 or less digits", s);
                }
                if (acc > 0xffff) {
                    throw new ParseException(in, "IPv6 field has value >=2^16", s);
                }
            }
            if (off == 0) {
                throw new ParseException(in, "each colon-separated field must have at least one digit", s);
            }
            if (off < s.length() && s.charAt(off) == '.') {
                if (ellipsis < 0 && i != 12) {
                    throw new ParseException(in,
                            "embedded IPv4 address must replace the final 2 fields of the address", s);
                }
                if (i + 4 > 16) {
                    throw new ParseException(in,
                            "too many hex fields to fit an embedded IPv4 at the end of the address", s);
                }
                int end = in.length() - (zone.isEmpty() ? 0 : zone.length() + 1);
                parseIpv4Fields(in, end - s.length(), end, ip, i);
                s = "";
                i += 4;
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            s = s.substring(off);
            if (s.isEmpty()) {
                break;
            }
            if (s.charAt(0) != ':') {
                throw new ParseException(in, "unexpected character, want colon", s);
            } else if (s.length() == 1) {
                throw new ParseException(in, "colon must be followed by more characters", s);
            }
            s = s.substring(1);
            if (s.charAt(0) == ':') {
                if (ellipsis >= 0) {
                    throw new ParseException(in, "multiple :: in address", s);
                }
                ellipsis = i;
                s = s.substring(1);
                if (s.isEmpty()) {
                    break;
                }
            }
        }
        if (!s.isEmpty()) {
            throw new ParseException(in, "trailing garbage after address", s);
        }
        if (i < 16) {
            if (ellipsis < 0) {
                throw new ParseException(in, "address string too short", null);
            }
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) {
                ip[j + n] = ip[j];
            }
            Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
        } else if (ellipsis >= 0) {
            throw new ParseException(in, "the :: must expand to at least one field of zeros", s);
        }
        return new IpAddress(ip, zone);
    }

    static IpAddress of(byte[] bytes) {
        return new IpAddress(bytes.clone(), "");
    }

    byte[] bytes() {
        return bytes.clone();
    }

    public String zone() {
        return zone;
    }

    public boolean is4() {
        return bytes.length == 4;
    }

    /** Addr.Is4In6: an IPv6 address of the form ::ffff:a.b.c.d. */
    public boolean is4In6() {
        if (is4()) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    public int bitLength() {
        return bytes.length * 8;
    }

    public boolean isUnspecified() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isLoopback() {
        if (is4()) {
            return bytes[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    public boolean isMulticast() {
        return is4() ? (bytes[0] & 0xf0) == 0xe0 : bytes[0] == (byte) 0xff;
    }

    public boolean isLinkLocalMulticast() {
        return is4() ? bytes[0] == (byte) 224 && bytes[1] == 0 && bytes[2] == 0
                : bytes[0] == (byte) 0xff && (bytes[1] & 0x0f) == 0x02;
    }

    public boolean isLinkLocalUnicast() {
        return is4() ? bytes[0] == (byte) 169 && bytes[1] == (byte) 254
                : bytes[0] == (byte) 0xfe && (bytes[1] & 0xc0) == 0x80;
    }

    public boolean isGlobalUnicast() {
        if (is4()) {
            boolean broadcast = true;
            for (byte b : bytes) {
                broadcast &= b == (byte) 0xff;
            }
            if (broadcast) {
                return false;
            }
        }
        return !isUnspecified() && !isLoopback() && !isMulticast() && !isLinkLocalUnicast();
    }

    /** Addr.String: dotted decimal, or RFC 5952 IPv6 text with the longest run of zero groups as "::". */
    @Override
    public String toString() {
        if (is4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int g = 0; g < 8; ) {
            int end = g;
            while (end < 8 && group(end) == 0) {
                end++;
            }
            if (end - g > bestLength && end - g >= 2) {
                bestStart = g;
                bestLength = end - g;
            }
            g = end == g ? g + 1 : end;
        }
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(group(g)));
        }
        return zone.isEmpty() ? out.toString() : out + "%" + zone;
    }

    private int group(int g) {
        return (bytes[2 * g] & 0xff) << 8 | (bytes[2 * g + 1] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && Arrays.equals(bytes, a.bytes) && zone.equals(a.zone);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + zone.hashCode();
    }
}
