package skiff.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reading CertificateSigningRequests: their PKCS#10 request, subject and conditions (k/k pkg/apis/certificates). */
public final class CertificateRequests {
    public static final String KUBELET_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
    public static final String NODES_GROUP = "system:nodes";
    public static final String NODE_USER_PREFIX = "system:node:";
    // pkg/apis/certificates/helpers.go: a kubelet client certificate's usages, with or without key encipherment.
    private static final Set<String> KUBELET_USAGES = Set.of("digital signature", "key encipherment", "client auth");
    private static final Set<String> KUBELET_USAGES_NO_RSA = Set.of("digital signature", "client auth");

    private CertificateRequests() {}

    /** The PKCS#10 request of spec.request, empty when it is not a PEM CERTIFICATE REQUEST (helpers.go ParseCSR). */
    public static Optional<PKCS10CertificationRequest> parse(CertificateSigningRequest csr) {
        String request = csr.getSpec() == null ? null : csr.getSpec().getRequest();
        if (request == null) {
            return Optional.empty();
        }
        try (PemReader reader = new PemReader(new StringReader(
                new String(Base64.getDecoder().decode(request), StandardCharsets.US_ASCII)))) {
            PemObject block = reader.readPemObject();
            if (block == null || !block.getType().equals("CERTIFICATE REQUEST")) {
                return Optional.empty();
            }
            return Optional.of(new PKCS10CertificationRequest(block.getContent()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String commonName(X500Name subject) {
        RDN[] cn = subject.getRDNs(BCStyle.CN);
        return cn.length == 0 ? "" : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }

    public static List<String> organizations(X500Name subject) {
        List<String> orgs = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(BCStyle.O)) {
            orgs.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return orgs;
    }

    /**
     * Why {@code request} is not a kubelet client certificate request, or empty if it is (k/k
     * pkg/apis/certificates/helpers.go ValidateKubeletClientCSR, 1.32): O=system:nodes alone, no subject alternative
     * names, CN system:node:NAME, and the kubelet's usages exactly.
     */
    public static Optional<String> kubeletClientProblem(PKCS10CertificationRequest request, List<String> usages) {
        X500Name subject = request.getSubject();
        if (!organizations(subject).equals(List.of(NODES_GROUP))) {
            return Optional.of("subject organization is not system:nodes");
        }
        if (hasSubjectAlternativeNames(request)) {
            return Optional.of("DNS, email, IP or URI subjectAltNames are not allowed");
        }
        if (!commonName(subject).startsWith(NODE_USER_PREFIX)) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        Set<String> given = new HashSet<>(usages);
        if (!given.equals(KUBELET_USAGES) && !given.equals(KUBELET_USAGES_NO_RSA)) {
            return Optional.of("usages did not match [client auth digital signature key encipherment]");
        }
        return Optional.empty();
    }

    private static boolean hasSubjectAlternativeNames(PKCS10CertificationRequest request) {
        for (var attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            if (extensions.getExtension(Extension.subjectAlternativeName) != null) {
                return true;
            }
        }
        return false;
    }

    public static boolean hasCondition(CertificateSigningRequest csr, String type) {
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return false;
        }
        for (CertificateSigningRequestCondition c : csr.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return true;
            }
        }
        return false;
    }

    public static boolean hasCertificate(CertificateSigningRequest csr) {
        return csr.getStatus() != null && csr.getStatus().getCertificate() != null
                && !csr.getStatus().getCertificate().isEmpty();
    }
}
