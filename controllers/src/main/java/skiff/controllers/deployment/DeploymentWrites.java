package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes a deployment the controller has changed in place: annotations through the main endpoint, status through
 * the status subresource (an API server status write changes nothing else). The deployment keeps the new
 * resourceVersion so that the next write of the same sync does not conflict.
 */
final class DeploymentWrites {
    private final KubernetesClient client;

    DeploymentWrites(KubernetesClient client) {
        this.client = client;
    }

    void save(Deployment d, boolean annotationsChanged, boolean statusChanged) {
        if (annotationsChanged) {
            DeploymentStatus status = d.getStatus();
            Deployment written = client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                    .resource(d).update();
            d.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
            d.setStatus(status);
        }
        if (statusChanged) {
            writeStatus(d);
        }
    }

    void writeStatus(Deployment d) {
        Deployment written = client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                .resource(d).updateStatus();
        d.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    }
}
