package skiff.apiserver.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resources this server serves, grouped by API group and version in discovery order. */
public final class ResourceCatalog {
    private final List<ResourceDefinition> all;
    private final Map<String, ResourceDefinition> byGroupVersionResource = new LinkedHashMap<>();

    public ResourceCatalog(List<ResourceDefinition> definitions) {
        this.all = List.copyOf(definitions);
        for (ResourceDefinition d : all) {
            byGroupVersionResource.put(d.groupVersion() + "/" + d.resource(), d);
        }
    }

    public List<ResourceDefinition> all() {
        return all;
    }

    public Optional<ResourceDefinition> find(String group, String version, String resource) {
        String gv = group.isEmpty() ? version : group + "/" + version;
        return Optional.ofNullable(byGroupVersionResource.get(gv + "/" + resource));
    }

    /** Finds the definition for an object's apiVersion and kind. */
    public Optional<ResourceDefinition> findByKind(String apiVersion, String kind) {
        return all.stream().filter(d -> d.apiVersion().equals(apiVersion) && d.kind().equals(kind)).findFirst();
    }

    public boolean servesGroupVersion(String group, String version) {
        return all.stream().anyMatch(d -> d.group().equals(group) && d.version().equals(version));
    }

    /** Group names in discovery order, "" (core) first. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>();
        for (ResourceDefinition d : all) {
            if (!groups.contains(d.group())) {
                groups.add(d.group());
            }
        }
        return groups;
    }

    public List<ResourceDefinition> inGroupVersion(String group, String version) {
        return all.stream().filter(d -> d.group().equals(group) && d.version().equals(version)).toList();
    }

    public List<String> versions(String group) {
        return all.stream().filter(d -> d.group().equals(group)).map(ResourceDefinition::version).distinct().toList();
    }
}
