package skiff.server;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import skiff.api.time.Clock;

/**
 * Creates bootstrap tokens as {@code kubeadm token create} does (k/k cmd/kubeadm/app/phases/bootstraptoken/node/
 * token.go and k8s.io/cluster-bootstrap/token, 1.32): a random {@code ID.SECRET} stored as the Secret
 * {@code bootstrap-token-ID} in kube-system, for authentication and signing, in kubeadm's default node token group.
 */
public final class BootstrapTokens {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final KubernetesClient client;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public BootstrapTokens(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A new token valid for {@code ttl} ({@link Duration#ZERO}: forever), stored through the API. */
    public String create(Duration ttl) {
        String id = random(6);
        String secret = random(16);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("token-id", id);
        data.put("token-secret", secret);
        if (!ttl.isZero()) {
            data.put("expiration", clock.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS).toString());
        }
        data.put("usage-bootstrap-authentication", "true");
        data.put("usage-bootstrap-signing", "true");
        data.put("auth-extra-groups", BootstrapTokenAccess.NODE_TOKEN_GROUP);
        data.put("description", "Created by skiff token create.");
        client.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bootstrap-token-" + id).withNamespace("kube-system").endMetadata()
                .withType("bootstrap.kubernetes.io/token").withStringData(data).build()).create();
        return id + "." + secret;
    }

    private String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
