package skiff.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and deletes mirror pods in the API (k/k pkg/kubelet/pod/mirror_client.go). */
public final class MirrorPodClient {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorPodClient.class);

    private final KubernetesClient client;

    public MirrorPodClient(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The API object for a static pod: its metadata and spec, the mirror annotation with its hash, and the Node as
     * controlling owner, so that the mirror goes away with the node.
     */
    public static Pod mirrorOf(Pod staticPod, Node node) {
        Map<String, String> annotations = new LinkedHashMap<>(staticPod.getMetadata().getAnnotations());
        annotations.put(ConfigAnnotations.MIRROR, ConfigAnnotations.hash(staticPod).orElseThrow());
        return new PodBuilder().withMetadata(new ObjectMetaBuilder()
                        .withName(staticPod.getMetadata().getName())
                        .withNamespace(staticPod.getMetadata().getNamespace())
                        .withLabels(staticPod.getMetadata().getLabels())
                        .withAnnotations(annotations)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                                .withName(node.getMetadata().getName()).withUid(node.getMetadata().getUid())
                                .withController(true).build())
                        .build())
                .withSpec(staticPod.getSpec())
                .build();
    }

    /** Creates the mirror of {@code staticPod}; one of the same hash already there is as good. */
    public void create(Pod staticPod, Node node) {
        Pod mirror = mirrorOf(staticPod, node);
        String namespace = mirror.getMetadata().getNamespace();
        try {
            client.pods().inNamespace(namespace).resource(mirror).create();
            LOG.info("mirror pod created pod={}/{}", namespace, mirror.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            Pod existing = client.pods().inNamespace(namespace).withName(mirror.getMetadata().getName()).get();
            if (existing == null || !ConfigAnnotations.hash(existing).equals(ConfigAnnotations.hash(mirror))) {
                throw e;
            }
        }
    }

    /** Deletes a mirror pod at once, and only that very object (its UID is the precondition). */
    public void delete(Pod mirror) {
        String namespace = mirror.getMetadata().getNamespace();
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + mirror.getMetadata().getName();
        Map<String, Object> options = Map.of("apiVersion", "v1", "kind", "DeleteOptions", "gracePeriodSeconds", 0,
                "preconditions", Map.of("uid", mirror.getMetadata().getUid()));
        try {
            client.raw(path, "DELETE", options);
            LOG.info("mirror pod deleted pod={}/{} uid={}", namespace, mirror.getMetadata().getName(),
                    mirror.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            // Gone already, or replaced by another object of that name: nothing of this one to delete.
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }
}
