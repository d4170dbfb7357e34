package skiff.controllers.rootcacertpublisher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.Map;
import skiff.controllers.framework.SyncResult;

/** One check of one namespace: its kube-root-ca.crt holds the CA and the description, or is made to. */
final class RootCaSync {
    static final String CONFIG_MAP = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
    // k/k rootcacertpublisher/publisher.go (1.32) descriptionAnnotation's value.
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using "
            + "internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
            + "guaranteed across distributions of Kubernetes clusters.";

    private final Store<Namespace> namespaces;
    private final Store<ConfigMap> configMaps;
    private final KubernetesClient client;
    private final String caPem;

    RootCaSync(Store<Namespace> namespaces, Store<ConfigMap> configMaps, KubernetesClient client, String caPem) {
        this.namespaces = namespaces;
        this.configMaps = configMaps;
        this.client = client;
        this.caPem = caPem;
    }

    // k/k publisher.go syncNamespace: nothing for a namespace that is gone or terminating; create when missing,
    // update when the data or the description differ.
    SyncResult sync(String namespace) {
        Namespace ns = namespaces.getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) {
            return SyncResult.done();
        }
        ConfigMap current = configMaps.getByKey(Cache.namespaceKeyFunc(namespace, CONFIG_MAP));
        try {
            if (current == null) {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(CONFIG_MAP).withNamespace(namespace)
                        .withAnnotations(Map.of(DESCRIPTION_ANNOTATION, DESCRIPTION)).endMetadata()
                        .withData(Map.of(KEY, caPem)).build()).create();
            } else if (!Map.of(KEY, caPem).equals(current.getData()) || current.getMetadata().getAnnotations() == null
                    || !current.getMetadata().getAnnotations().containsKey(DESCRIPTION_ANNOTATION)) {
                ConfigMap wanted = new ConfigMapBuilder(current).withData(Map.of(KEY, caPem)).editMetadata()
                        .addToAnnotations(DESCRIPTION_ANNOTATION, DESCRIPTION).endMetadata().build();
                client.configMaps().inNamespace(namespace).resource(wanted).update();
            }
        } catch (KubernetesClientException e) {
            // 409: created or changed meanwhile; the informer's event brings the namespace back. 404: it went away.
            if (e.getCode() != 409 && e.getCode() != 404 && e.getCode() != 403) {
                return SyncResult.retry("publish " + namespace + "/" + CONFIG_MAP + ": " + e.getMessage());
            }
        }
        return SyncResult.done();
    }
}
