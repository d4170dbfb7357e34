package skiff.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 endpoints: {@code NAME ENDPOINTS AGE}. */
final class EndpointsTableConvertor implements TableConvertor {
    private static final int SHOWN = 3;
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME, Columns.string("Endpoints", "Endpoint addresses with their ports, the first three shown."), Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode endpoints, Instant now) {
        return List.of(WireValues.name(endpoints), format(endpoints), Age.of(endpoints, now));
    }

    // k/k pkg/printers/internalversion/printers.go formatEndpoints: no subsets prints <none>; otherwise every
    // address, once per port of its subset (once if the subset has no ports), counts; the first three print as
    // ip:port (or ip) and the rest as "+ N more...".
    static String format(JsonNode endpoints) {
        List<JsonNode> subsets = WireValues.items(endpoints.path("subsets"));
        if (subsets.isEmpty()) {
            return Placeholders.NONE;
        }
        List<String> shown = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (JsonNode subset : subsets) {
            List<JsonNode> addresses = WireValues.items(subset.path("addresses"));
            List<JsonNode> ports = WireValues.items(subset.path("ports"));
            List<String> suffixes = new ArrayList<>();
            if (ports.isEmpty()) {
                suffixes.add(null);
            }
            for (JsonNode port : ports) {
                suffixes.add(Long.toString(WireValues.integer(port.path("port"))));
            }
            for (String port : suffixes) {
                count += addresses.size();
                for (JsonNode address : addresses) {
                    if (shown.size() == SHOWN) {
                        more = true;
                        break;
                    }
                    String ip = WireValues.string(address.path("ip"));
                    shown.add(port == null ? ip : hostPort(ip, port));
                }
            }
        }
        String joined = String.join(",", shown);
        return more ? joined + " + " + (count - SHOWN) + " more..." : joined;
    }

    // Go net.JoinHostPort: an IPv6 host is bracketed.
    private static String hostPort(String host, String port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
