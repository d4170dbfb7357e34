package skiff.apiserver.table;

/**
 * Where an event's printed fields live in one wire version. core/v1 and events.k8s.io/v1 store the same event
 * under different names, and Kubernetes prints both from the one internal type.
 */
// k/k pkg/apis/events/v1/conversion.go Convert_v1_Event_To_core_Event: regarding, note, deprecatedSource and the
// deprecated timestamps and count map onto the core fields.
record EventFields(
        String involvedObject,
        String message,
        String source,
        String firstTimestamp,
        String lastTimestamp,
        String count,
        String reportingController) {

    static final EventFields CORE_V1 = new EventFields(
            "involvedObject", "message", "source", "firstTimestamp", "lastTimestamp", "count", "reportingComponent");

    static final EventFields EVENTS_V1 = new EventFields(
            "regarding",
            "note",
            "deprecatedSource",
            "deprecatedFirstTimestamp",
            "deprecatedLastTimestamp",
            "deprecatedCount",
            "reportingController");
}
