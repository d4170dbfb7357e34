package skiff.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.FakeClock;

class AuditLogFileTest {
    private static final byte[] HALF_MEGABYTE_LINE = "x".repeat(512 * 1024).getBytes();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00Z"));

    @TempDir
    Path dir;

    private Stream<String> names() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void aLineThatWouldPassTheSizeStartsANewFileAndTheOldOneIsRenamedWithItsTime() throws IOException {
        try (AuditLogFile log = new AuditLogFile(dir.resolve("audit.log"), 1, 0, 0, clock)) {
            log.write(HALF_MEGABYTE_LINE);
            clock.advance(Duration.ofMillis(1500));
            log.write(HALF_MEGABYTE_LINE);
        }
        assertThat(names()).containsExactly("audit-2026-03-01T10-00-01.500.log", "audit.log");
        assertThat(Files.size(dir.resolve("audit.log"))).isEqualTo(HALF_MEGABYTE_LINE.length + 1);
    }

    @Test
    void backupsBeyondMaxBackupAndOlderThanMaxAgeAreRemoved() throws IOException {
        try (AuditLogFile log = new AuditLogFile(dir.resolve("audit.log"), 1, 2, 0, clock)) {
            for (int i = 0; i < 5; i++) {
                log.write(HALF_MEGABYTE_LINE);
                log.write(HALF_MEGABYTE_LINE);
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(names()).containsExactly("audit-2026-03-01T10-03-00.000.log", "audit-2026-03-01T10-04-00.000.log",
                "audit.log");

        try (AuditLogFile log = new AuditLogFile(dir.resolve("audit.log"), 1, 0, 1, clock)) {
            clock.advance(Duration.ofDays(1).plusMinutes(2));
            log.write(HALF_MEGABYTE_LINE);
        }
        assertThat(names()).containsExactly("audit-2026-03-02T10-07-00.000.log", "audit.log");
    }
}
