package skiff.controllers.certificates.signer;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import skiff.api.time.Clock;
import skiff.controllers.certificates.CertificateRequests;
import skiff.controllers.framework.SyncResult;

/** One look at one CSR: sign it if it is approved, not failed, unsigned and for one of this signer's names. */
final class CsrSigningSync {
    private static final Duration MIN_REQUESTED = Duration.ofMinutes(10);
    private final Store<CertificateSigningRequest> csrs;
    private final KubernetesClient client;
    private final ClusterSigningCa ca;
    private final Duration maxDuration;
    private final Clock clock;

    CsrSigningSync(Store<CertificateSigningRequest> csrs, KubernetesClient client, ClusterSigningCa ca,
            Duration maxDuration, Clock clock) {
        this.csrs = csrs;
        this.client = client;
        this.ca = ca;
        this.maxDuration = maxDuration;
        this.clock = clock;
    }

    SyncResult sync(String name) {
        CertificateSigningRequest csr = csrs.getByKey(name);
        // signer.go handle: only approved (and not denied), not failed, not yet signed requests.
        if (csr == null || !CertificateRequests.hasCondition(csr, "Approved")
                || CertificateRequests.hasCondition(csr, "Denied") || CertificateRequests.hasCondition(csr, "Failed")
                || CertificateRequests.hasCertificate(csr)) {
            return SyncResult.done();
        }
        String signer = csr.getSpec().getSignerName();
        if (!CertificateRequests.KUBELET_CLIENT_SIGNER.equals(signer)
                && !CertificateRequests.CLIENT_SIGNER.equals(signer)) {
            return SyncResult.done();
        }
        Optional<PKCS10CertificationRequest> request = CertificateRequests.parse(csr);
        if (request.isEmpty()) {
            return SyncResult.retry("unable to parse csr \"" + name + "\"");
        }
        List<String> usages = csr.getSpec().getUsages() == null ? List.of() : csr.getSpec().getUsages();
        Optional<String> problem = problem(signer, request.get(), usages);
        CertificateSigningRequest updated = Serialization.clone(csr);
        CertificateSigningRequestStatus status = updated.getStatus();
        if (problem.isPresent()) {
            List<CertificateSigningRequestCondition> conditions = new ArrayList<>(status.getConditions());
            conditions.add(new CertificateSigningRequestConditionBuilder().withType("Failed").withStatus("True")
                    .withReason("SignerValidationFailure").withMessage(problem.get())
                    .withLastUpdateTime(clock.now().truncatedTo(ChronoUnit.SECONDS).toString()).build());
            status.setConditions(conditions);
        } else {
            String pem = ca.sign(request.get(), usages, duration(csr), clock.now());
            status.setCertificate(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
        }
        try {
            client.certificates().v1().certificateSigningRequests().resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            return SyncResult.retry("update csr " + name + " status: " + e.getMessage());
        }
        return SyncResult.done();
    }

    // signer.go isKubeletClient (helpers.go ValidateKubeletClientCSR) and isKubeAPIServerClient
    // (validAPIServerClientUsages).
    static Optional<String> problem(String signer, PKCS10CertificationRequest request, List<String> usages) {
        if (signer.equals(CertificateRequests.KUBELET_CLIENT_SIGNER)) {
            return CertificateRequests.kubeletClientProblem(request, usages);
        }
        boolean clientAuth = false;
        for (String usage : usages) {
            switch (usage) {
                case "digital signature", "key encipherment" -> { }
                case "client auth" -> clientAuth = true;
                default -> {
                    return Optional.of("invalid usage for client certificate: " + usage);
                }
            }
        }
        return clientAuth ? Optional.empty()
                : Optional.of("missing required usage for client certificate: client auth");
    }

    // signer.go duration: what the request asks for (spec.expirationSeconds), at most the signer's own duration, and
    // at least ten minutes (twice the backdating) unless the signer's own duration is shorter.
    Duration duration(CertificateSigningRequest csr) {
        Integer seconds = csr.getSpec().getExpirationSeconds();
        if (seconds == null) {
            return maxDuration;
        }
        Duration asked = Duration.ofSeconds(seconds);
        if (asked.compareTo(maxDuration) > 0) {
            return maxDuration;
        }
        return asked.compareTo(MIN_REQUESTED) < 0 ? MIN_REQUESTED : asked;
    }
}
