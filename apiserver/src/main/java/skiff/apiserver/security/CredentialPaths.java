package skiff.apiserver.security;

import java.nio.file.Path;
import java.util.List;

/** Where the cluster's credentials live under the server's data directory. */
record CredentialPaths(Path dataDirectory) {

    Path tlsDirectory() {
        return dataDirectory.resolve("tls");
    }

    Path caCertificate() {
        return tlsDirectory().resolve("ca.crt");
    }

    Path caKey() {
        return tlsDirectory().resolve("ca.key");
    }

    Path servingCertificate() {
        return tlsDirectory().resolve("serving.crt");
    }

    Path servingKey() {
        return tlsDirectory().resolve("serving.key");
    }

    Path serviceAccountKey() {
        return tlsDirectory().resolve("service-account.key");
    }

    Path adminCertificate() {
        return tlsDirectory().resolve("admin.crt");
    }

    Path adminKey() {
        return tlsDirectory().resolve("admin.key");
    }

    Path token() {
        return dataDirectory.resolve("token");
    }

    /** The files only their owner may read: the private keys and the token. */
    List<Path> secrets() {
        return List.of(caKey(), servingKey(), serviceAccountKey(), adminKey(), token());
    }
}
