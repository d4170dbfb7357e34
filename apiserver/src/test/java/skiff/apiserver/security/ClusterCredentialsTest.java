package skiff.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.FakeClock;

class ClusterCredentialsTest {
    private static final Set<String> DNS = Set.of("localhost");
    private static final Set<String> IPS = Set.of("127.0.0.1");

    @TempDir
    Path dataDir;

    private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void firstStartCreatesTheCaTheServingCertificateAndTheTokenUnderTheDataDirectory() throws Exception {
        ClusterCredentials credentials = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(dataDir.resolve("tls/ca.crt")).hasContent(credentials.caCertificatePem());
        assertThat(dataDir.resolve("tls/ca.key")).hasContent(credentials.ca().privateKeyPem());
        assertThat(dataDir.resolve("tls/serving.crt")).hasContent(credentials.servingCertificatePem());
        assertThat(dataDir.resolve("tls/serving.key")).hasContent(credentials.servingKeyPem());
        assertThat(credentials.tokenFile()).isEqualTo(dataDir.resolve("token"));
        assertThat(Files.readString(credentials.tokenFile()).strip()).isEqualTo(credentials.adminToken());
        assertThat(credentials.adminToken()).matches("[0-9a-f]{64}");
        assertThat(credentials.servingKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(credentials.ca().issued(credentials.servingCertificate())).isTrue();
    }

    @Test
    void secondStartReusesTheSameCaTokenAndServingCertificate() {
        ClusterCredentials first = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        clock.advance(Duration.ofDays(100));

        ClusterCredentials second = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(second.caCertificatePem()).isEqualTo(first.caCertificatePem());
        assertThat(second.ca().privateKeyPem()).isEqualTo(first.ca().privateKeyPem());
        assertThat(second.adminToken()).isEqualTo(first.adminToken());
        assertThat(second.servingCertificatePem()).isEqualTo(first.servingCertificatePem());
        assertThat(second.servingKeyPem()).isEqualTo(first.servingKeyPem());
    }

    @Test
    void aNewAddressReissuesTheServingCertificateFromTheSameCaAndKeepsTheToken() {
        ClusterCredentials first = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        ClusterCredentials second = ClusterCredentials.loadOrCreate(
                dataDir, Set.of("localhost", "skiff.example"), Set.of("127.0.0.1", "192.168.1.5"), clock);

        assertThat(second.servingCertificatePem()).isNotEqualTo(first.servingCertificatePem());
        assertThat(second.servingKeyPem()).isNotEqualTo(first.servingKeyPem());
        assertThat(SubjectAlternativeNames.of(second.servingCertificate())).isEqualTo(
                SubjectAlternativeNames.of(Set.of("localhost", "skiff.example"), Set.of("127.0.0.1", "192.168.1.5")));
        assertThat(second.caCertificatePem()).isEqualTo(first.caCertificatePem());
        assertThat(first.ca().issued(second.servingCertificate())).isTrue();
        assertThat(second.adminToken()).isEqualTo(first.adminToken());
    }

    @Test
    void askingForFewerNamesKeepsTheServingCertificate() {
        ClusterCredentials first =
                ClusterCredentials.loadOrCreate(dataDir, Set.of("localhost", "skiff.example"), IPS, clock);

        ClusterCredentials second = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(second.servingCertificatePem()).isEqualTo(first.servingCertificatePem());
    }

    @Test
    void aServingCertificateThatExpiresWithinThirtyDaysIsReissuedFromTheSameCa() {
        ClusterCredentials first = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        clock.advance(Duration.ofDays(365 - 31));
        ClusterCredentials stillValid = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        clock.advance(Duration.ofDays(2));

        ClusterCredentials renewed = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(stillValid.servingCertificatePem()).isEqualTo(first.servingCertificatePem());
        assertThat(renewed.servingCertificatePem()).isNotEqualTo(first.servingCertificatePem());
        assertThat(renewed.servingCertificate().getNotAfter().toInstant())
                .isEqualTo(clock.now().plus(Duration.ofDays(365)));
        assertThat(renewed.caCertificatePem()).isEqualTo(first.caCertificatePem());
        assertThat(renewed.adminToken()).isEqualTo(first.adminToken());
    }

    @Test
    void aServingKeyThatDoesNotMatchItsCertificateIsReplaced() throws Exception {
        ClusterCredentials first = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        String strayKey = first.ca().issueServingCertificate(DNS, IPS).privateKeyPem();
        Files.writeString(dataDir.resolve("tls/serving.key"), strayKey);

        ClusterCredentials second = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(second.servingCertificatePem()).isNotEqualTo(first.servingCertificatePem());
        assertThat(KeyPairs.belongTogether(
                        PemCodec.decodePrivateKey(second.servingKeyPem()), second.servingCertificate().getPublicKey()))
                .isTrue();
    }

    @Test
    void anUnreadableServingCertificateIsReissued() throws Exception {
        ClusterCredentials first = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        Files.writeString(dataDir.resolve("tls/serving.crt"), "garbage");

        ClusterCredentials second = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(second.servingCertificatePem()).isNotEqualTo(first.servingCertificatePem());
        assertThat(dataDir.resolve("tls/serving.crt")).hasContent(second.servingCertificatePem());
    }

    @Test
    void aDeletedTokenIsRegeneratedWhileTheCaStays() throws Exception {
        ClusterCredentials first = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        Files.delete(first.tokenFile());

        ClusterCredentials second = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(second.adminToken()).isNotEqualTo(first.adminToken()).matches("[0-9a-f]{64}");
        assertThat(second.caCertificatePem()).isEqualTo(first.caCertificatePem());
    }

    @Test
    void aCaCertificateWithoutItsKeyIsAFaultRatherThanANewCa() throws Exception {
        ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        Files.delete(dataDir.resolve("tls/ca.key"));

        assertThatThrownBy(() -> ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca.key");
    }

    @Test
    void keysAndTokenAreReadableOnlyByTheOwnerAndCertificatesByAll() throws Exception {
        ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(permissions("tls/ca.key")).isEqualTo("rw-------");
        assertThat(permissions("tls/serving.key")).isEqualTo("rw-------");
        assertThat(permissions("token")).isEqualTo("rw-------");
        assertThat(permissions("tls/ca.crt")).isEqualTo("rw-r--r--");
        assertThat(permissions("tls/serving.crt")).isEqualTo("rw-r--r--");
        assertThat(permissions("tls")).isEqualTo("rwx------");
    }

    @Test
    void reissuingLeavesNoTemporaryFilesBehind() throws Exception {
        ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        ClusterCredentials.loadOrCreate(dataDir, Set.of("skiff.example"), IPS, clock);

        try (var files = Files.list(dataDir.resolve("tls"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.crt", "ca.key", "serving.crt", "serving.key", "admin.crt",
                            "admin.key", "service-account.key");
        }
    }

    @Test
    void adminCertificateAndServiceAccountKeyAreKeptAcrossStarts() {
        ClusterCredentials first = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);
        ClusterCredentials second = ClusterCredentials.loadOrCreate(dataDir, DNS, IPS, clock);

        assertThat(second.adminCertificate().certificate()).isEqualTo(first.adminCertificate().certificate());
        assertThat(second.adminCertificate().certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=skiff-admin,O=system:masters");
        assertThat(second.serviceAccountKey().getPublic()).isEqualTo(first.serviceAccountKey().getPublic());
    }

    @Test
    void aDataDirectoryThatDoesNotExistYetIsCreated() {
        Path nested = dataDir.resolve("var/lib/skiff");

        ClusterCredentials credentials = ClusterCredentials.loadOrCreate(nested, DNS, IPS, clock);

        assertThat(credentials.tokenFile()).exists();
        assertThat(nested.resolve("tls/ca.crt")).exists();
    }

    private String permissions(String file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file)));
    }
}
