package skiff.controllers.certificates.signer;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.certificates.CsrChanges;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Signs approved requests for the {@code kubernetes.io/kube-apiserver-client-kubelet} and
 * {@code kubernetes.io/kube-apiserver-client} signers with the cluster CA (k/k pkg/controller/certificates/signer/
 * signer.go, 1.32); a request the signer's rules refuse gets a Failed condition instead. The queue holds CSR names.
 */
public final class CsrSigningController {
    public static final String NAME = "csrsigning";
    /** kube-controller-manager --cluster-signing-duration's default: one year. */
    public static final Duration DEFAULT_DURATION = Duration.ofHours(8760);
    private static final int WORKERS = 1;

    private CsrSigningController() {}

    /** @param duration the longest certificate it issues (kube-controller-manager --cluster-signing-duration) */
    public static ManagedController create(ControllerContext context, ClusterSigningCa ca, Duration duration) {
        SharedIndexInformer<CertificateSigningRequest> csrs =
                context.informers().forType(CertificateSigningRequest.class);
        RateLimitingQueue<String> queue = context.queue("certificate");
        csrs.addEventHandler(new CsrChanges(queue));
        CsrSigningSync sync = new CsrSigningSync(csrs.getIndexer(), context.client(), ca, duration,
                context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(csrs))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }
}
