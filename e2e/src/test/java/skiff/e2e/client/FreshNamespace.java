package skiff.e2e.client;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.ThreadLocalRandom;

/** A new, uniquely named namespace per test, so that tests sharing one server do not see each other's objects. */
final class FreshNamespace {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private FreshNamespace() {}

    static String create(KubernetesClient client, String prefix) {
        StringBuilder name = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 6; i++) {
            name.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name.toString())
                .endMetadata().build()).create();
        return name.toString();
    }
}
