package skiff.apiserver.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources this server serves, grouped by API group and version in discovery order: the built-in ones, and
 * those CustomResourceDefinitions add and remove while the server runs (every read sees one consistent set).
 */
public final class ResourceCatalog {
    private volatile Snapshot snapshot;

    private record Snapshot(List<ResourceDefinition> all, Map<String, ResourceDefinition> byGroupVersionResource) {
        static Snapshot of(List<ResourceDefinition> definitions) {
            Map<String, ResourceDefinition> index = new LinkedHashMap<>();
            for (ResourceDefinition d : definitions) {
                index.put(d.groupVersion() + "/" + d.resource(), d);
            }
            return new Snapshot(List.copyOf(definitions), index);
        }
    }

    public ResourceCatalog(List<ResourceDefinition> definitions) {
        this.snapshot = Snapshot.of(definitions);
    }

    public List<ResourceDefinition> all() {
        return snapshot.all();
    }

    /** Serves {@code definitions} too, replacing any of the same group, version and resource. */
    public synchronized void add(List<ResourceDefinition> definitions) {
        List<ResourceDefinition> next = new ArrayList<>(snapshot.all());
        for (ResourceDefinition d : definitions) {
            next.removeIf(e -> sameResource(e, d));
            next.add(d);
        }
        snapshot = Snapshot.of(next);
    }

    /** Stops serving {@code definitions}. */
    public synchronized void remove(List<ResourceDefinition> definitions) {
        List<ResourceDefinition> next = new ArrayList<>(snapshot.all());
        next.removeAll(definitions);
        snapshot = Snapshot.of(next);
    }

    private static boolean sameResource(ResourceDefinition a, ResourceDefinition b) {
        return a.groupVersion().equals(b.groupVersion()) && a.resource().equals(b.resource());
    }

    public Optional<ResourceDefinition> find(String group, String version, String resource) {
        String gv = group.isEmpty() ? version : group + "/" + version;
        return Optional.ofNullable(snapshot.byGroupVersionResource().get(gv + "/" + resource));
    }

    /** Finds the definition for an object's apiVersion and kind. */
    public Optional<ResourceDefinition> findByKind(String apiVersion, String kind) {
        return all().stream().filter(d -> d.apiVersion().equals(apiVersion) && d.kind().equals(kind)).findFirst();
    }

    public boolean servesGroupVersion(String group, String version) {
        return all().stream().anyMatch(d -> d.group().equals(group) && d.version().equals(version));
    }

    /** Group names in discovery order, "" (core) first. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>();
        for (ResourceDefinition d : all()) {
            if (!groups.contains(d.group())) {
                groups.add(d.group());
            }
        }
        return groups;
    }

    public List<ResourceDefinition> inGroupVersion(String group, String version) {
        return all().stream().filter(d -> d.group().equals(group) && d.version().equals(version)).toList();
    }

    public List<String> versions(String group) {
        return all().stream().filter(d -> d.group().equals(group)).map(ResourceDefinition::version).distinct()
                .toList();
    }
}
