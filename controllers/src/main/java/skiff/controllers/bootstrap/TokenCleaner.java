package skiff.controllers.bootstrap;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Deletes bootstrap token Secrets in kube-system once they expire (k/k pkg/controller/bootstrap/tokencleaner.go,
 * 1.32; kubeadm turns it on). The queue holds Secret keys, {@code kube-system/NAME}.
 */
public final class TokenCleaner {
    public static final String NAME = "tokencleaner";
    private static final int WORKERS = 1;

    private TokenCleaner() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Secret> secrets = context.informers().forType(Secret.class);
        RateLimitingQueue<String> queue = context.queue("token_cleaner");
        secrets.addEventHandler(new TokenSecrets(queue));
        TokenCleanerSync sync = new TokenCleanerSync(secrets.getIndexer(), context.client(), context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(secrets))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

    /** tokencleaner.go: the informer sees only kube-system's bootstrap token Secrets; added and updated ones count. */
    private record TokenSecrets(RateLimitingQueue<String> queue) implements ResourceEventHandler<Secret> {
        @Override
        public void onAdd(Secret secret) {
            enqueue(secret);
        }

        @Override
        public void onUpdate(Secret old, Secret secret) {
            enqueue(secret);
        }

        @Override
        public void onDelete(Secret secret, boolean finalStateUnknown) {}

        private void enqueue(Secret secret) {
            if (BootstrapTokenSecret.isToken(secret)) {
                queue.add(BootstrapTokenSecret.NAMESPACE + "/" + secret.getMetadata().getName());
            }
        }
    }
}
