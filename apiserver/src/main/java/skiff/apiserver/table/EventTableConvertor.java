package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for events, core/v1 or events.k8s.io/v1: {@code LAST SEEN TYPE REASON OBJECT MESSAGE}, plus
 * subobject, source, first seen, count and name when wide.
 */
final class EventTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.string("Last Seen", "Time since the event was last observed."),
            Columns.string("Type", "Type of the event, Normal or Warning."),
            Columns.string("Reason", "Short, machine-readable reason for the event."),
            Columns.string("Object", "Object the event is about, as kind/name."),
            Columns.wide("Subobject", "Part of the object the event is about, such as one of a pod's containers."),
            Columns.wide("Source", "Component, and host, that reported the event."),
            Columns.string("Message", "Human-readable description of the event."),
            Columns.wide("First Seen", "Time since the event was first observed."),
            Columns.wide("Count", "Number of times the event has occurred."),
            new ColumnDefinition("Name", "string", "name", Columns.NAME.description(), 1));

    private final EventFields fields;

    EventTableConvertor(EventFields fields) {
        this.fields = fields;
    }

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printEvent: first seen falls back to eventTime; last seen falls
    // back to first seen, and a series overrides it and the count; a singleton event without a count counts 1.
    @Override
    public List<Object> cells(JsonNode event, Instant now) {
        Optional<Instant> first = WireValues.time(event.path(fields.firstTimestamp()));
        String firstSeen = first.isPresent() ? Age.since(first, now) : Age.since(event.path("eventTime"), now);
        Optional<Instant> last = WireValues.time(event.path(fields.lastTimestamp()));
        String lastSeen = last.isPresent() ? Age.since(last, now) : firstSeen;
        long count = WireValues.integer(event.path(fields.count()));
        JsonNode series = event.path("series");
        if (!series.isMissingNode() && !series.isNull()) {
            lastSeen = Age.since(series.path("lastObservedTime"), now);
            count = WireValues.integer(series.path("count"));
        } else if (count == 0) {
            count = 1;
        }
        JsonNode involved = event.path(fields.involvedObject());
        return List.of(
                lastSeen,
                WireValues.string(event.path("type")),
                WireValues.string(event.path("reason")),
                target(involved),
                WireValues.string(involved.path("fieldPath")),
                source(event),
                WireValues.string(event.path(fields.message())).strip(),
                firstSeen,
                count,
                WireValues.name(event));
    }

    private static String target(JsonNode involved) {
        String kind = WireValues.string(involved.path("kind")).toLowerCase(Locale.ROOT);
        String name = WireValues.string(involved.path("name"));
        return name.isEmpty() ? kind : kind + "/" + name;
    }

    // k/k pkg/printers/internalversion/printers.go formatEventSource: component (else the reporting controller),
    // then ", host" (else the reporting instance) when there is one.
    private String source(JsonNode event) {
        JsonNode source = event.path(fields.source());
        String component = firstNonEmpty(
                WireValues.string(source.path("component")), WireValues.string(event.path(fields.reportingController())));
        String instance = firstNonEmpty(
                WireValues.string(source.path("host")), WireValues.string(event.path("reportingInstance")));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String first, String second) {
        return first.isEmpty() ? second : first;
    }
}
