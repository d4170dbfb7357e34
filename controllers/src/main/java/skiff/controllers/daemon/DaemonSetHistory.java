package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.json.Json;
import skiff.controllers.framework.ControllerOwner;
import skiff.controllers.framework.TemplateHash;
import tools.jackson.databind.JsonNode;

/**
 * A daemon set's ControllerRevisions: one per template it has had, the current one at the highest revision (k/k
 * pkg/controller/daemon/update.go constructHistory, snapshot, cleanupHistory).
 */
final class DaemonSetHistory {
    private static final Comparator<ControllerRevision> LOWEST_REVISION_FIRST = Comparator
            .comparingLong((ControllerRevision r) -> r.getRevision() == null ? 0 : r.getRevision());

    private final KubernetesClient client;

    DaemonSetHistory(KubernetesClient client) {
        this.client = client;
    }

    /** The current revision and the older ones. */
    record Revisions(ControllerRevision current, List<ControllerRevision> old) {
        String hash() {
            return current.getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
        }
    }

    /**
     * Finds the revision whose data is the set's template, creating it (or raising it above the others) when needed.
     */
    Revisions construct(DaemonSet ds, List<ControllerRevision> owned) {
        JsonNode patch = patch(ds);
        List<ControllerRevision> current = new ArrayList<>();
        List<ControllerRevision> old = new ArrayList<>();
        for (ControllerRevision r : owned) {
            (data(r).equals(patch) ? current : old).add(r);
        }
        long next = old.stream().mapToLong(r -> r.getRevision() == null ? 0 : r.getRevision()).max().orElse(0) + 1;
        if (current.isEmpty()) {
            return new Revisions(snapshot(ds, patch, next), old);
        }
        // k/k update.go dedupCurHistories: keep the highest of equal revisions, delete the others.
        current.sort(LOWEST_REVISION_FIRST.reversed());
        ControllerRevision keep = current.getFirst();
        for (ControllerRevision duplicate : current.subList(1, current.size())) {
            revisions(ds).withName(duplicate.getMetadata().getName()).delete();
        }
        if (keep.getRevision() == null || keep.getRevision() < next) {
            ControllerRevision raised = new ControllerRevisionBuilder(keep).withRevision(next).build();
            keep = revisions(ds).resource(raised).update();
        }
        return new Revisions(keep, old);
    }

    private ControllerRevision snapshot(DaemonSet ds, JsonNode patch, long revision) {
        Integer collisionCount = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        String hash = TemplateHash.of(ds.getSpec().getTemplate(), collisionCount);
        Map<String, String> labels = new HashMap<>(ds.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : ds.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(DaemonPods.REVISION_HASH_LABEL, hash);
        ControllerRevision r = new ControllerRevisionBuilder()
                .withNewMetadata().withName(ds.getMetadata().getName() + "-" + hash)
                .withNamespace(ds.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(ControllerOwner.referenceTo(ds)).endMetadata()
                .withRevision(revision)
                .withData(Json.convert(patch, LinkedHashMap.class))
                .build();
        try {
            return revisions(ds).resource(r).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            ControllerRevision existing = revisions(ds).withName(r.getMetadata().getName()).get();
            if (existing != null && data(existing).equals(patch)
                    && ControllerOwner.isControlledBy(existing, ds.getMetadata().getUid())) {
                return existing;
            }
            // k/k update.go snapshot: a hash collision raises the collision count; the next sync uses a new name.
            DaemonSet copy = client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace())
                    .withName(ds.getMetadata().getName()).get();
            int count = copy.getStatus() == null || copy.getStatus().getCollisionCount() == null ? 0
                    : copy.getStatus().getCollisionCount();
            copy.getStatus().setCollisionCount(count + 1);
            client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).resource(copy).updateStatus();
            throw new IllegalStateException("controller revision name collision for " + r.getMetadata().getName());
        }
    }

    /**
     * k/k update.go cleanupHistory: beyond revisionHistoryLimit, delete the lowest old revisions that no live pod
     * still runs.
     */
    void cleanup(DaemonSet ds, List<ControllerRevision> old, Set<String> liveHashes) {
        Integer limit = ds.getSpec().getRevisionHistoryLimit();
        int toKill = old.size() - (limit == null ? 10 : limit);
        if (toKill <= 0) {
            return;
        }
        List<ControllerRevision> sorted = new ArrayList<>(old);
        sorted.sort(LOWEST_REVISION_FIRST);
        for (ControllerRevision r : sorted) {
            if (toKill <= 0) {
                break;
            }
            String hash = r.getMetadata().getLabels() == null ? null
                    : r.getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
            if (hash != null && liveHashes.contains(hash)) {
                continue;
            }
            revisions(ds).withName(r.getMetadata().getName()).delete();
            toKill--;
        }
    }

    /** k/k update.go getPatch: the template under spec.template, marked to replace the whole template. */
    static JsonNode patch(DaemonSet ds) {
        JsonNode template = Json.parse(Serialization.asJson(ds.getSpec().getTemplate())
                .getBytes(StandardCharsets.UTF_8));
        var spec = Json.object();
        var templateWithDirective = ((tools.jackson.databind.node.ObjectNode) template).deepCopy();
        templateWithDirective.put("$patch", "replace");
        spec.set("template", templateWithDirective);
        var root = Json.object();
        root.set("spec", spec);
        return root;
    }

    private static JsonNode data(ControllerRevision r) {
        if (r.getData() == null) {
            return Json.object();
        }
        return Json.parse(Serialization.asJson(r.getData()).getBytes(StandardCharsets.UTF_8));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<ControllerRevision,
            io.fabric8.kubernetes.api.model.apps.ControllerRevisionList,
            io.fabric8.kubernetes.client.dsl.Resource<ControllerRevision>> revisions(DaemonSet ds) {
        return client.apps().controllerRevisions().inNamespace(ds.getMetadata().getNamespace());
    }
}
