package skiff.apiserver.registry.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets: stringData is write-only, merged into data base64-encoded and winning over data's keys (k/k
 * pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret), and the type defaults to Opaque (k/k
 * pkg/apis/core/v1/defaults.go SetDefaults_Secret).
 */
public enum SecretStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void applyDefaults(ObjectNode secret) {
        if (secret.path("type").asString("").isEmpty()) {
            secret.put("type", "Opaque");
        }
        ObjectNode data = secret.get("stringData") instanceof ObjectNode ? GoFields.struct(secret, "data") : null;
        if (data != null && secret.get("stringData") instanceof ObjectNode stringData) {
            for (Map.Entry<String, JsonNode> entry : stringData.properties()) {
                data.put(entry.getKey(), Base64.getEncoder().encodeToString(
                        entry.getValue().asString("").getBytes(StandardCharsets.UTF_8)));
            }
        }
        secret.remove("stringData");
    }

    @Override
    public List<FieldError> validate(ObjectNode secret) {
        return DataValidation.secret(secret);
    }
}
