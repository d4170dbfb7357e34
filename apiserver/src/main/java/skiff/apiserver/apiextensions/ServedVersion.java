package skiff.apiserver.apiextensions;

import java.util.List;
import java.util.Optional;
import skiff.api.json.Json;
import skiff.apiserver.resource.CustomResource;
import skiff.apiserver.table.TableConvertor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One served version of a CRD, as the generic machinery sees it: its schema's pruning, its printer columns and its
 * scale subresource's paths, and the warning sent when it is deprecated (k/k 1.32 apiextensions-apiserver pkg/apiserver/customresource_handler.go crdInfo).
 */
final class ServedVersion implements CustomResource {
    private final String listKind;
    private final StructuralSchema schema;
    private final JsonNode openApiV3Schema;
    private final PrinterColumnTable table;
    private final JsonPathValue specReplicas;
    private final JsonPathValue statusReplicas;
    private final JsonPathValue labelSelector;
    private final Optional<String> deprecationWarning;

    ServedVersion(String listKind, StructuralSchema schema, JsonNode version, String deprecationWarning) {
        this.listKind = listKind;
        this.schema = schema;
        this.openApiV3Schema = version.path("schema").path("openAPIV3Schema").deepCopy();
        this.table = PrinterColumnTable.of(version.path("additionalPrinterColumns"));
        JsonNode scale = version.path("subresources").path("scale");
        this.specReplicas = scale.isObject() ? JsonPathValue.of(scale.path("specReplicasPath").asString()) : null;
        this.statusReplicas = scale.isObject() ? JsonPathValue.of(scale.path("statusReplicasPath").asString()) : null;
        String selector = scale.path("labelSelectorPath").asString("");
        this.labelSelector = selector.isEmpty() ? null : JsonPathValue.of(selector);
        this.deprecationWarning = Optional.ofNullable(deprecationWarning);
    }

    @Override
    public Optional<String> deprecationWarning() {
        return deprecationWarning;
    }

    @Override
    public String listKind() {
        return listKind;
    }

    @Override
    public List<String> prune(ObjectNode object) {
        return SchemaPruning.prune(object, schema);
    }

    @Override
    public JsonNode openApiV3Schema() {
        return openApiV3Schema;
    }

    @Override
    public TableConvertor table() {
        return table;
    }

    @Override
    public boolean scalable() {
        return specReplicas != null;
    }

    // k/k 1.32 apiextensions-apiserver pkg/registry/customresource/etcd.go scaleFromCustomResource: missing
    // replicas read as 0, the selector as written at labelSelectorPath.
    @Override
    public ObjectNode scaleOf(ObjectNode object) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = object.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (m.has(f)) {
                meta.set(f, m.get(f).deepCopy());
            }
        }
        scale.putObject("spec").put("replicas", specReplicas.find(object).asLong(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", statusReplicas.find(object).asLong(0));
        if (labelSelector != null && labelSelector.find(object).isString()) {
            status.put("selector", labelSelector.find(object).asString());
        }
        return scale;
    }

    @Override
    public void setReplicas(ObjectNode object, int replicas) {
        List<String> fields = specReplicas.fields();
        ObjectNode at = object;
        for (String f : fields.subList(0, fields.size() - 1)) {
            at = at.withObject(f);
        }
        at.put(fields.get(fields.size() - 1), replicas);
    }
}
