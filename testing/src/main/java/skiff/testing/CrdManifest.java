package skiff.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The YAML of an apiextensions.k8s.io/v1 CustomResourceDefinition for tests and benchmarks: the names, scope and
 * conversion every CRD spells out the same way, with each version's own YAML (schema, subresources, columns) as the
 * test writes it. Unless said otherwise, the first version added is the storage version and every version is served.
 *
 * @param scope Namespaced or Cluster
 * @param versions each version's YAML, from {@code - name: ...}, indented for {@code spec.versions}
 * @param conversion the {@code spec.conversion} YAML, indented for it, or empty
 */
public record CrdManifest(String group, String plural, String kind, String singular, String scope,
        List<String> shortNames, List<String> categories, List<String> versions, String conversion) {

    public CrdManifest {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        versions = List.copyOf(versions);
    }

    /** A Namespaced CRD {@code plural.group} of {@code kind}, with no version yet. */
    public static CrdManifest of(String group, String plural, String kind) {
        return new CrdManifest(group, plural, kind, "", "Namespaced", List.of(), List.of(), List.of(), "");
    }

    /** {@code metadata.name}: {@code plural.group}. */
    public String name() {
        return plural + "." + group;
    }

    public CrdManifest clusterScoped() {
        return new CrdManifest(group, plural, kind, singular, "Cluster", shortNames, categories, versions, conversion);
    }

    public CrdManifest singular(String name) {
        return new CrdManifest(group, plural, kind, name, scope, shortNames, categories, versions,
                conversion);
    }

    public CrdManifest shortNames(String... names) {
        return new CrdManifest(group, plural, kind, singular, scope, List.of(names), categories, versions,
                conversion);
    }

    public CrdManifest categories(String... names) {
        return new CrdManifest(group, plural, kind, singular, scope, shortNames, List.of(names), versions,
                conversion);
    }

    /**
     * With a served version {@code name} (the storage version if it is the first) whose other fields are
     * {@code fields}: YAML as under a version, such as {@code schema:}, {@code subresources:} or
     * {@code selectableFields:}, not indented.
     */
    public CrdManifest version(String name, String fields) {
        return version(name, true, versions.isEmpty(), fields);
    }

    /** With a version {@code name}, {@code served} and {@code storage} as given, its other fields as above. */
    public CrdManifest version(String name, boolean served, boolean storage, String fields) {
        List<String> more = new ArrayList<>(versions);
        more.add("- name: " + name + "\n  served: " + served + "\n  storage: " + storage + "\n"
                + indent(fields, 2));
        return new CrdManifest(group, plural, kind, singular, scope, shortNames, categories, more,
                conversion);
    }

    /** With a version whose only other field is the schema {@code openAPIV3Schema} (YAML, not indented). */
    public CrdManifest schemaVersion(String name, String openApiV3Schema) {
        return version(name, schema(openApiV3Schema));
    }

    /** A version's {@code schema} field holding {@code openApiV3Schema} (YAML, not indented). */
    public static String schema(String openApiV3Schema) {
        return "schema:\n  openAPIV3Schema:\n" + indent(openApiV3Schema, 4);
    }

    /** Converted by the webhook at {@code url}, trusted by {@code caBundle}, with ConversionReviews v1. */
    public CrdManifest conversionWebhook(String url, String caBundle) {
        return new CrdManifest(group, plural, kind, singular, scope, shortNames, categories, versions,
                "strategy: Webhook\nwebhook:\n  clientConfig: {url: \"" + url + "\", caBundle: " + caBundle
                        + "}\n  conversionReviewVersions: [v1]\n");
    }

    public String yaml() {
        StringBuilder names = new StringBuilder("plural: " + plural + ", kind: " + kind);
        if (!singular.isEmpty()) {
            names.append(", singular: ").append(singular);
        }
        if (!shortNames.isEmpty()) {
            names.append(", shortNames: [").append(String.join(", ", shortNames)).append("]");
        }
        if (!categories.isEmpty()) {
            names.append(", categories: [").append(String.join(", ", categories)).append("]");
        }
        return "apiVersion: apiextensions.k8s.io/v1\n"
                + "kind: CustomResourceDefinition\n"
                + "metadata: {name: " + name() + "}\n"
                + "spec:\n"
                + "  group: " + group + "\n"
                + "  scope: " + scope + "\n"
                + "  names: {" + names + "}\n"
                + (conversion.isEmpty() ? "" : "  conversion:\n" + indent(conversion, 4))
                + "  versions:\n" + versions.stream().map(v -> indent(v, 2)).collect(Collectors.joining());
    }

    private static String indent(String yaml, int spaces) {
        String pad = " ".repeat(spaces);
        return yaml.stripTrailing().lines().map(l -> l.isBlank() ? "\n" : pad + l + "\n")
                .collect(Collectors.joining());
    }
}
