package skiff.controllers.statefulset;

import java.nio.charset.StandardCharsets;

/**
 * Names ControllerRevisions as k/k pkg/controller/history/controller_history.go does: the FNV-1 32-bit hash of the
 * revision's data and, when set, the collision count, written in decimal and then mapped onto a consonant-and-digit
 * alphabet (k8s.io/apimachinery util/rand SafeEncodeString) so that it never spells words.
 */
final class ControllerRevisionHash {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    // k/k controller_history.go ControllerRevisionName: long parent names are cut so the name stays valid.
    private static final int MAX_PREFIX = 223;

    private ControllerRevisionHash() {}

    static String hash(byte[] data, Integer collisionCount) {
        int h = FNV_OFFSET;
        h = fnv1(h, data);
        if (collisionCount != null) {
            h = fnv1(h, String.valueOf(collisionCount).getBytes(StandardCharsets.UTF_8));
        }
        String decimal = Integer.toUnsignedString(h);
        StringBuilder out = new StringBuilder(decimal.length());
        for (int i = 0; i < decimal.length(); i++) {
            out.append(ALPHABET.charAt(decimal.charAt(i) % ALPHABET.length()));
        }
        return out.toString();
    }

    static String name(String parent, String hash) {
        String prefix = parent.length() > MAX_PREFIX ? parent.substring(0, MAX_PREFIX) : parent;
        return prefix + "-" + hash;
    }

    private static int fnv1(int h, byte[] bytes) {
        for (byte b : bytes) {
            h *= FNV_PRIME;
            h ^= (b & 0xff);
        }
        return h;
    }
}
