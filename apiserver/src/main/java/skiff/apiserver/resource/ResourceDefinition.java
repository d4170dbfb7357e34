package skiff.apiserver.resource;

import java.util.List;
import java.util.Set;
import skiff.api.validation.NameRule;

/**
 * Everything the API server knows about one served resource: where it lives in the URL space and the store, how
 * discovery describes it, and which per-resource rules apply.
 *
 * @param group API group, "" for core
 * @param resource plural lower-case name used in URLs ("pods")
 * @param hasStatus whether the object has a status that only its status subresource writes
 * @param fieldLabels field selector labels this resource supports beyond metadata.name and metadata.namespace, as
 *     JSON paths in the object ("spec.nodeName")
 * @param hasGeneration whether the server maintains metadata.generation (bumped on spec changes)
 * @param allowCreateOnUpdate whether PUT to a missing object creates it
 * @param returnDeletedObject whether DELETE answers with the object instead of a success Status
 * @param nameRule how names are validated
 * @param keyPrefix store key prefix for all objects of this resource ("/registry/pods/"), as kube-apiserver lays
 *     them out ({@link StorageKeys}); a resource served over another's storage has that resource's prefix
 * @param verbs what discovery lists the resource as supporting: {@link #VERBS}, or only "create" for a review
 *     that is answered and never stored (TokenReview, SelfSubjectReview)
 * @param custom what a resource a CustomResourceDefinition serves brings of its own; null for built-in resources
 */
public record ResourceDefinition(
        String group,
        String version,
        String resource,
        String singular,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        boolean hasStatus,
        Set<String> fieldLabels,
        boolean hasGeneration,
        boolean allowCreateOnUpdate,
        boolean returnDeletedObject,
        NameRule nameRule,
        String keyPrefix,
        List<String> verbs,
        CustomResource custom) {

    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    public static final List<String> CREATE_ONLY = List.of("create");
    public static final List<String> GET_AND_LIST = List.of("get", "list");

    /** A review: created to be answered, never stored, never read back. */
    public boolean createOnly() {
        return verbs.equals(CREATE_ONLY);
    }

    /** Readings computed when asked and never stored (metrics.k8s.io): only get and list. */
    public boolean readOnly() {
        return verbs.equals(GET_AND_LIST);
    }

    /** Whether a CustomResourceDefinition serves this resource. */
    public boolean isCustom() {
        return custom != null;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String groupVersion() {
        return apiVersion();
    }

    public String listKind() {
        return custom != null ? custom.listKind() : kind + "List";
    }

    /** The resource as Kubernetes names it in messages: "pods", "replicasets.apps". */
    public String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    /** Store key prefix for the objects of one namespace, or of all when namespace is null. */
    public String keyPrefix(String namespace) {
        return namespace == null || !namespaced ? keyPrefix() : keyPrefix() + namespace + "/";
    }

    public String key(String namespace, String name) {
        return namespaced ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
    }

    public static Builder builder(String group, String version, String resource, String kind) {
        return new Builder(group, version, resource, kind);
    }

    /** Builds a definition with Kubernetes' usual defaults: namespaced, subdomain names, no status. */
    public static final class Builder {
        private final String group;
        private final String version;
        private final String resource;
        private final String kind;
        private boolean namespaced = true;
        private List<String> shortNames = List.of();
        private List<String> categories = List.of();
        private boolean hasStatus;
        private Set<String> fieldLabels = Set.of();
        private boolean hasGeneration;
        private boolean allowCreateOnUpdate;
        private boolean returnDeletedObject;
        private NameRule nameRule = NameRule.DNS1123_SUBDOMAIN;
        private String keyPrefix;
        private List<String> verbs = VERBS;
        private String singular;
        private CustomResource custom;

        private Builder(String group, String version, String resource, String kind) {
            this.group = group;
            this.version = version;
            this.resource = resource;
            this.kind = kind;
            this.keyPrefix = StorageKeys.builtIn(group, resource);
        }

        public Builder clusterScoped() {
            namespaced = false;
            return this;
        }

        public Builder shortNames(String... names) {
            shortNames = List.of(names);
            return this;
        }

        public Builder inCategoryAll() {
            categories = List.of("all");
            return this;
        }

        public Builder shortNames(List<String> names) {
            shortNames = List.copyOf(names);
            return this;
        }

        public Builder categories(String... names) {
            categories = List.of(names);
            return this;
        }

        public Builder categories(List<String> names) {
            categories = List.copyOf(names);
            return this;
        }

        /** The singular name, when it is not the lower-case kind. */
        public Builder singular(String name) {
            singular = name;
            return this;
        }

        public Builder fieldLabels(Set<String> labels) {
            fieldLabels = Set.copyOf(labels);
            return this;
        }

        /** Served for a CustomResourceDefinition, with {@code custom}'s decoding, table and scale. */
        public Builder custom(CustomResource resource) {
            custom = resource;
            return this;
        }

        public Builder withStatus() {
            hasStatus = true;
            return this;
        }

        public Builder fieldLabels(String... labels) {
            fieldLabels = Set.of(labels);
            return this;
        }

        public Builder withGeneration() {
            hasGeneration = true;
            return this;
        }

        public Builder allowCreateOnUpdate() {
            allowCreateOnUpdate = true;
            return this;
        }

        public Builder returnDeletedObject() {
            returnDeletedObject = true;
            return this;
        }

        public Builder names(NameRule rule) {
            nameRule = rule;
            return this;
        }

        /** A review answered on create and never stored (k/k: a rest.Creater without a store). */
        public Builder createOnly() {
            verbs = CREATE_ONLY;
            return this;
        }

        /** Readings computed when asked, never stored: only get and list (metrics-server's resources). */
        public Builder readOnly() {
            verbs = GET_AND_LIST;
            return this;
        }

        /** Keeps the objects under the keys of {@code resource} in {@code group}, which serves the same objects. */
        public Builder sharesStorageWith(String group, String resource) {
            keyPrefix = StorageKeys.builtIn(group, resource);
            return this;
        }

        /** Keeps the objects under the group and the resource, as apiextensions-apiserver does. */
        public Builder keyedByGroup() {
            keyPrefix = StorageKeys.groupQualified(group, resource);
            return this;
        }

        public ResourceDefinition build() {
            String singularName = singular != null ? singular : kind.toLowerCase(java.util.Locale.ROOT);
            return new ResourceDefinition(group, version, resource, singularName, kind, namespaced, shortNames,
                    categories, hasStatus, fieldLabels, hasGeneration, allowCreateOnUpdate, returnDeletedObject,
                    nameRule, keyPrefix, verbs, custom);
        }
    }
}
