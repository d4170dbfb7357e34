package skiff.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriLogRecordTest {

    private static CriLogRecord parse(String line) {
        return CriLogRecord.parse(line.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void aFullLineHasItsMessageAndANewline() {
        CriLogRecord record = parse("2026-11-26T01:02:03.123456789Z stdout F hello world");

        assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-11-26T01:02:03.123456789Z"));
        assertThat(record.stream()).isEqualTo("stdout");
        assertThat(record.partial()).isFalse();
        assertThat(new String(record.content(), StandardCharsets.UTF_8)).isEqualTo("hello world\n");
    }

    @Test
    void aPartialLineIsContinuedWithoutANewline() {
        CriLogRecord record = parse("2026-11-26T01:02:03Z stderr P part one ");

        assertThat(record.stream()).isEqualTo("stderr");
        assertThat(record.partial()).isTrue();
        assertThat(new String(record.content(), StandardCharsets.UTF_8)).isEqualTo("part one ");
    }

    @Test
    void anEmptyMessageIsAnEmptyLine() {
        assertThat(new String(parse("2026-11-26T01:02:03Z stdout F ").content(), StandardCharsets.UTF_8))
                .isEqualTo("\n");
    }

    @Test
    void aLineInAnotherFormatIsNoRecord() {
        assertThat(CriLogRecord.parse("not a log line".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(CriLogRecord.parse("2026-11-26T01:02:03Z console F x".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }
}
