package skiff.e2e.client;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small operator written as authors write them with the fabric8 client: an informer on the custom kind feeds a
 * work queue of keys, one worker reconciles each key from the informer's cache, keeps a ConfigMap owned by the
 * Backup holding its schedule, and reports {@code status.observedGeneration} and {@code status.phase} through the
 * status subresource. A conflicting write is retried once the informer delivers the newer object, any other failure
 * a second later.
 */
final class BackupOperator implements AutoCloseable {
    private static final Executor RETRY = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

    private final KubernetesClient client;
    private final ResourceDefinitionContext context;
    private final String namespace;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private final Thread worker;

    BackupOperator(KubernetesClient client, ResourceDefinitionContext context, String namespace) {
        this.client = client;
        this.context = context;
        this.namespace = namespace;
        this.informer = client.genericKubernetesResources(context).inNamespace(namespace).inform(new Enqueue());
        this.worker = Thread.ofPlatform().daemon().name("backup-operator").start(this::work);
    }

    private void work() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String key = queue.take();
                try {
                    reconcile(key);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        RETRY.execute(() -> queue.add(key));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reconcile(String key) {
        GenericKubernetesResource backup = informer.getIndexer().getByKey(key);
        if (backup == null) {
            return; // Deleted: the garbage collector removes what it owned.
        }
        long generation = backup.getMetadata().getGeneration();
        Map<String, Object> status = backup.get("status");
        if (status != null && Long.valueOf(generation).equals(number(status.get("observedGeneration")))) {
            return;
        }
        String name = backup.getMetadata().getName();
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(name + "-schedule").withNamespace(namespace).addNewOwnerReference()
                        .withApiVersion(backup.getApiVersion()).withKind(backup.getKind()).withName(name)
                        .withUid(backup.getMetadata().getUid()).withController(true).endOwnerReference()
                        .endMetadata().addToData("schedule", backup.<String>get("spec", "schedule")).build())
                .fieldManager("backup-operator").forceConflicts().serverSideApply();
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("observedGeneration", generation);
        observed.put("phase", "Scheduled");
        backup.setAdditionalProperty("status", observed);
        client.genericKubernetesResources(context).inNamespace(namespace).resource(backup).updateStatus();
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    @Override
    public void close() {
        worker.interrupt();
        informer.close();
    }

    private final class Enqueue implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource backup) {
            queue.add(Cache.metaNamespaceKeyFunc(backup));
        }

        @Override
        public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource backup) {
            queue.add(Cache.metaNamespaceKeyFunc(backup));
        }

        @Override
        public void onDelete(GenericKubernetesResource backup, boolean finalStateUnknown) {
        }
    }
}
