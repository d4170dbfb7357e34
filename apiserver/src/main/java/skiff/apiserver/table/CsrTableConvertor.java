package skiff.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for certificates.k8s.io/v1 CertificateSigningRequests:
 * {@code NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION}.
 */
final class CsrTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.AGE,
            Columns.string("SignerName", "signerName indicates the requested signer, and is a qualified name."),
            Columns.string("Requestor", "Name of the user which made this request."),
            Columns.string("RequestedDuration", "expirationSeconds is the requested duration of validity of the "
                    + "issued certificate."),
            Columns.string("Condition", "State of the request (Approved, Denied, Failed, Issued, Pending)."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printCertificateSigningRequest and extractCSRStatus (1.32).
    @Override
    public List<Object> cells(JsonNode csr, Instant now) {
        JsonNode spec = csr.path("spec");
        String signer = spec.path("signerName").asString("");
        JsonNode expiration = spec.get("expirationSeconds");
        String duration = expiration == null || expiration.isNull() ? Placeholders.NONE
                : HumanDuration.format(Duration.ofSeconds(expiration.asLong()));
        return List.of(WireValues.name(csr), Age.of(csr, now), signer.isEmpty() ? Placeholders.NONE : signer,
                spec.path("username").asString(""), duration, condition(csr.path("status")));
    }

    private static String condition(JsonNode status) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : status.path("conditions")) {
            switch (c.path("type").asString("")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> { }
            }
        }
        String condition = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            condition += ",Failed";
        }
        if (!status.path("certificate").asString("").isEmpty()) {
            condition += ",Issued";
        }
        return condition;
    }
}
