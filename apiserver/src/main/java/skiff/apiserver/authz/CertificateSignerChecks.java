package skiff.apiserver.authz;

import java.util.List;
import java.util.Set;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.admission.ValidatingAdmission;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.registry.certificates.CertificateRequestSubjects;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The certificates admission plugins (k/k plugin/pkg/admission/certificates/approval, signing and
 * subjectrestriction, 1.32): approving through {@code /approval} needs {@code approve} on the request's signer,
 * setting the certificate through {@code /status} needs {@code sign} on it (the signer's name, or its
 * {@code domain/*}), and no one may ask the kube-apiserver-client signer for a system:masters certificate.
 */
public final class CertificateSignerChecks implements ValidatingAdmission {
    private static final String GROUP = "certificates.k8s.io";
    private static final String RESOURCE = "certificatesigningrequests";
    private static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";

    private final Authorizer authorizer;

    public CertificateSignerChecks(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public String name() {
        return "CertificateApproval";
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE);
    }

    @Override
    public void validate(AdmissionRequest request) {
        ObjectNode csr = request.object();
        String name = csr.path("metadata").path("name").asString("");
        String signer = csr.path("spec").path("signerName").asString("");
        if (request.operation() == Operation.CREATE) {
            // subjectrestriction/admission.go: the client signer never issues system:masters.
            if (signer.equals(CLIENT_SIGNER) && CertificateRequestSubjects.organizations(csr).contains(
                    UserInfo.MASTERS)) {
                throw StatusException.forbiddenRequest(GROUP, RESOURCE, name,
                        "use of " + CLIENT_SIGNER + " signer with system:masters group is not allowed");
            }
            return;
        }
        UserInfo user = request.user();
        if (user == null) {
            return;
        }
        if (request.subresource().equals("approval") && !authorized(user, "approve", signer)) {
            throw StatusException.forbiddenRequest(GROUP, RESOURCE, name,
                    "user not permitted to approve requests with signerName \"" + signer + "\"");
        }
        // signing/admission.go: only a change of status.certificate needs the sign permission.
        if (request.subresource().equals("status") && request.oldObject() != null
                && !csr.path("status").path("certificate").equals(request.oldObject().path("status")
                        .path("certificate"))
                && !authorized(user, "sign", signer)) {
            throw StatusException.forbiddenRequest(GROUP, RESOURCE, name,
                    "user not permitted to sign requests with signerName \"" + signer + "\"");
        }
    }

    // k/k pkg/apis/certificates/v1 helpers IsAuthorizedForSignerName: the exact signer, else its domain wildcard.
    private boolean authorized(UserInfo user, String verb, String signer) {
        int slash = signer.indexOf('/');
        List<String> names = slash < 0 ? List.of(signer) : List.of(signer, signer.substring(0, slash) + "/*");
        return names.stream().anyMatch(n -> authorizer.authorize(
                RequestAttributes.resource(user, verb, GROUP, "signers", "", "", n)).allowed());
    }
}
