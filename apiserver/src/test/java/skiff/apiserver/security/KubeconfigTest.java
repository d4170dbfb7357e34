package skiff.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubeconfigTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private final CertificateAuthority ca = CertificateAuthority.generate();

    @TempDir
    Path directory;

    @Test
    void kubeconfigHasOneClusterOneUserAndOneContextThatIsCurrent() {
        String yaml = Kubeconfig.render("https://127.0.0.1:6443", ca.certificatePem(), TOKEN, "skiff");

        JsonNode config = YAML.readTree(yaml);

        assertThat(config.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(config.path("kind").asString()).isEqualTo("Config");
        assertThat(config.path("clusters")).hasSize(1);
        assertThat(config.at("/clusters/0/name").asString()).isEqualTo("skiff");
        assertThat(config.at("/clusters/0/cluster/server").asString()).isEqualTo("https://127.0.0.1:6443");
        assertThat(config.path("users")).hasSize(1);
        assertThat(config.at("/users/0/name").asString()).isEqualTo("skiff-admin");
        assertThat(config.at("/users/0/user/token").asString()).isEqualTo(TOKEN);
        assertThat(config.path("contexts")).hasSize(1);
        assertThat(config.at("/contexts/0/name").asString()).isEqualTo("skiff");
        assertThat(config.at("/contexts/0/context/cluster").asString()).isEqualTo("skiff");
        assertThat(config.at("/contexts/0/context/user").asString()).isEqualTo("skiff-admin");
        assertThat(config.path("current-context").asString()).isEqualTo("skiff");
    }

    @Test
    void anEcClientKeyIsASec1BlockNamingItsCurve() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate("system:kube-scheduler", java.util.Set.of());
        JsonNode config = YAML.readTree(Kubeconfig.render("https://127.0.0.1:6443", ca.certificatePem(), client,
                "skiff"));

        String pem = new String(Base64.getDecoder().decode(config.at("/users/0/user/client-key-data").asString()),
                StandardCharsets.US_ASCII);

        // Go's x509.ParseECPrivateKey needs the curve in the block itself; openssl and fabric8 read this form.
        assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        try (var parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
            var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                    ((org.bouncycastle.openssl.PEMKeyPair) parser.readObject()).getPrivateKeyInfo()
                            .parsePrivateKey());
            assertThat(sec1.getParametersObject()).isEqualTo(
                    org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
            assertThat(sec1.getKey()).isEqualTo(((java.security.interfaces.ECPrivateKey) client.privateKey()).getS());
        }
    }

    @Test
    void certificateAuthorityDataDecodesToTheCaPem() {
        JsonNode config = YAML.readTree(Kubeconfig.render("https://127.0.0.1:6443", ca.certificatePem(), TOKEN));

        String data = config.at("/clusters/0/cluster/certificate-authority-data").asString();

        assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII))
                .isEqualTo(ca.certificatePem());
    }

    @Test
    void writtenKubeconfigIsReadableOnlyByItsOwnerAndReplacesTheEarlierOne() throws Exception {
        Path file = directory.resolve(".kube/config");
        Kubeconfig.write(file, "https://127.0.0.1:6443", ca.certificatePem(), "old-token");

        Kubeconfig.write(file, "https://10.0.0.1:6443", ca.certificatePem(), TOKEN);

        JsonNode config = YAML.readTree(Files.readString(file));
        assertThat(config.at("/clusters/0/cluster/server").asString()).isEqualTo("https://10.0.0.1:6443");
        assertThat(config.at("/users/0/user/token").asString()).isEqualTo(TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
