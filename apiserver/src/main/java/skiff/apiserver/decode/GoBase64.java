package skiff.apiserver.decode;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * A []byte field's JSON string read as Go's encoding/json reads it, with base64.StdEncoding: padding is required,
 * carriage returns and newlines anywhere are skipped, and the first bad byte is reported as "illegal base64 data at
 * input byte N" (Go src/encoding/base64/base64.go decodeQuantum). Returns the canonical encoding of the bytes.
 */
final class GoBase64 {
    private GoBase64() {}

    static String canonical(String text) {
        return Base64.getEncoder().encodeToString(decode(text));
    }

    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] quantum = new int[4];
        int i = 0;
        int n = text.length();
        while (i < n) {
            int j = 0;
            int padded = -1;
            while (j < 4) {
                if (i == n) {
                    if (j == 0) {
                        return out.toByteArray();
                    }
                    throw illegal(i - j);
                }
                char c = text.charAt(i++);
                if (c == '\n' || c == '\r') {
                    continue;
                }
                int v = value(c);
                if (v >= 0) {
                    quantum[j++] = v;
                    continue;
                }
                if (c != '=' || j < 2) {
                    throw illegal(i - 1);
                }
                if (j == 2) {
                    i = skipNewlines(text, i);
                    if (i == n) {
                        throw illegal(n);
                    }
                    if (text.charAt(i) != '=') {
                        throw illegal(i - 1);
                    }
                    i++;
                }
                i = skipNewlines(text, i);
                if (i < n) {
                    throw illegal(i);
                }
                padded = j;
                break;
            }
            int length = padded < 0 ? 4 : padded;
            int bits = quantum[0] << 18 | quantum[1] << 12 | (length > 2 ? quantum[2] << 6 : 0)
                    | (length > 3 ? quantum[3] : 0);
            out.write(bits >> 16);
            if (length > 2) {
                out.write(bits >> 8 & 0xff);
            }
            if (length > 3) {
                out.write(bits & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static int skipNewlines(String text, int i) {
        while (i < text.length() && (text.charAt(i) == '\n' || text.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }

    private static DecodeError illegal(int at) {
        return new DecodeError("illegal base64 data at input byte " + at);
    }
}
