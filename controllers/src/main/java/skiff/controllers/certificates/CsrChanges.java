package skiff.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import skiff.client.workqueue.RateLimitingQueue;

/**
 * Every added or updated CSR is queued by name; deleted ones need nothing (k/k pkg/controller/certificates/
 * certificate_controller.go NewCertificateController, 1.32).
 */
public record CsrChanges(RateLimitingQueue<String> queue) implements ResourceEventHandler<CertificateSigningRequest> {
    @Override
    public void onAdd(CertificateSigningRequest csr) {
        queue.add(csr.getMetadata().getName());
    }

    @Override
    public void onUpdate(CertificateSigningRequest old, CertificateSigningRequest csr) {
        queue.add(csr.getMetadata().getName());
    }

    @Override
    public void onDelete(CertificateSigningRequest csr, boolean finalStateUnknown) {}
}
