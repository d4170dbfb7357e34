package skiff.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for discovery.k8s.io/v1 endpoint slices: {@code NAME ADDRESSTYPE PORTS ENDPOINTS AGE}. */
final class EndpointSliceTableConvertor implements TableConvertor {
    private static final int SHOWN = 3;
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("AddressType", "Kind of address the slice holds: IPv4, IPv6 or FQDN."),
            Columns.string("Ports", "Ports of the slice, the first three shown."),
            Columns.string("Endpoints", "Endpoint addresses, the first three shown."),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode slice, Instant now) {
        return List.of(
                WireValues.name(slice),
                WireValues.string(slice.path("addressType")),
                shortList(ports(slice)),
                shortList(addresses(slice)),
                Age.of(slice, now));
    }

    // k/k pkg/printers/internalversion/printers.go formatDiscoveryPorts: the port number, else its name, else *.
    private static List<String> ports(JsonNode slice) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : WireValues.items(slice.path("ports"))) {
            if (port.path("port").isIntegralNumber()) {
                ports.add(Long.toString(port.path("port").longValue()));
            } else if (port.path("name").isString()) {
                ports.add(port.path("name").stringValue());
            } else {
                ports.add("*");
            }
        }
        return ports;
    }

    private static List<String> addresses(JsonNode slice) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode endpoint : WireValues.items(slice.path("endpoints"))) {
            for (JsonNode address : WireValues.items(endpoint.path("addresses"))) {
                addresses.add(WireValues.string(address));
            }
        }
        return addresses;
    }

    // k/k pkg/printers/internalversion/printers.go listWithMoreString: the first three comma-joined, then
    // "+ N more..."; nothing to show prints <unset>.
    private static String shortList(List<String> values) {
        String joined = String.join(",", values.subList(0, Math.min(SHOWN, values.size())));
        if (values.size() > SHOWN) {
            return joined + " + " + (values.size() - SHOWN) + " more...";
        }
        return joined.isEmpty() ? Placeholders.UNSET : joined;
    }
}
