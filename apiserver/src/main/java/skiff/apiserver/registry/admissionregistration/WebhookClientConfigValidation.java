package skiff.apiserver.registry.admissionregistration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.GoQuotedString;
import skiff.api.validation.NameValidation;
import skiff.api.validation.PortValidation;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/**
 * The rules of a webhook's clientConfig url or service, shared by admission webhook configurations and CRD
 * conversion webhooks (k/k 1.32 apiserver pkg/util/webhook/validation.go).
 */
public final class WebhookClientConfigValidation {
    private static final String URL_FORM = "; desired format: https://host[/path]";

    private WebhookClientConfigValidation() {}

    // k/k apiserver pkg/util/webhook/validation.go ValidateWebhookURL with forceHttps.
    public static void validateUrl(String url, String at, List<FieldError> errors) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            errors.add(FieldError.required(at, "url must be a valid URL: parse " + GoQuotedString.of(url) + ": "
                    + e.getReason() + URL_FORM));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("https")) {
            errors.add(FieldError.invalid(at, scheme, "'https' is the only allowed URL scheme" + URL_FORM));
        }
        String host = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().replaceFirst("^.*@", "");
        if (host.isEmpty()) {
            errors.add(FieldError.invalid(at, host, "host must be provided" + URL_FORM));
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(FieldError.invalid(at, uri.getRawUserInfo(), "user information is not permitted in the URL"));
        }
        if (uri.getRawFragment() != null && !uri.getRawFragment().isEmpty()) {
            errors.add(FieldError.invalid(at, uri.getFragment(), "fragments are not permitted in the URL"));
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            errors.add(FieldError.invalid(at, uri.getRawQuery(), "query parameters are not permitted in the URL"));
        }
    }

    // k/k apiserver pkg/util/webhook/validation.go ValidateWebhookService. validation.go passes the service's name
    // where that function takes the namespace and the other way round, so a missing namespace is reported as
    // "service name is required" at .name, and a missing name at .namespace: kept as Kubernetes 1.32 reports them.
    public static void validateService(JsonNode service, String at, List<FieldError> errors) {
        if (GoFields.text(service, "namespace").isEmpty()) {
            errors.add(FieldError.required(at + ".name", "service name is required"));
        }
        if (GoFields.text(service, "name").isEmpty()) {
            errors.add(FieldError.required(at + ".namespace", "service namespace is required"));
        }
        long port = service.path("port").asLong(0);
        List<String> portErrors = PortValidation.isValidPortNum(port);
        if (!portErrors.isEmpty()) {
            errors.add(FieldError.invalid(at + ".port", port, "port is not valid: " + String.join(", ", portErrors)));
        }
        JsonNode pathNode = service.get("path");
        if (!GoFields.present(pathNode)) {
            return;
        }
        String path = pathNode.asString("");
        if (path.equals("/") || path.isEmpty()) {
            return;
        }
        if (path.equals("//")) {
            errors.add(FieldError.invalid(at + ".path", path, "segment[0] may not be empty"));
            return;
        }
        if (!path.startsWith("/")) {
            errors.add(FieldError.invalid(at + ".path", path, "must start with a '/'"));
        }
        String check = path.substring(1);
        if (check.endsWith("/")) {
            check = check.substring(0, check.length() - 1);
        }
        String[] steps = check.split("/", -1);
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].isEmpty()) {
                errors.add(FieldError.invalid(at + ".path", path, "segment[" + i + "] may not be empty"));
                continue;
            }
            for (String failure : NameValidation.isDns1123Subdomain(steps[i])) {
                errors.add(FieldError.invalid(at + ".path", path, "segment[" + i + "]: " + failure));
            }
        }
    }
}
