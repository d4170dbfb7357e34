package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/** x-kubernetes-validations that use the Kubernetes URL, quantity, IP, CIDR and format libraries. */
class CelLibraryRulesTest {
    private static final StructuralSchema SCHEMA = StructuralSchema.of(json("""
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {
              "endpoint": {"type": "string", "maxLength": 256, "x-kubernetes-validations": [
                {"rule": "url(self).getScheme() == 'https'", "message": "endpoint must use https"}]},
              "memory": {"type": "string", "maxLength": 32, "x-kubernetes-validations": [
                {"rule": "quantity(self).isLessThan(quantity('1Gi'))"}]},
              "subnet": {"type": "string", "maxLength": 64, "x-kubernetes-validations": [
                {"rule": "isCIDR(self) && cidr('10.0.0.0/8').containsCIDR(self)",
                 "messageExpression": "'subnet ' + self + ' is not inside 10.0.0.0/8'"}]},
              "name": {"type": "string", "maxLength": 64, "x-kubernetes-validations": [
                {"rule": "!format.dns1123Label().validate(self).hasValue()",
                 "messageExpression": "format.dns1123Label().validate(self).value().join(', ')"}]}}}}}
            """));
    private static final CelValidator VALIDATOR = CelValidator.of(SCHEMA).orElseThrow();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"endpoint": "https://example.com/x", "memory": "512Mi", "subnet": "10.0.0.0/16", "name": "a-b"} |
            {"endpoint": "http://example.com/x"} | spec.endpoint: Invalid value: "string": endpoint must use https
            {"endpoint": "example.com"} | spec.endpoint: Invalid value: "string": URL parse error during conversion from string: parse "example.com": invalid URI for request evaluating rule: endpoint must use https
            {"memory": "2Gi"} | spec.memory: Invalid value: "string": failed rule: quantity(self).isLessThan(quantity('1Gi'))
            {"memory": "lots"} | spec.memory: Invalid value: "string": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' evaluating rule: quantity(self).isLessThan(quantity('1Gi'))
            {"subnet": "192.168.0.0/24"} | spec.subnet: Invalid value: "string": subnet 192.168.0.0/24 is not inside 10.0.0.0/8
            {"name": "Bad_Name"} | spec.name: Invalid value: "string": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
            """)
    void rulesUseTheLibraries(String spec, String expected) {
        List<FieldError> errors = VALIDATOR.validate(json("{\"spec\": " + spec + "}"), null);
        assertThat(errors).extracting(FieldError::toString)
                .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected));
    }

    @org.junit.jupiter.api.Test
    void rulesWithTheLibrariesPassTheCrdChecks() {
        assertThat(CelSchemaChecks.check(SCHEMA, "openAPIV3Schema")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aFormatCheckOverUnboundedStringsIsTooCostly() {
        String rule = "self.all(x, !format.dns1123Subdomain().validate(x).hasValue())";
        StructuralSchema unbounded = StructuralSchema.of(json("{\"type\": \"object\", \"properties\": {\"names\": "
                + "{\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"x-kubernetes-validations\": "
                + "[{\"rule\": \"" + rule + "\"}]}}}"));
        StructuralSchema bounded = StructuralSchema.of(json("{\"type\": \"object\", \"properties\": {\"names\": "
                + "{\"type\": \"array\", \"maxItems\": 16, \"items\": {\"type\": \"string\", \"maxLength\": 253}, "
                + "\"x-kubernetes-validations\": [{\"rule\": \"" + rule + "\"}]}}}"));

        assertThat(CelSchemaChecks.check(unbounded, "openAPIV3Schema")).extracting(FieldError::toString)
                .containsExactly("openAPIV3Schema.properties[names].x-kubernetes-validations[0].rule: Forbidden: "
                        + "estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, "
                        + "or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are "
                        + "declared)");
        assertThat(CelSchemaChecks.check(bounded, "openAPIV3Schema")).isEmpty();
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
