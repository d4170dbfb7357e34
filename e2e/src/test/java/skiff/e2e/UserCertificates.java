package skiff.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Users with client certificates, made as an administrator makes them: {@code openssl} signs a request with the
 * cluster CA in the server's data directory ({@code tls/ca.crt}, {@code tls/ca.key}, k3s' client CA), and
 * {@code kubectl config set-credentials --embed-certs} puts the certificate and key into a copy of the admin's
 * kubeconfig as its current user.
 */
public final class UserCertificates {
    private UserCertificates() {}

    /**
     * A kubeconfig in {@code work} for a certificate of {@code subject} (e.g. {@code /CN=jane/O=devs}) valid for a
     * day, with {@code extensions} (an openssl extension line such as {@code extendedKeyUsage=serverAuth}, or empty
     * for none, as {@code openssl x509 -req} signs by default).
     */
    public static Path kubeconfig(Path dataDir, Path adminKubeconfig, Path work, String user, String subject,
            String extensions) throws IOException {
        Path tls = dataDir.resolve("tls");
        Path key = work.resolve(user + ".key");
        Path request = work.resolve(user + ".csr");
        Path certificate = work.resolve(user + ".crt");
        run(work, "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                request.toString(), "-subj", subject);
        List<String> sign = new ArrayList<>(List.of("openssl", "x509", "-req", "-in", request.toString(), "-CA",
                tls.resolve("ca.crt").toString(), "-CAkey", tls.resolve("ca.key").toString(), "-set_serial",
                String.valueOf(System.nanoTime()), "-days", "1", "-out", certificate.toString()));
        if (!extensions.isEmpty()) {
            Path file = work.resolve(user + ".ext");
            Files.writeString(file, extensions + "\n");
            sign.addAll(List.of("-extfile", file.toString()));
        }
        run(work, sign.toArray(String[]::new));
        Path kubeconfig = work.resolve(user + ".kubeconfig");
        Files.copy(adminKubeconfig, kubeconfig);
        Kubectl kubectl = new Kubectl(kubeconfig, work);
        kubectl.succeed("config", "set-credentials", user, "--client-certificate=" + certificate,
                "--client-key=" + key, "--embed-certs=true");
        kubectl.succeed("config", "set-context", "--current", "--user=" + user);
        return kubeconfig;
    }

    private static void run(Path work, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                fail("%s failed: %s", String.join(" ", command), output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
