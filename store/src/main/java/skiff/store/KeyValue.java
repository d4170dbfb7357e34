package skiff.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One stored key at one revision: the value written, the revision that created the key and the
 * revision of its latest write.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue other
                && key.equals(other.key)
                && createRevision == other.createRevision
                && modRevision == other.modRevision
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " create=" + createRevision + " mod=" + modRevision + " " + value.length + "B]";
    }
}
