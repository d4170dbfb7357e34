package skiff.apiserver.apiextensions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.apiserver.admission.webhook.WebhookPoster;
import skiff.apiserver.cache.CacheWatcher;
import skiff.apiserver.cache.WatcherTerminatedException;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's own CRD controllers, as kube-apiserver runs them in-process (k/k 1.32 apiextensions-apiserver
 * pkg/controller/status/naming_controller.go, pkg/controller/establish, pkg/controller/finalizer/crd_finalizer.go),
 * with the serving of what they accept (pkg/apiserver/customresource_handler.go): names are accepted unless another
 * CRD of the group uses them, an accepted CRD is Established and served at once, and a deleted CRD's objects are
 * deleted before its cleanup finalizer is removed and it stops being served. Every CRD event wakes it; it also
 * looks again every second while objects are being cleaned up.
 */
public final class CustomResourceController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceController.class);
    private static final Duration RESYNC = Duration.ofSeconds(1);
    private static final int REMEMBERED_CONVERSIONS = 4096;

    private final Registries registries;
    private final ResourceStorage crds;
    private final Clock clock;
    private final WebhookPoster webhooks;
    private final Map<String, Served> served = new HashMap<>();
    private volatile boolean closed;
    private Thread thread;

    /** What is served for one CRD, and from which state of it. */
    private record Served(JsonNode source, List<ResourceDefinition> definitions) {}

    public CustomResourceController(Registries registries, Clock clock) {
        this.registries = registries;
        this.crds = registries.forResource(CustomResourceDefinitions.definition());
        this.clock = clock;
        this.webhooks = new WebhookPoster(registries);
    }

    /** Serves the stored CRDs before returning, then follows their changes. */
    public void start() {
        reconcileAll();
        thread = Thread.ofPlatform().daemon().name("crd-controller").start(this::run);
    }

    private void run() {
        while (!closed) {
            try (CacheWatcher watcher = crds.watch(null, ListOptions.everything())) {
                while (!closed) {
                    watcher.next(RESYNC);
                    reconcileAll();
                }
            } catch (WatcherTerminatedException e) {
                LOG.debug("CRD watch ended, starting again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("CRD reconcile failed: {}", e.toString());
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RESYNC.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    synchronized void reconcileAll() {
        List<ObjectNode> all = crds.list(null, ListOptions.everything()).items();
        Set<String> names = new HashSet<>();
        for (ObjectNode crd : all) {
            names.add(StoredObjects.name(crd));
            try {
                reconcile(crd, all);
            } catch (StatusException e) {
                LOG.debug("CRD {}: {}", StoredObjects.name(crd), e.getMessage());
            }
        }
        for (String gone : new ArrayList<>(served.keySet())) {
            if (!names.contains(gone)) {
                stopServing(gone);
            }
        }
    }

    private void reconcile(ObjectNode crd, List<ObjectNode> all) {
        String name = StoredObjects.name(crd);
        if (crd.path("metadata").hasNonNull("deletionTimestamp")) {
            if (hasCleanupFinalizer(crd)) {
                cleanUp(crd);
            } else {
                stopServing(name);
            }
            return;
        }
        ObjectNode status = crd.path("status").isObject() ? ((ObjectNode) crd.get("status")).deepCopy()
                : crd.objectNode();
        ObjectNode wanted = crd.deepCopy();
        wanted.set("status", status);
        String conflict = NameConflicts.find(crd, all);
        String now = timestamp();
        if (conflict == null) {
            // naming_controller.go: the accepted names are the spec's names once nothing conflicts.
            wanted.withObject("status").set("acceptedNames", crd.path("spec").path("names").deepCopy());
            CrdConditions.set(wanted, CrdConditions.NAMES_ACCEPTED, "True", "NoConflicts", "no conflicts found", now);
            // establishing_controller.go: a CRD not yet Established waits for a valid conversion caBundle.
            boolean established = CrdConditions.isTrue(crd, CrdConditions.ESTABLISHED);
            if (!established && CaBundles.problem(CaBundles.of(crd.path("spec").path("conversion")
                    .path("webhook"))).isPresent()) {
                CrdConditions.set(wanted, CrdConditions.ESTABLISHED, "False", "InvalidCABundle",
                        "The conversion webhook CABundle is invalid", now);
            } else {
                CrdConditions.set(wanted, CrdConditions.ESTABLISHED, "True", "InitialNamesAccepted",
                        "the initial names have been accepted", now);
            }
        } else {
            CrdConditions.set(wanted, CrdConditions.NAMES_ACCEPTED, "False", conflict.startsWith("\"")
                    ? "PluralConflict" : "KindConflict", conflict, now);
        }
        if (!wanted.path("status").equals(crd.path("status"))) {
            ObjectNode newStatus = (ObjectNode) wanted.get("status");
            crds.modify(null, name, ObjectPart.STATUS, WriteOptions.DEFAULT, current -> {
                current.set("status", newStatus.deepCopy());
                return current;
            }, null);
        }
        if (CrdConditions.isTrue(wanted, CrdConditions.ESTABLISHED)) {
            serve(wanted, false);
        }
    }

    // crd_finalizer.go sync: Terminating while the objects are deleted, then the finalizer goes.
    private void cleanUp(ObjectNode crd) {
        String name = StoredObjects.name(crd);
        List<ResourceDefinition> definitions = serve(crd, true);
        String now = timestamp();
        setStatus(crd, CrdConditions.TERMINATING, "True", "InstanceDeletionInProgress",
                "CustomResource deletion is in progress", now);
        boolean empty = true;
        if (!definitions.isEmpty()) {
            ResourceStorage storage = registries.forResource(definitions.get(0));
            if (storage != null) {
                storage.deleteCollection(null, ListOptions.everything(), DeleteOptions.DEFAULT);
                empty = storage.list(null, ListOptions.everything()).items().isEmpty();
            }
        }
        if (!empty) {
            return;
        }
        setStatus(crd, CrdConditions.TERMINATING, "False", "InstanceDeletionCompleted", "removed all instances",
                now);
        stopServing(name);
        crds.modify(null, name, ObjectPart.MAIN, WriteOptions.DEFAULT, current -> {
            ArrayNode kept = current.arrayNode();
            for (JsonNode f : current.path("metadata").path("finalizers")) {
                if (!f.asString("").equals(CustomResourceDefinitions.CLEANUP_FINALIZER)) {
                    kept.add(f);
                }
            }
            current.withObject("metadata").set("finalizers", kept);
            return current;
        }, null);
    }

    private void setStatus(ObjectNode crd, String type, String status, String reason, String message, String now) {
        ObjectNode copy = crd.deepCopy();
        if (CrdConditions.set(copy, type, status, reason, message, now)) {
            crds.modify(null, StoredObjects.name(crd), ObjectPart.STATUS, WriteOptions.DEFAULT, current -> {
                CrdConditions.set(current, type, status, reason, message, now);
                return current;
            }, null);
        }
    }

    private static boolean hasCleanupFinalizer(JsonNode crd) {
        for (JsonNode f : crd.path("metadata").path("finalizers")) {
            if (f.asString("").equals(CustomResourceDefinitions.CLEANUP_FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    /** Serves every served version of {@code crd} under its accepted names; answers the definitions served. */
    private List<ResourceDefinition> serve(ObjectNode crd, boolean terminating) {
        String name = StoredObjects.name(crd);
        ObjectNode source = crd.objectNode();
        source.set("spec", crd.path("spec").deepCopy());
        source.set("acceptedNames", crd.path("status").path("acceptedNames").deepCopy());
        source.put("terminating", terminating);
        Served current = served.get(name);
        if (current != null && current.source().equals(source)) {
            return current.definitions();
        }
        if (current != null) {
            current.definitions().forEach(registries::stopServing);
        }
        List<ResourceDefinition> definitions = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        JsonNode names = crd.path("status").path("acceptedNames");
        if (names.path("plural").asString("").isEmpty()) {
            names = spec.path("names");
        }
        String group = spec.path("group").asString();
        String storageVersion = "";
        Map<String, StructuralSchema> schemas = new HashMap<>();
        for (JsonNode v : spec.path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                storageVersion = v.path("name").asString();
            }
            schemas.put(v.path("name").asString(), StructuralSchema.of(v.path("schema").path("openAPIV3Schema")));
        }
        CustomResourceConverter converter = converter(spec.path("conversion"));
        for (JsonNode v : ServedVersions.ordered(spec.path("versions"))) {
            String version = v.path("name").asString();
            definitions.add(serveVersion(group, names, spec.path("scope").asString(), v,
                    new CustomResourceConversion(group, version, storageVersion, schemas, converter),
                    ServedVersions.deprecationWarning(spec, v), terminating));
        }
        served.put(name, new Served(source, List.copyOf(definitions)));
        return definitions;
    }

    private CustomResourceConverter converter(JsonNode conversion) {
        if (conversion.path("strategy").asString("None").equals("Webhook")) {
            return new RememberedConversions(new ConversionWebhook(webhooks, conversion.path("webhook"),
                    () -> UUID.randomUUID().toString()), REMEMBERED_CONVERSIONS);
        }
        return CustomResourceConverter.NONE;
    }

    private ResourceDefinition serveVersion(String group, JsonNode names, String scope, JsonNode version,
            CustomResourceConversion conversion, String deprecationWarning, boolean terminating) {
        StructuralSchema schema = conversion.schemas().get(conversion.served());
        Optional<CelValidator> rules = CelValidator.of(schema);
        boolean status = version.path("subresources").path("status").isObject();
        String kind = names.path("kind").asString();
        ResourceDefinition.Builder builder = ResourceDefinition.builder(group, version.path("name").asString(),
                        names.path("plural").asString(), kind)
                .singular(names.path("singular").asString(kind.toLowerCase(java.util.Locale.ROOT)))
                .shortNames(strings(names.path("shortNames")))
                .categories(strings(names.path("categories")))
                .withGeneration()
                .keyedByGroup()
                .custom(new ServedVersion(names.path("listKind").asString(kind + "List"), schema, version,
                        deprecationWarning));
        Set<String> selectable = new HashSet<>();
        for (JsonNode f : version.path("selectableFields")) {
            selectable.add(f.path("jsonPath").asString("").replaceFirst("^\\.", ""));
        }
        builder.fieldLabels(selectable);
        if (scope.equals("Cluster")) {
            builder.clusterScoped();
        }
        if (status) {
            builder.withStatus();
        }
        ResourceDefinition def = builder.build();
        Map<ObjectPart, ResourceStrategy> subresources = new EnumMap<>(ObjectPart.class);
        if (status) {
            subresources.put(ObjectPart.STATUS, new CustomResourceStatusStrategy(schema, rules));
        }
        registries.serve(def, new CustomResourceStrategy(schema, rules, status, terminating), subresources,
                conversion);
        return def;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private void stopServing(String name) {
        Served s = served.remove(name);
        if (s != null) {
            s.definitions().forEach(registries::stopServing);
        }
    }

    private String timestamp() {
        return clock.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
