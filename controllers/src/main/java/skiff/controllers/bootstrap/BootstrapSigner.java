package skiff.controllers.bootstrap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.function.Predicate;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Signs the cluster-info ConfigMap in kube-public with every bootstrap token meant for signing (k/k
 * pkg/controller/bootstrap/bootstrapsigner.go, 1.32; kubeadm turns it on): the kubeconfig in it gets a detached JWS
 * {@code jws-kubeconfig-ID} per valid token, and loses those of tokens that are gone. The queue holds one key, the
 * ConfigMap's, so that changes of the tokens and of the ConfigMap collapse into one signing.
 */
public final class BootstrapSigner {
    public static final String NAME = "bootstrapsigner";
    static final String CONFIG_MAP_NAMESPACE = "kube-public";
    static final String CONFIG_MAP_NAME = "cluster-info";
    static final String KEY = CONFIG_MAP_NAMESPACE + "/" + CONFIG_MAP_NAME;
    private static final int WORKERS = 1;

    private BootstrapSigner() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Secret> secrets = context.informers().forType(Secret.class);
        SharedIndexInformer<ConfigMap> configMaps = context.informers().forType(ConfigMap.class);
        RateLimitingQueue<String> queue = context.queue("bootstrap_signer_queue");
        secrets.addEventHandler(new Changes<>(queue, BootstrapTokenSecret::isToken));
        configMaps.addEventHandler(new Changes<>(queue, cm -> CONFIG_MAP_NAMESPACE.equals(
                cm.getMetadata().getNamespace()) && CONFIG_MAP_NAME.equals(cm.getMetadata().getName())));
        BootstrapSignerSync sync = new BootstrapSignerSync(configMaps.getIndexer(), secrets.getIndexer(),
                context.client(), context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(secrets, configMaps))
                .handler(key -> sync.sync())
                .workers(WORKERS)
                .build();
    }

    /** bootstrapsigner.go: any change of a token Secret, and an added or updated cluster-info, pokes the signing. */
    private record Changes<T>(RateLimitingQueue<String> queue, Predicate<T> relevant)
            implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T object) {
            poke(object);
        }

        @Override
        public void onUpdate(T old, T object) {
            poke(object);
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            if (object instanceof Secret) {
                poke(object);
            }
        }

        private void poke(T object) {
            if (relevant.test(object)) {
                queue.add(KEY);
            }
        }
    }
}
