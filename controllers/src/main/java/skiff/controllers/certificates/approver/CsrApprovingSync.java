package skiff.controllers.certificates.approver;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import skiff.controllers.certificates.CertificateRequests;
import skiff.controllers.framework.SyncResult;

/** One look at one CSR: approve it if it is a kubelet client request its requester may make. */
final class CsrApprovingSync {
    /** A kind of request this approver recognises, and the permission that makes it approvable. */
    record Recognizer(String subresource, boolean self, String message) {}

    // sarapprove.go recognizers: the node's own renewal first, then any node client request.
    static final List<Recognizer> RECOGNIZERS = List.of(
            new Recognizer("selfnodeclient", true,
                    "Auto approving self kubelet client certificate after SubjectAccessReview."),
            new Recognizer("nodeclient", false, "Auto approving kubelet client certificate after SubjectAccessReview."));

    private final Store<CertificateSigningRequest> csrs;
    private final KubernetesClient client;

    CsrApprovingSync(Store<CertificateSigningRequest> csrs, KubernetesClient client) {
        this.csrs = csrs;
        this.client = client;
    }

    SyncResult sync(String name) {
        CertificateSigningRequest csr = csrs.getByKey(name);
        if (csr == null || CertificateRequests.hasCertificate(csr) || CertificateRequests.hasCondition(csr, "Approved")
                || CertificateRequests.hasCondition(csr, "Denied")) {
            return SyncResult.done();
        }
        Optional<PKCS10CertificationRequest> request = CertificateRequests.parse(csr);
        if (request.isEmpty()) {
            return SyncResult.retry("unable to parse csr \"" + name + "\"");
        }
        List<String> tried = new ArrayList<>();
        try {
            for (Recognizer r : RECOGNIZERS) {
                if (!recognizes(r, csr, request.get())) {
                    continue;
                }
                tried.add(r.subresource());
                if (allowed(csr.getSpec(), r.subresource())) {
                    client.certificates().v1().certificateSigningRequests().withName(name).approve(
                            new CertificateSigningRequestConditionBuilder().withType("Approved").withStatus("True")
                                    .withReason("AutoApproved").withMessage(r.message()).build());
                    return SyncResult.done();
                }
            }
        } catch (KubernetesClientException e) {
            return SyncResult.retry("approve csr " + name + ": " + e.getMessage());
        }
        // certificate_controller.go: an IgnorableError is not retried; the CSR waits for someone else.
        return SyncResult.done();
    }

    // sarapprove.go isNodeClientCert and isSelfNodeClientCert.
    static boolean recognizes(Recognizer r, CertificateSigningRequest csr, PKCS10CertificationRequest request) {
        CertificateSigningRequestSpec spec = csr.getSpec();
        if (!CertificateRequests.KUBELET_CLIENT_SIGNER.equals(spec.getSignerName())) {
            return false;
        }
        if (r.self() && !CertificateRequests.commonName(request.getSubject()).equals(spec.getUsername())) {
            return false;
        }
        List<String> usages = spec.getUsages() == null ? List.of() : spec.getUsages();
        return CertificateRequests.kubeletClientProblem(request, usages).isEmpty();
    }

    private boolean allowed(CertificateSigningRequestSpec spec, String subresource) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(spec.getUsername()).withUid(spec.getUid()).withGroups(spec.getGroups())
                .withExtra(spec.getExtra())
                .withResourceAttributes(new ResourceAttributesBuilder().withGroup("certificates.k8s.io")
                        .withResource("certificatesigningrequests").withVerb("create").withSubresource(subresource)
                        .build())
                .endSpec().build();
        SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
        return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    }
}
