package skiff.controllers.certificates.approver;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.certificates.CsrChanges;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Approves kubelet client certificate requests whose requester may ask for them (k/k
 * pkg/controller/certificates/approver/sarapprove.go, 1.32): a node renewing its own certificate needs
 * {@code create certificatesigningrequests/selfnodeclient}, any other requester (a bootstrap token)
 * {@code certificatesigningrequests/nodeclient}, as a SubjectAccessReview through the API answers. The queue holds
 * CSR names.
 */
public final class CsrApprovingController {
    public static final String NAME = "csrapproving";
    // k/k cmd/kube-controller-manager: --concurrent-certificate-csrapproving-syncs... 5 workers; one suffices here.
    private static final int WORKERS = 1;

    private CsrApprovingController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<CertificateSigningRequest> csrs =
                context.informers().forType(CertificateSigningRequest.class);
        RateLimitingQueue<String> queue = context.queue("csrapproving");
        csrs.addEventHandler(new CsrChanges(queue));
        CsrApprovingSync sync = new CsrApprovingSync(csrs.getIndexer(), context.client());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(csrs))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }
}
