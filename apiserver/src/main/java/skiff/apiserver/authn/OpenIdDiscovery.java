package skiff.apiserver.authn;

import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service-account issuer's OpenID Connect discovery documents (k/k pkg/serviceaccount/openidmetadata.go, 1.32):
 * {@value #CONFIGURATION_PATH} and the key set at {@value #JWKS_PATH}, so that other parties can verify the tokens.
 */
public final class OpenIdDiscovery {
    public static final String CONFIGURATION_PATH = "/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/openid/v1/jwks";
    /** k/k openidmetadata.go: both documents are cacheable for an hour. */
    public static final String CACHE_CONTROL = "public, max-age=3600";
    public static final String JWKS_MEDIA_TYPE = "application/jwk-set+json";

    private final ObjectNode configuration;
    private final JsonNode jwks;

    /** @param serverUrl where this server is reached, which the JWKS URI names (--service-account-jwks-uri default) */
    public OpenIdDiscovery(ServiceAccountTokenCodec codec, String serverUrl) {
        configuration = Json.object();
        configuration.put("issuer", codec.issuer());
        configuration.put("jwks_uri", serverUrl + JWKS_PATH);
        configuration.putArray("response_types_supported").add("id_token");
        configuration.putArray("subject_types_supported").add("public");
        configuration.putArray("id_token_signing_alg_values_supported").add("RS256");
        jwks = Json.mapper().valueToTree(codec.key().jwks());
    }

    public ObjectNode configuration() {
        return configuration.deepCopy();
    }

    public JsonNode jwks() {
        return jwks.deepCopy();
    }
}
