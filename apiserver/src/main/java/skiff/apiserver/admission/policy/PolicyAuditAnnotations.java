package skiff.apiserver.admission.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The audit annotations one policy's bindings produce for one request (k/k 1.32 apiserver
 * pkg/admission/plugin/policy/validating/dispatcher.go auditAnnotationCollector): each value cut to 10 KiB, the same
 * value from several bindings kept once, distinct values joined with ", ", published as {@code POLICY/KEY}.
 */
final class PolicyAuditAnnotations {
    // dispatcher.go maxAuditAnnotationValueLength, in bytes.
    private static final int MAX_VALUE_BYTES = 10 * 1024;

    private final String policyName;
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    PolicyAuditAnnotations(String policyName) {
        this.policyName = policyName;
    }

    void add(String key, String value) {
        List<String> seen = values.computeIfAbsent(key, k -> new ArrayList<>());
        String cut = cut(value);
        if (!seen.contains(cut)) {
            seen.add(cut);
        }
    }

    void publish(BiConsumer<String, String> annotations) {
        values.forEach((key, list) -> annotations.accept(policyName + "/" + key, String.join(", ", list)));
    }

    // Go slices the value's bytes; a character cut in two is dropped here rather than left half.
    private static String cut(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_VALUE_BYTES) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE)
                    .decode(ByteBuffer.wrap(bytes, 0, MAX_VALUE_BYTES)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
