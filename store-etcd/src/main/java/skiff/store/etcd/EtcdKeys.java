package skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the store's keys live in etcd: every key starts with {@code root} ("/registry" for the API server), which is
 * replaced by {@code etcdPrefix} (kube-apiserver --etcd-prefix, "/registry" by default). Below the root a key is
 * kept as it is, so with the defaults the API server's keys are etcd's keys: /registry/pods/NAMESPACE/NAME.
 */
record EtcdKeys(String root, String etcdPrefix) {

    EtcdKeys {
        if (root.endsWith("/") || etcdPrefix.endsWith("/")) {
            throw new IllegalArgumentException("prefixes are given without a trailing slash: " + root + ", "
                    + etcdPrefix);
        }
    }

    /**
     * kube-apiserver joins its prefix with "/" (path.Join("/", prefix)): "registry", "/registry" and "/registry/"
     * are the same prefix.
     */
    static String normalisePrefix(String prefix) {
        String trimmed = prefix.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? "" : trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }

    ByteSequence toEtcd(String key) {
        if (!key.startsWith(root)) {
            throw new IllegalArgumentException("key " + key + " is outside the store's root " + root);
        }
        return bytes(etcdPrefix + key.substring(root.length()));
    }

    /** The store's key for an etcd key under {@link #etcdPrefix}. */
    String fromEtcd(ByteSequence key) {
        String etcdKey = key.toString(StandardCharsets.UTF_8);
        return root + etcdKey.substring(etcdPrefix.length());
    }

    /**
     * The etcd prefix that holds exactly the store's keys starting with {@code prefix}, or empty when no key of the
     * store can start with it.
     */
    Optional<ByteSequence> etcdPrefixOf(String prefix) {
        if (prefix.startsWith(root)) {
            return Optional.of(bytes(etcdPrefix + prefix.substring(root.length())));
        }
        if (root.startsWith(prefix)) {
            return Optional.of(bytes(etcdPrefix));
        }
        return Optional.empty();
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
