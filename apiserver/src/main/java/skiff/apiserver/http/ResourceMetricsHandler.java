package skiff.apiserver.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.resourcemetrics.MetricsStore;
import skiff.apiserver.resourcemetrics.PodRef;
import skiff.apiserver.resourcemetrics.Quantities;
import skiff.apiserver.resourcemetrics.Usage;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import skiff.apiserver.table.TableBuilder;
import skiff.apiserver.table.TableConvertors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code metrics.k8s.io/v1beta1} nodes and pods, as metrics-server serves them (pkg/api/node.go, pod.go): get and
 * list, with label and field selectors applied to the Nodes and Pods themselves; an object appears only when two
 * readings give its usage. A missing Node or Pod is the NotFound of the lister, one without usage the NotFound of
 * nodemetrics or podmetrics; lists are sorted by namespace and name. Tables have metrics-server's columns.
 */
final class ResourceMetricsHandler {
    private static final String GROUP = "metrics.k8s.io";

    private final Registries storages;
    private final MetricsStore metrics;
    private final Clock clock;

    ResourceMetricsHandler(Registries storages, MetricsStore metrics, Clock clock) {
        this.storages = storages;
        this.metrics = metrics;
        this.clock = clock;
    }

    void handle(Exchange ex, RequestTarget.Resource target) {
        ResourceDefinition def = target.definition();
        if (!ex.method().equals("GET") || target.subresource() != null || ex.flag("watch")) {
            throw SubresourceHandler.methodNotAllowed();
        }
        boolean nodes = def.resource().equals("nodes");
        ResourceStorage objects = storages.forResource(storages.catalog().find("", "v1", def.resource()).orElseThrow());
        if (!target.collection()) {
            ObjectNode object = objects.find(target.namespace(), target.name()).orElseThrow(() ->
                    // client-go listers: NewNotFound(v1.Resource("node")); the metadata lister's is "pods".
                    StatusException.notFound("", nodes ? "node" : "pods", target.name()));
            String missing = nodes ? target.name() : target.namespace() + "/" + target.name();
            ObjectNode answer = render(def, object).orElseThrow(() ->
                    StatusException.notFound(GROUP, nodes ? "nodemetrics" : "podmetrics", missing));
            Representation rep = Representation.from(ex.header("Accept"));
            ex.sendJson(200, rep == Representation.TABLE ? TableBuilder.table(TableConvertors.forResource(GROUP,
                    def.resource()), answer, clock.now(), Representation.includeObject(ex.param("includeObject")))
                    : answer);
            return;
        }
        ListOptions requested = RequestOptions.list(ex, def);
        ListOptions selectors = new ListOptions(requested.labelSelector(), requested.fieldSelector(), "", "", 0,
                null, false, 0);
        List<JsonNode> found = new ArrayList<>();
        objects.list(target.namespace(), selectors).items().stream()
                .sorted(Comparator.comparing((ObjectNode o) -> StoredObjects.namespace(o) == null ? ""
                        : StoredObjects.namespace(o)).thenComparing(StoredObjects::name))
                .forEach(o -> render(def, o).ifPresent(found::add));
        if (Representation.from(ex.header("Accept")) == Representation.TABLE) {
            ex.sendJson(200, TableBuilder.table(TableConvertors.forResource(GROUP, def.resource()), found, null,
                    null, clock.now(), Representation.includeObject(ex.param("includeObject"))));
            return;
        }
        ObjectNode list = Json.object();
        list.put("kind", def.kind() + "List");
        list.put("apiVersion", def.apiVersion());
        list.putObject("metadata");
        found.forEach(list.putArray("items")::add);
        ex.sendJson(200, list);
    }

    private Optional<ObjectNode> render(ResourceDefinition def, ObjectNode object) {
        String name = StoredObjects.name(object);
        if (def.resource().equals("nodes")) {
            return metrics.node(name).map(usage -> {
                ObjectNode out = head(def, object);
                times(out, usage);
                usage(out.putObject("usage"), usage);
                return out;
            });
        }
        return metrics.pod(new PodRef(StoredObjects.namespace(object), name)).map(pod -> {
            ObjectNode out = head(def, object);
            times(out, pod.earliest());
            ArrayNode containers = out.putArray("containers");
            for (MetricsStore.ContainerUsage c : pod.containers()) {
                ObjectNode container = containers.addObject();
                container.put("name", c.name());
                usage(container.putObject("usage"), c.usage());
            }
            return out;
        });
    }

    private ObjectNode head(ResourceDefinition def, ObjectNode object) {
        ObjectNode out = Json.object();
        out.put("kind", def.kind());
        out.put("apiVersion", def.apiVersion());
        ObjectNode meta = out.putObject("metadata");
        meta.put("name", StoredObjects.name(object));
        if (def.namespaced()) {
            meta.put("namespace", StoredObjects.namespace(object));
        }
        meta.put("creationTimestamp", time(clock.now()));
        JsonNode labels = object.path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) {
            meta.set("labels", labels.deepCopy());
        }
        return out;
    }

    private static void times(ObjectNode out, Usage usage) {
        out.put("timestamp", time(usage.timestamp()));
        out.put("window", goDuration(usage.window()));
    }

    private static void usage(ObjectNode out, Usage usage) {
        out.put("cpu", Quantities.nanos(usage.cpuNanoCores()));
        out.put("memory", Quantities.bytes(usage.memoryBytes()));
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // metav1.Duration marshals as Go's time.Duration String: "15.004s", "1m0.5s", "1h2m3s".
    static String goDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (nanos < 0) {
            out.append('-');
            nanos = -nanos;
        }
        if (nanos < 1_000_000_000L) {
            // Go prints sub-second durations in the largest unit that keeps them >= 1: ms, µs or ns.
            String[] units = {"ns", "µs", "ms"};
            long[] scale = {1, 1_000, 1_000_000};
            int u = nanos >= 1_000_000 ? 2 : nanos >= 1_000 ? 1 : 0;
            return out.append(fraction(nanos, scale[u])).append(units[u]).toString();
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        long rest = nanos % 60_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(fraction(rest, 1_000_000_000L)).append('s').toString();
    }

    private static String fraction(long value, long unit) {
        String whole = Long.toString(value / unit);
        long remainder = value % unit;
        if (remainder == 0) {
            return whole;
        }
        String digits = String.format("%0" + Long.toString(unit).length() + "d", remainder).substring(1);
        return whole + "." + digits.replaceAll("0+$", "");
    }
}
