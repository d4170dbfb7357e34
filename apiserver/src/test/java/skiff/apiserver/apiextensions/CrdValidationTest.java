package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import skiff.apiserver.security.CertificateAuthority;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A v1 CustomResourceDefinition's validation, defaults and update rules, with Kubernetes' field paths. */
class CrdValidationTest {

    static Stream<Arguments> invalidCrds() {
        return Stream.<Arguments>of(
                Arguments.of((UnaryOperator<ObjectNode>) c -> with(c, "metadata", "name", "x.shop.example.com"),
                        List.of("metadata.name: Invalid value: \"x.shop.example.com\": must be "
                                + "spec.names.plural+\".\"+spec.group")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    with(c, "metadata", "name", "widgets.shop");
                    return with(c, "spec", "group", "shop");
                }, List.of("spec.group: Invalid value: \"shop\": should be a domain with at least one dot")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> with(c, "spec", "scope", "Global"),
                        List.of("spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", "
                                + "\"Namespaced\"")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) c.path("spec").path("names")).put("listKind", "Widget");
                    return c;
                }, List.of("spec.names.listKind: Invalid value: \"Widget\": kind and listKind may not be the "
                        + "same")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) c.path("spec").path("names")).putArray("shortNames").add("W_1");
                    return c;
                }, List.of("spec.names.shortNames[0]: Invalid value: \"W_1\": a DNS-1035 label must consist of "
                        + "lower case alphanumeric characters or '-', start with an alphabetic character, and end "
                        + "with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation "
                        + "is '[a-z]([-a-z0-9]*[a-z0-9])?')")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) c.path("spec").path("versions").get(0)).remove("schema");
                    return c;
                }, List.of("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ArrayNode versions = (ArrayNode) c.path("spec").path("versions");
                    versions.add(((ObjectNode) versions.get(0).deepCopy()).put("name", "v2"));
                    return c;
                }, List.of("spec.versions: Invalid value: " + versionsJson(2)
                        + ": must have exactly one version marked as storage version")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) c.path("spec").path("versions").get(0)).put("storage", false);
                    return c;
                }, List.of("spec.versions: Invalid value: " + versionsJson(1).replace("true}", "false}")
                        + ": must have exactly one version marked as storage version")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) c.path("spec").path("versions").get(0)).put("deprecationWarning", "old");
                    return c;
                }, List.of("spec.versions[0].deprecationWarning: Invalid value: \"old\": can only be set for "
                        + "deprecated versions")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) c.path("spec").path("versions").get(0)).put("deprecated", true)
                            .put("deprecationWarning", "é\tx");
                    return c;
                }, List.of("spec.versions[0].deprecationWarning: Invalid value: \"é\\tx\": must only contain "
                        + "printable UTF-8 characters; non-printable character found at index 2")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> {
                    ((ObjectNode) c.path("spec").path("versions").get(0)).put("deprecated", true)
                            .put("deprecationWarning", "");
                    return c;
                }, List.of("spec.versions[0].deprecationWarning: Invalid value: \"\": must not be an empty "
                        + "string")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> conversion(c, "{\"strategy\": \"Webhook\"}"),
                        List.of("spec.conversion.webhookClientConfig: Required value: required when strategy is set "
                                + "to Webhook", "spec.conversion.conversionReviewVersions: Required value")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> conversion(c, """
                        {"strategy": "Webhook", "webhook": {"clientConfig": {"url": "http://conv.example.com/c?x=1"},
                         "conversionReviewVersions": ["v2", "v2", "V3"]}}"""),
                        List.of("spec.conversion.webhookClientConfig.url: Invalid value: \"http\": 'https' is the "
                                + "only allowed URL scheme; desired format: https://host[/path]",
                                "spec.conversion.webhookClientConfig.url: Invalid value: \"x=1\": query parameters "
                                + "are not permitted in the URL",
                                "spec.conversion.conversionReviewVersions[1]: Invalid value: \"v2\": duplicate "
                                + "version",
                                "spec.conversion.conversionReviewVersions[2]: Invalid value: \"V3\": a DNS-1035 "
                                + "label must consist of lower case alphanumeric characters or '-', start with an "
                                + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  "
                                + "or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                                "spec.conversion.conversionReviewVersions: Invalid value: [\"v2\",\"v2\",\"V3\"]: "
                                + "must include at least one of v1, v1beta1")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> conversion(c, """
                        {"strategy": "Webhook", "webhook": {"clientConfig": {"url": "https://conv.example.com/c",
                         "service": {"namespace": "ns", "name": "conv"}}, "conversionReviewVersions": ["v1"]}}"""),
                        List.of("spec.conversion.webhookClientConfig: Required value: exactly one of url or service "
                                + "is required")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> conversion(c, """
                        {"strategy": "Webhook", "webhook": {"clientConfig": {"service": {"namespace": "ns",
                         "path": "convert"}}, "conversionReviewVersions": ["v1"]}}"""),
                        List.of("spec.conversion.webhookClientConfig.service.namespace: Required value: service "
                                + "namespace is required", "spec.conversion.webhookClientConfig.service.path: "
                                + "Invalid value: \"convert\": must start with a '/'")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> conversion(c, """
                        {"strategy": "None", "webhook": {"clientConfig": {"url": "https://conv.example.com/c"},
                         "conversionReviewVersions": ["v1"]}}"""),
                        List.of("spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is "
                                + "not set to Webhook", "spec.conversion.conversionReviewVersions: Forbidden: should "
                                + "not be set when strategy is not set to Webhook")),
                Arguments.of((UnaryOperator<ObjectNode>) c -> conversion(c, "{\"strategy\": \"Lua\"}"),
                        List.of("spec.conversion.strategy: Unsupported value: \"Lua\": supported values: \"None\", "
                                + "\"Webhook\"")));
    }

    private static ObjectNode conversion(ObjectNode crd, String conversion) {
        ((ObjectNode) crd.path("spec")).set("conversion", Json.parse(conversion.getBytes(StandardCharsets.UTF_8)));
        return crd;
    }

    @Test
    void aWebhookConversionIsValidAndItsServicePortDefaultsTo443() {
        ObjectNode crd = conversion(crd(), """
                {"strategy": "Webhook", "webhook": {"clientConfig": {"service": {"namespace": "ns", "name": "conv",
                 "path": "/convert"}, "caBundle": "Cg=="}, "conversionReviewVersions": ["v1", "v1beta1"]}}""");

        CrdStrategy.INSTANCE.applyDefaults(crd);

        assertThat(crd.path("spec").path("conversion").path("webhook").path("clientConfig").path("service")
                .path("port").asInt()).isEqualTo(443);
        assertThat(CrdStrategy.INSTANCE.validate(crd)).isEmpty();
    }

    @Test
    void anInvalidCaBundleIsAcceptedUntilTheCrdIsEstablishedAndThenOnlyIfItWasAlreadyInvalid() {
        String garbage = Base64.getEncoder().encodeToString("not a cert".getBytes(StandardCharsets.US_ASCII));
        String valid = Base64.getEncoder().encodeToString(CertificateAuthority.generate().certificatePem()
                .getBytes(StandardCharsets.US_ASCII));
        String webhook = """
                {"strategy": "Webhook", "webhook": {"clientConfig": {"url": "https://conv.example.com/c",
                 "caBundle": "%s"}, "conversionReviewVersions": ["v1"]}}""";
        ObjectNode invalid = conversion(crd(), webhook.formatted(garbage));
        ObjectNode good = conversion(crd(), webhook.formatted(valid));
        for (ObjectNode crd : List.of(invalid, good)) {
            CrdStrategy.INSTANCE.applyDefaults(crd);
            CrdConditions.set(crd, CrdConditions.ESTABLISHED, "True", "InitialNamesAccepted", "", "2026-01-01T00:00:00Z");
        }
        ObjectNode notEstablished = conversion(crd(), webhook.formatted(valid));
        CrdStrategy.INSTANCE.applyDefaults(notEstablished);

        assertThat(CrdStrategy.INSTANCE.validate(invalid.deepCopy())).isEmpty();
        assertThat(CrdStrategy.INSTANCE.validateUpdate(invalid.deepCopy(), notEstablished)).isEmpty();
        assertThat(CrdStrategy.INSTANCE.validateUpdate(invalid.deepCopy(), invalid)).isEmpty();
        assertThat(CrdStrategy.INSTANCE.validateUpdate(invalid.deepCopy(), good)).extracting(FieldError::toString)
                .containsExactly("spec.conversion.webhookClientConfig.caBundle: Invalid value: \"" + garbage
                        + "\": unable to load root certificates: unable to parse bytes as PEM block");
        assertThat(CaBundles.problem(Base64.getEncoder().encodeToString(
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII))))
                .contains("unable to load root certificates: no valid certificate authority data seen");
    }

    @Test
    void anUnknownReviewVersionIsKeptOnUpdateOnlyWhenTheOldCrdHadNoKnownOne() {
        String unknown = """
                {"strategy": "Webhook", "webhook": {"clientConfig": {"url": "https://conv.example.com/c"},
                 "conversionReviewVersions": ["v9"]}}""";
        ObjectNode old = conversion(crd(), unknown);
        ObjectNode known = conversion(crd(), unknown.replace("v9", "v1"));
        CrdStrategy.INSTANCE.applyDefaults(old);
        CrdStrategy.INSTANCE.applyDefaults(known);

        assertThat(CrdStrategy.INSTANCE.validateUpdate(old.deepCopy(), old)).isEmpty();
        assertThat(CrdStrategy.INSTANCE.validateUpdate(old.deepCopy(), known)).extracting(FieldError::toString)
                .containsExactly("spec.conversion.conversionReviewVersions: Invalid value: [\"v9\"]: must "
                        + "include at least one of v1, v1beta1");
    }

    @ParameterizedTest
    @MethodSource("invalidCrds")
    void invalidCrdsGetKubernetesFieldErrors(UnaryOperator<ObjectNode> change, List<String> expected) {
        ObjectNode crd = change.apply(crd());
        CrdStrategy.INSTANCE.applyDefaults(crd);

        assertThat(CrdStrategy.INSTANCE.validate(crd)).extracting(FieldError::toString)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void defaultsFillSingularListKindAndConversion() {
        ObjectNode crd = crd();

        CrdStrategy.INSTANCE.applyDefaults(crd);
        CrdStrategy.INSTANCE.prepareForCreate(crd);

        assertThat(crd.path("spec").path("names").path("singular").asString()).isEqualTo("widget");
        assertThat(crd.path("spec").path("names").path("listKind").asString()).isEqualTo("WidgetList");
        assertThat(crd.path("spec").path("conversion").path("strategy").asString()).isEqualTo("None");
        assertThat(crd.path("status").path("storedVersions").toString()).isEqualTo("[\"v1\"]");
        assertThat(CrdStrategy.INSTANCE.validate(crd)).isEmpty();
    }

    @Test
    void groupAndPluralNeverChangeAndScopeNotOnceEstablished() {
        ObjectNode old = crd();
        CrdStrategy.INSTANCE.applyDefaults(old);
        CrdStrategy.INSTANCE.prepareForCreate(old);
        CrdConditions.set(old, CrdConditions.ESTABLISHED, "True", "InitialNamesAccepted", "", "2026-01-01T00:00:00Z");
        ObjectNode changed = old.deepCopy();
        with(changed, "spec", "scope", "Cluster");

        assertThat(CrdStrategy.INSTANCE.validateUpdate(changed, old)).extracting(FieldError::toString)
                .containsExactly("spec.scope: Invalid value: \"Cluster\": field is immutable");
    }

    @Test
    void aNewStorageVersionIsStoredAndAStoredVersionCannotBeRemoved() {
        ObjectNode old = crd();
        CrdStrategy.INSTANCE.applyDefaults(old);
        CrdStrategy.INSTANCE.prepareForCreate(old);
        ObjectNode twoVersions = old.deepCopy();
        ArrayNode versions = (ArrayNode) twoVersions.path("spec").path("versions");
        ((ObjectNode) versions.get(0)).put("storage", false);
        versions.add(((ObjectNode) versions.get(0).deepCopy()).put("name", "v2").put("storage", true));

        CrdStrategy.INSTANCE.prepareForUpdate(twoVersions, old);

        assertThat(twoVersions.path("status").path("storedVersions").toString()).isEqualTo("[\"v1\",\"v2\"]");
        assertThat(CrdStrategy.INSTANCE.validateUpdate(twoVersions, old)).isEmpty();
        ObjectNode withoutV1 = twoVersions.deepCopy();
        ((ArrayNode) withoutV1.path("spec").path("versions")).remove(0);
        CrdStrategy.INSTANCE.prepareForUpdate(withoutV1, twoVersions);
        assertThat(CrdStrategy.INSTANCE.validateUpdate(withoutV1, twoVersions)).extracting(FieldError::toString)
                .containsExactly("status.storedVersions[0]: Invalid value: \"v1\": must appear in spec.versions");
    }

    private static ObjectNode with(ObjectNode crd, String object, String field, String value) {
        ((ObjectNode) crd.path(object)).put(field, value);
        return crd;
    }

    private static String versionsJson(int count) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 1; i <= count; i++) {
            s.append(i > 1 ? "," : "").append("{\"name\":\"v").append(i).append("\",\"schema\":{\"openAPIV3Schema\":"
                    + "{\"type\":\"object\"}},\"served\":true,\"storage\":true}");
        }
        return s.append("]").toString();
    }

    private static ObjectNode crd() {
        return (ObjectNode) Json.parse("""
                {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                 "metadata": {"name": "widgets.shop.example.com"},
                 "spec": {"group": "shop.example.com", "scope": "Namespaced",
                          "names": {"plural": "widgets", "kind": "Widget"},
                          "versions": [{"name": "v1", "served": true, "storage": true,
                                        "schema": {"openAPIV3Schema": {"type": "object"}}}]}}
                """.getBytes(StandardCharsets.UTF_8));
    }
}
