package skiff.apiserver.registry.apps;

import java.util.function.Consumer;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodSpecDefaults;
import skiff.apiserver.registry.storage.PersistentVolumeClaimStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Defaults of the workload kinds (k/k pkg/apis/apps/v1/defaults.go and pkg/apis/core/v1/defaults.go
 * SetDefaults_ReplicationController), each including its pod template's spec.
 */
public enum WorkloadDefaults implements Consumer<ObjectNode> {
    REPLICA_SET {
        @Override
        void applyToSpec(ObjectNode object, ObjectNode spec) {
            putIfAbsent(spec, "replicas", 1);
        }
    },
    REPLICATION_CONTROLLER {
        // k/k core/v1 defaults.go SetDefaults_ReplicationController: selector and labels come from the template.
        @Override
        void applyToSpec(ObjectNode object, ObjectNode spec) {
            JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
            if (templateLabels.isObject() && !templateLabels.isEmpty()) {
                if (spec.path("selector").isEmpty()) {
                    spec.set("selector", templateLabels.deepCopy());
                }
                ObjectNode meta = GoFields.struct(object, "metadata");
                if (meta != null && meta.path("labels").isEmpty()) {
                    meta.set("labels", templateLabels.deepCopy());
                }
            }
            putIfAbsent(spec, "replicas", 1);
        }
    },
    DEPLOYMENT {
        @Override
        void applyToSpec(ObjectNode object, ObjectNode spec) {
            putIfAbsent(spec, "replicas", 1);
            ObjectNode strategy = GoFields.struct(spec, "strategy");
            if (strategy != null) {
                putIfAbsent(strategy, "type", "RollingUpdate");
                ObjectNode rolling = rollingUpdate(strategy);
                if (rolling != null) {
                    putIfAbsent(rolling, "maxUnavailable", "25%");
                    putIfAbsent(rolling, "maxSurge", "25%");
                }
            }
            putIfAbsent(spec, "revisionHistoryLimit", 10);
            putIfAbsent(spec, "progressDeadlineSeconds", 600);
        }
    },
    STATEFUL_SET {
        @Override
        void applyToSpec(ObjectNode object, ObjectNode spec) {
            putIfAbsent(spec, "replicas", 1);
            putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
            ObjectNode strategy = GoFields.struct(spec, "updateStrategy");
            if (strategy != null) {
                putIfAbsent(strategy, "type", "RollingUpdate");
                ObjectNode rolling = rollingUpdate(strategy);
                if (rolling != null) {
                    putIfAbsent(rolling, "partition", 0);
                }
            }
            putIfAbsent(spec, "revisionHistoryLimit", 10);
            ObjectNode retention = GoFields.struct(spec, "persistentVolumeClaimRetentionPolicy");
            if (retention != null) {
                putIfAbsent(retention, "whenDeleted", "Retain");
                putIfAbsent(retention, "whenScaled", "Retain");
            }
            // k/k apps/v1 zz_generated.defaults.go SetObjectDefaults_StatefulSet: each claim template gets a claim's
            // defaults (SetDefaults_PersistentVolumeClaim).
            if (spec.get("volumeClaimTemplates") instanceof ArrayNode templates) {
                for (JsonNode template : templates) {
                    if (template instanceof ObjectNode claim) {
                        PersistentVolumeClaimStrategy.INSTANCE.applyDefaults(claim);
                    }
                }
            }
        }
    },
    DAEMON_SET {
        @Override
        void applyToSpec(ObjectNode object, ObjectNode spec) {
            ObjectNode strategy = GoFields.struct(spec, "updateStrategy");
            if (strategy != null) {
                putIfAbsent(strategy, "type", "RollingUpdate");
                ObjectNode rolling = rollingUpdate(strategy);
                if (rolling != null) {
                    putIfAbsent(rolling, "maxUnavailable", 1);
                    putIfAbsent(rolling, "maxSurge", 0);
                }
            }
            putIfAbsent(spec, "revisionHistoryLimit", 10);
        }
    };

    abstract void applyToSpec(ObjectNode object, ObjectNode spec);

    // Go decodes a missing spec, and in apps/v1 a missing template and pod spec, into empty structs that defaulting
    // fills in like any other; a replication controller's template is a pointer and stays missing.
    @Override
    public void accept(ObjectNode object) {
        if (object.get("spec") == null || object.get("spec").isNull()) {
            object.putObject("spec");
        }
        if (!(object.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        applyToSpec(object, spec);
        if (this != REPLICATION_CONTROLLER) {
            ObjectNode template = GoFields.struct(spec, "template");
            if (template != null) {
                GoFields.struct(template, "spec");
            }
        }
        if (spec.path("template").get("spec") instanceof ObjectNode podSpec) {
            PodSpecDefaults.applyToTemplateSpec(podSpec);
        }
    }

    /** A rolling strategy's parameters, when its type is RollingUpdate and they are a struct. */
    private static ObjectNode rollingUpdate(ObjectNode strategy) {
        return strategy.path("type").asString("").equals("RollingUpdate") ? GoFields.struct(strategy, "rollingUpdate")
                : null;
    }

    private static void putIfAbsent(ObjectNode node, String field, Object value) {
        JsonNode existing = node.get(field);
        if (existing != null && !existing.isNull()) {
            return;
        }
        if (value instanceof Integer i) {
            node.put(field, i);
        } else {
            node.put(field, (String) value);
        }
    }
}
