package skiff.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or identity token) for a registry, as a {@code kubernetes.io/dockerconfigjson} secret's
 * {@code auths} entry or a registries.yaml {@code configs.HOST.auth} holds them.
 */
public record RegistryCredentials(String username, String password) {

    /** The {@code Authorization} header value of the Basic scheme (RFC 7617). */
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + username + "]";
    }
}
