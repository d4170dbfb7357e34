package skiff.apiserver.registry.certificates;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * certificates.k8s.io/v1 CertificateSigningRequest validation (k/k pkg/apis/certificates/validation/validation.go,
 * 1.32): a signed PEM request, known usages without repeats, a qualified signer name, at least ten minutes asked for,
 * consistent conditions and a PEM certificate. Updates may set approval conditions only through {@code /approval}
 * and the certificate only through {@code /status}.
 */
final class CsrValidation {
    static final List<String> USAGES = List.of("any", "cert sign", "client auth", "code signing", "content commitment",
            "crl sign", "data encipherment", "decipher only", "digital signature", "email protection",
            "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment",
            "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping");
    private static final String LEGACY_SIGNER = "kubernetes.io/legacy-unknown";
    private static final Set<String> TRUE_ONLY = Set.of("Approved", "Denied", "Failed");
    private static final List<String> ALL_STATUSES = List.of("False", "True", "Unknown");

    /** Which writes an update path allows. */
    enum UpdatePath {
        MAIN(false, false), STATUS(false, true), APPROVAL(true, false);

        private final boolean approvalConditions;
        private final boolean certificate;

        UpdatePath(boolean approvalConditions, boolean certificate) {
            this.approvalConditions = approvalConditions;
            this.certificate = certificate;
        }
    }

    private CsrValidation() {}

    static List<FieldError> validate(ObjectNode csr) {
        return validate(csr, null);
    }

    /** Validation of {@code csr}, created when {@code old} is null. */
    private static List<FieldError> validate(ObjectNode csr, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = csr.path("spec");
        String request = spec.path("request").asString("");
        String requestError = CsrPem.requestError(bytes(request));
        if (requestError != null) {
            errors.add(FieldError.invalid("spec.request", request, requestError));
        }
        List<String> usages = new ArrayList<>();
        spec.path("usages").forEach(u -> usages.add(u.asString("")));
        if (usages.isEmpty()) {
            errors.add(FieldError.required("spec.usages", "usages must be provided"));
        }
        // Tolerated on update when the stored object already had them (getValidationOptions).
        boolean oldUnknown = old != null && textList(old.path("spec").path("usages")).stream()
                .anyMatch(u -> !USAGES.contains(u));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < usages.size(); i++) {
            String usage = usages.get(i);
            if (!oldUnknown && !USAGES.contains(usage)) {
                errors.add(FieldError.notSupported("spec.usages[" + i + "]", usage, USAGES));
            }
            if (!seen.add(usage) && old == null) {
                errors.add(FieldError.duplicate("spec.usages[" + i + "]", usage));
            }
        }
        String signer = spec.path("signerName").asString("");
        if (signer.equals(LEGACY_SIGNER)) {
            errors.add(FieldError.invalid("spec.signerName", signer,
                    "the legacy signerName is not allowed via this API version"));
        } else {
            errors.addAll(signerName(signer));
        }
        JsonNode expiration = spec.get("expirationSeconds");
        if (expiration != null && !expiration.isNull() && expiration.asLong() < 600) {
            errors.add(FieldError.invalid("spec.expirationSeconds", expiration.asLong(),
                    "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        errors.addAll(conditions(csr.path("status").path("conditions")));
        String certificate = csr.path("status").path("certificate").asString("");
        String certificateError = CsrPem.certificateError(bytes(certificate));
        if (certificateError != null) {
            errors.add(FieldError.invalid("status.certificate", "<certificate data>", certificateError));
        }
        return errors;
    }

    static List<FieldError> validateUpdate(ObjectNode csr, ObjectNode old, UpdatePath path) {
        List<FieldError> errors = validate(csr, old);
        JsonNode conditions = csr.path("status").path("conditions");
        JsonNode oldConditions = old.path("status").path("conditions");
        for (String type : List.of("Approved", "Denied", "Failed")) {
            if (ofType(conditions, type).size() < ofType(oldConditions, type).size()) {
                errors.add(FieldError.forbidden("status.conditions",
                        "updates may not remove a condition of type \"" + type + "\""));
            }
        }
        if (!path.approvalConditions) {
            for (String type : List.of("Approved", "Denied")) {
                List<JsonNode> now = ofType(conditions, type);
                List<JsonNode> before = ofType(oldConditions, type);
                if (now.size() > before.size()) {
                    errors.add(FieldError.forbidden("status.conditions",
                            "updates may not add a condition of type \"" + type + "\""));
                } else if (now.size() == before.size() && !now.equals(before)) {
                    errors.add(FieldError.forbidden("status.conditions",
                            "updates may not modify a condition of type \"" + type + "\""));
                }
            }
        }
        String certificate = csr.path("status").path("certificate").asString("");
        String oldCertificate = old.path("status").path("certificate").asString("");
        if (!certificate.equals(oldCertificate)) {
            if (!path.certificate) {
                errors.add(FieldError.forbidden("status.certificate", "updates may not set certificate content"));
            } else if (!oldCertificate.isEmpty()) {
                errors.add(FieldError.forbidden("status.certificate",
                        "updates may not modify existing certificate content"));
            }
        }
        return errors;
    }

    private static List<FieldError> conditions(JsonNode conditions) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean approved = false;
        boolean denied = false;
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            String field = "status.conditions[" + i + "]";
            String type = c.path("type").asString("");
            String status = c.path("status").asString("");
            if (type.isEmpty()) {
                errors.add(FieldError.required(field + ".type", ""));
            }
            List<String> allowed = TRUE_ONLY.contains(type) ? List.of("True") : ALL_STATUSES;
            if (status.isEmpty()) {
                errors.add(FieldError.required(field + ".status", ""));
            } else if (!allowed.contains(status)) {
                errors.add(FieldError.notSupported(field + ".status", status, allowed));
            }
            if (type.equals("Approved")) {
                approved = true;
            } else if (type.equals("Denied")) {
                denied = true;
            }
            if (approved && denied && (type.equals("Approved") || type.equals("Denied"))) {
                errors.add(FieldError.invalid(field + ".type", type,
                        "Approved and Denied conditions are mutually exclusive"));
            }
            if (!seen.add(type)) {
                errors.add(FieldError.duplicate(field + ".type", type));
            }
        }
        return errors;
    }

    // validation.go ValidateCertificateSigningRequestSignerName: domain/path, the domain at least two DNS labels.
    private static List<FieldError> signerName(String signer) {
        List<FieldError> errors = new ArrayList<>();
        if (signer.isEmpty()) {
            errors.add(FieldError.required("spec.signerName", "signerName must be provided"));
            return errors;
        }
        String[] segments = signer.split("/", -1);
        if (segments.length != 2) {
            errors.add(FieldError.invalid("spec.signerName", signer,
                    "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
            return errors;
        }
        if (segments[0].length() > 253) {
            errors.add(FieldError.tooLong("spec.signerName", 253));
        }
        String[] domain = segments[0].split("\\.", -1);
        for (String label : domain) {
            List<String> problems = NameValidation.isDns1123Label(label);
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(FieldError.invalid("spec.signerName", segments[0],
                        "validating label \"" + label + "\": " + p)));
                break;
            }
        }
        if (domain.length < 2) {
            errors.add(FieldError.invalid("spec.signerName", segments[0],
                    "should be a domain with at least two segments separated by dots"));
        }
        for (String label : segments[1].split("\\.", -1)) {
            List<String> problems = NameValidation.isDns1123Subdomain(label);
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(FieldError.invalid("spec.signerName", segments[1],
                        "validating label \"" + label + "\": " + p)));
                break;
            }
        }
        if (signer.length() > 253 + 253 + 63 + 2) {
            errors.add(FieldError.tooLong("spec.signerName", 253 + 253 + 63 + 2));
        }
        return errors;
    }

    static List<JsonNode> ofType(JsonNode conditions, String type) {
        List<JsonNode> found = new ArrayList<>();
        conditions.forEach(c -> {
            if (c.path("type").asString("").equals(type)) {
                found.add(c);
            }
        });
        return found;
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString("")));
        return values;
    }

    private static byte[] bytes(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
