package skiff.apiserver.registry.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets take stringData as a write-only convenience: its entries overwrite those of data, encoded, and it is not
 * stored (k/k pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret); the type defaults to Opaque (k/k
 * pkg/apis/core/v1/defaults.go SetDefaults_Secret).
 */
public enum SecretStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForCreate(ObjectNode secret) {
        normalize(secret);
    }

    @Override
    public void prepareForUpdate(ObjectNode secret, ObjectNode old) {
        normalize(secret);
    }

    private static void normalize(ObjectNode secret) {
        JsonNode stringData = secret.remove("stringData");
        if (stringData != null && stringData.isObject() && !stringData.isEmpty()) {
            ObjectNode data = secret.get("data") instanceof ObjectNode d ? d : secret.putObject("data");
            for (var entry : stringData.properties()) {
                byte[] value = entry.getValue().asString("").getBytes(StandardCharsets.UTF_8);
                data.put(entry.getKey(), Base64.getEncoder().encodeToString(value));
            }
        }
        if (secret.path("type").asString("").isEmpty()) {
            secret.put("type", "Opaque");
        }
    }
}
