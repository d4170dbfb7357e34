package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import skiff.apiserver.security.CertificateAuthority;

class CaCertHashTest {
    @Test
    void theHashIsSha256OfTheCertificatesSubjectPublicKeyInfo() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate();
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ca.certificate().getPublicKey().getEncoded()));

        assertThat(CaCertHash.of(ca.certificatePem())).isEqualTo(expected).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void pinsAreSha256AndSixtyFourHexDigits() {
        assertThat(CaCertHash.parse("SHA256:" + "AB".repeat(32))).isEqualTo("sha256:" + "ab".repeat(32));
        assertThatThrownBy(() -> CaCertHash.parse("md5:" + "ab".repeat(16)))
                .hasMessageContaining("unknown hash type");
        assertThatThrownBy(() -> CaCertHash.parse("sha256:abc")).hasMessageContaining("32 byte SHA-256");
    }
}
