package skiff.apiserver.http;

import java.time.Instant;
import java.util.List;
import skiff.api.json.Json;
import skiff.apiserver.registry.ListResult;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import skiff.apiserver.table.IncludeObject;
import skiff.apiserver.table.TableBuilder;
import skiff.apiserver.table.TableConvertor;
import skiff.apiserver.table.TableConvertors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The form an answer takes, chosen from the Accept header as Kubernetes negotiates it: the object itself, a
 * meta.k8s.io Table for kubectl's human output, or PartialObjectMetadata for metadata-only clients.
 */
enum Representation {
    OBJECT, TABLE, METADATA;

    static Representation from(String accept) {
        if (accept.contains("as=Table")) {
            return TABLE;
        }
        if (accept.contains("as=PartialObjectMetadata")) {
            return METADATA;
        }
        return OBJECT;
    }

    ObjectNode render(ResourceDefinition def, ObjectNode object, IncludeObject include, Instant now) {
        return switch (this) {
            case OBJECT -> object;
            case TABLE -> TableBuilder.table(convertor(def), object, now,
                    include);
            case METADATA -> partialMetadata(object);
        };
    }

    ObjectNode renderList(ResourceDefinition def, ListResult result, IncludeObject include, Instant now) {
        String rv = Long.toString(result.revision());
        return switch (this) {
            case TABLE -> TableBuilder.table(convertor(def),
                    List.copyOf(result.items()), rv, result.continueToken(), now, include);
            case METADATA -> {
                ObjectNode list = listShell("PartialObjectMetadataList", "meta.k8s.io/v1", result, rv);
                ArrayNode items = list.putArray("items");
                result.items().forEach(o -> items.add(partialMetadata(o)));
                yield list;
            }
            case OBJECT -> {
                ObjectNode list = listShell(def.listKind(), def.apiVersion(), result, rv);
                ArrayNode items = list.putArray("items");
                result.items().forEach(items::add);
                yield list;
            }
        };
    }

    private static TableConvertor convertor(ResourceDefinition def) {
        return def.isCustom() ? def.custom().table() : TableConvertors.forResource(def.group(), def.resource());
    }

    private static ObjectNode listShell(String kind, String apiVersion, ListResult result, String rv) {
        ObjectNode list = Json.object();
        list.put("kind", kind);
        list.put("apiVersion", apiVersion);
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", rv);
        if (result.continueToken() != null) {
            meta.put("continue", result.continueToken());
        }
        if (result.remainingItemCount() != null) {
            meta.put("remainingItemCount", result.remainingItemCount());
        }
        return list;
    }

    static ObjectNode partialMetadata(ObjectNode object) {
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", "meta.k8s.io/v1");
        p.set("metadata", object.path("metadata").deepCopy());
        return p;
    }

    static IncludeObject includeObject(String param) {
        return IncludeObject.fromParameter(param).orElseThrow(() -> StatusException.badRequest(
                "includeObject: Unsupported value: \"" + param + "\": supported values: \"None\", \"Metadata\", \"Object\""));
    }
}
