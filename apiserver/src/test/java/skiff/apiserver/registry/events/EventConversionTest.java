package skiff.apiserver.registry.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 and events.k8s.io/v1 Events, as k/k pkg/apis/events/v1/conversion.go (1.32) converts them. */
class EventConversionTest {
    private static final String CORE = """
            {"kind":"Event","apiVersion":"v1",
             "metadata":{"name":"web.1","namespace":"default","uid":"u-1","resourceVersion":"7"},
             "involvedObject":{"kind":"Pod","namespace":"default","name":"web","uid":"p-1","apiVersion":"v1",
                               "resourceVersion":"3","fieldPath":"spec.containers{web}"},
             "reason":"Started","message":"Started container web",
             "source":{"component":"kubelet","host":"node-1"},
             "firstTimestamp":"2026-03-01T10:00:00Z","lastTimestamp":"2026-03-01T10:05:00Z","count":3,
             "type":"Normal","eventTime":"2026-03-01T10:00:00.123456Z",
             "series":{"count":2,"lastObservedTime":"2026-03-01T10:05:00.000001Z"},
             "action":"Starting","related":{"kind":"Node","name":"node-1"},
             "reportingComponent":"kubelet","reportingInstance":"node-1"}""";

    private static final String EVENTS = """
            {"kind":"Event","apiVersion":"events.k8s.io/v1",
             "metadata":{"name":"web.1","namespace":"default","uid":"u-1","resourceVersion":"7"},
             "eventTime":"2026-03-01T10:00:00.123456Z",
             "series":{"count":2,"lastObservedTime":"2026-03-01T10:05:00.000001Z"},
             "reportingController":"kubelet","reportingInstance":"node-1","action":"Starting","reason":"Started",
             "regarding":{"kind":"Pod","namespace":"default","name":"web","uid":"p-1","apiVersion":"v1",
                          "resourceVersion":"3","fieldPath":"spec.containers{web}"},
             "related":{"kind":"Node","name":"node-1"},"note":"Started container web","type":"Normal",
             "deprecatedSource":{"component":"kubelet","host":"node-1"},
             "deprecatedFirstTimestamp":"2026-03-01T10:00:00Z","deprecatedLastTimestamp":"2026-03-01T10:05:00Z",
             "deprecatedCount":3}""";

    @Test
    void aCoreEventIsServedWithEveryFieldUnderItsEventsName() {
        ObjectNode served = EventConversion.INSTANCE.toServed(json(CORE));

        assertThat(served).isEqualTo(json(EVENTS));
        assertThat(fieldNames(served)).containsExactly("kind", "apiVersion", "metadata", "eventTime", "series",
                "reportingController", "reportingInstance", "action", "reason", "regarding", "related", "note",
                "type", "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount");
    }

    @Test
    void anEventsEventIsStoredWithEveryFieldUnderItsCoreName() {
        ObjectNode stored = EventConversion.INSTANCE.toStored(json(EVENTS));

        assertThat(stored).isEqualTo(json(CORE));
        assertThat(fieldNames(stored)).containsExactly("kind", "apiVersion", "metadata", "involvedObject", "reason",
                "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "series",
                "action", "related", "reportingComponent", "reportingInstance");
    }

    @Test
    void bothWaysRoundTripAndLeaveTheirInputAlone() {
        ObjectNode core = json(CORE);
        ObjectNode events = json(EVENTS);

        assertThat(EventConversion.INSTANCE.toStored(EventConversion.INSTANCE.toServed(core))).isEqualTo(json(CORE));
        assertThat(EventConversion.INSTANCE.toServed(EventConversion.INSTANCE.toStored(events)))
                .isEqualTo(json(EVENTS));
        assertThat(core).isEqualTo(json(CORE));
        assertThat(events).isEqualTo(json(EVENTS));
    }

    @Test
    void absentFieldsStayAbsent() {
        ObjectNode served = EventConversion.INSTANCE.toServed(json("""
                {"kind":"Event","apiVersion":"v1","metadata":{"name":"e"},"message":"hi"}"""));

        assertThat(served).isEqualTo(json("""
                {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"e"},"note":"hi"}"""));
    }

    @ParameterizedTest
    @CsvSource({
        "regarding.kind, involvedObject.kind",
        "regarding.namespace, involvedObject.namespace",
        "regarding.name, involvedObject.name",
        "regarding.uid, involvedObject.uid",
        "regarding.apiVersion, involvedObject.apiVersion",
        "regarding.resourceVersion, involvedObject.resourceVersion",
        "regarding.fieldPath, involvedObject.fieldPath",
        "reportingController, reportingComponent",
        "reason, reason",
        "source, source",
        "type, type",
        "metadata.name, metadata.name",
        "metadata.namespace, metadata.namespace"})
    void fieldLabelsSelectTheCoreFields(String label, String stored) {
        assertThat(EventConversion.INSTANCE.storedFieldLabel(label)).isEqualTo(stored);
    }

    private static List<String> fieldNames(ObjectNode o) {
        return o.propertyNames().stream().toList();
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
