package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeCertificateRotationTest {
    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2026-01-11T00:00:00Z");

    @Test
    void aCertificateIsRenewedBetweenSeventyAndNinetyPercentOfItsLifetime() {
        assertThat(NodeCertificateRotation.deadline(NOT_BEFORE, NOT_AFTER, 0.0))
                .isEqualTo(Instant.parse("2026-01-08T00:00:00Z"));
        assertThat(NodeCertificateRotation.deadline(NOT_BEFORE, NOT_AFTER, 0.5))
                .isEqualTo(Instant.parse("2026-01-09T00:00:00Z"));
        assertThat(NodeCertificateRotation.deadline(NOT_BEFORE, NOT_AFTER, 1.0))
                .isEqualTo(Instant.parse("2026-01-10T00:00:00Z"));
    }
}
