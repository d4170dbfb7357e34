package skiff.apiserver.fieldmanager;

import skiff.api.validation.GoJson;
import skiff.api.validation.GoQuotedString;

/**
 * Who owns a set of fields: a manager name with the operation it used, and for updates the API version and for
 * subresource writes the subresource (k/k apimachinery util/managedfields/internal/managedfields.go
 * BuildManagerIdentifier: appliers are identified without their API version, so each apply replaces the last).
 *
 * @param apiVersion the version of an update, "" for an applier
 * @param subresource "" for the main resource
 */
public record ManagerId(String manager, Operation operation, String apiVersion, String subresource) {

    /** The two kinds of writes managedFields distinguish. */
    public enum Operation {
        APPLY("Apply"), UPDATE("Update");

        private final String wire;

        Operation(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Operation fromWire(String value) {
            for (Operation o : values()) {
                if (o.wire.equals(value)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("operation must be `Apply` or `Update`");
        }
    }

    public ManagerId {
        apiVersion = operation == Operation.APPLY || apiVersion == null ? "" : apiVersion;
        subresource = subresource == null ? "" : subresource;
    }

    public static ManagerId applier(String manager, String subresource) {
        return new ManagerId(manager, Operation.APPLY, "", subresource);
    }

    public static ManagerId updater(String manager, String apiVersion, String subresource) {
        return new ManagerId(manager, Operation.UPDATE, apiVersion, subresource);
    }

    /**
     * The identifier Kubernetes keys managers by: the entry without fields and time, as JSON (managedfields.go
     * BuildManagerIdentifier). Conflicts are listed in its order.
     */
    public String identifier() {
        StringBuilder out = new StringBuilder("{");
        if (!manager.isEmpty()) {
            out.append("\"manager\":").append(GoJson.of(manager)).append(',');
        }
        out.append("\"operation\":\"").append(operation.wire()).append('"');
        if (!apiVersion.isEmpty()) {
            out.append(",\"apiVersion\":").append(GoJson.of(apiVersion));
        }
        if (!subresource.isEmpty()) {
            out.append(",\"subresource\":").append(GoJson.of(subresource));
        }
        return out.append('}').toString();
    }

    // k/k apimachinery util/managedfields/internal/conflict.go printManager: the quoted name, the subresource, and
    // for an update the version it used.
    public String describe() {
        String text = GoQuotedString.of(manager);
        if (!subresource.isEmpty()) {
            text += " with subresource " + GoQuotedString.of(subresource);
        }
        return operation == Operation.UPDATE ? text + " using " + apiVersion : text;
    }
}
