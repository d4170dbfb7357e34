package skiff.kubelet.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One record of a CRI log file: {@code TIMESTAMP STREAM TAG MESSAGE}, the timestamp RFC 3339 with nanoseconds, the
 * stream {@code stdout} or {@code stderr}, the tag {@code F} for a full line or {@code P} for a partial one whose
 * continuation follows in the next record (k/k pkg/kubelet/kuberuntime/logs/logs.go parseCRILog).
 *
 * @param message the message bytes, without the record's own newline
 */
public record CriLogRecord(Instant timestamp, String stream, boolean partial, byte[] message) {

    /** Parses one record (without its trailing newline); empty when it is not in the CRI format. */
    public static Optional<CriLogRecord> parse(byte[] line) {
        int first = indexOf(line, 0);
        int second = first < 0 ? -1 : indexOf(line, first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(new String(line, 0, first, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String stream = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return Optional.empty();
        }
        // The tag is optional in the oldest CRI logs; a record without it is a full line.
        int third = indexOf(line, second + 1);
        boolean tagged = third > 0 && (third - second - 1 == 1)
                && (line[second + 1] == 'F' || line[second + 1] == 'P');
        if (!tagged) {
            return Optional.of(new CriLogRecord(timestamp, stream, false,
                    Arrays.copyOfRange(line, second + 1, line.length)));
        }
        return Optional.of(new CriLogRecord(timestamp, stream, line[second + 1] == 'P',
                Arrays.copyOfRange(line, third + 1, line.length)));
    }

    /** What {@code kubectl logs} shows of this record: the message, and a newline unless it is a partial line. */
    public byte[] content() {
        if (partial) {
            return message;
        }
        byte[] out = Arrays.copyOf(message, message.length + 1);
        out[message.length] = '\n';
        return out;
    }

    private static int indexOf(byte[] line, int from) {
        for (int i = from; i < line.length; i++) {
            if (line[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
