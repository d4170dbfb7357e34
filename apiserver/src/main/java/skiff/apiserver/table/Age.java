package skiff.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The time elapsed since a timestamp, as the AGE-like cells show it. */
final class Age {
    private Age() {}

    // k/k pkg/printers/internalversion/printers.go translateTimestampSince: a missing timestamp reads <unknown>.
    static String since(Optional<Instant> timestamp, Instant now) {
        return timestamp.map(time -> HumanDuration.format(Duration.between(time, now))).orElse(Placeholders.UNKNOWN);
    }

    static String since(JsonNode timestamp, Instant now) {
        return since(WireValues.time(timestamp), now);
    }

    /** The age of an object, from {@code metadata.creationTimestamp}. */
    static String of(JsonNode object, Instant now) {
        return since(object.path("metadata").path("creationTimestamp"), now);
    }
}
