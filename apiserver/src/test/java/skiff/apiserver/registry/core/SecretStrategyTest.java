package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class SecretStrategyTest {

    @Test
    void stringDataIsMergedIntoDataBase64EncodedAndWinsOverData() {
        ObjectNode secret = secret("""
                {"data":{"user":"YWRtaW4=","password":"b2xk"},"stringData":{"password":"s3cret"}}""");

        SecretStrategy.INSTANCE.applyDefaults(secret);

        assertThat(secret).isEqualTo(secret("""
                {"data":{"user":"YWRtaW4=","password":"czNjcmV0"},"type":"Opaque"}"""));
    }

    @Test
    void aSecretWithoutTypeIsOpaqueAndAGivenTypeStays() {
        ObjectNode untyped = secret("{}");
        ObjectNode typed = secret("{\"type\":\"kubernetes.io/tls\"}");

        SecretStrategy.INSTANCE.applyDefaults(untyped);
        SecretStrategy.INSTANCE.applyDefaults(typed);

        assertThat(untyped.path("type").asString()).isEqualTo("Opaque");
        assertThat(typed.path("type").asString()).isEqualTo("kubernetes.io/tls");
    }

    private static ObjectNode secret(String fields) {
        return (ObjectNode) Json.parse(fields.getBytes());
    }
}
