package skiff.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One line per event, with its time and level; JSON lines parse; expected failures carry no stack trace. */
class LogLineFormatterTest {
    private static final Instant TIME = Instant.parse("2026-12-07T21:47:45.123Z");

    @Test
    void aTextLineHasTheTimeTheLevelTheThreadTheLoggerAndTheMessage() {
        String line = new LogLineFormatter(LogFormat.TEXT, new Verbosity(0)).format(event(Level.INFO,
                "kubelet started node=vm runtime=process", null));

        assertThat(line).isEqualTo("2026-12-07T21:47:45.123Z INFO  [main] skiff.kubelet.Kubelet - kubelet started "
                + "node=vm runtime=process");
    }

    @Test
    void aJsonLineIsOneObjectWithTheMessageItsFieldsAndTheFailure() {
        String line = new LogLineFormatter(LogFormat.JSON, new Verbosity(0)).format(event(Level.WARN,
                "controller=replicaset caches synced, starting workers=5 names=[a, b] reason=\"two words\"",
                new IllegalStateException("boom")));

        assertThat(line).doesNotContain("\n");
        JsonNode json = JsonMapper.shared().readTree(line);
        assertThat(json.get("ts").asString()).isEqualTo("2026-12-07T21:47:45.123Z");
        assertThat(json.get("level").asString()).isEqualTo("warn");
        assertThat(json.get("logger").asString()).isEqualTo("skiff.kubelet.Kubelet");
        assertThat(json.get("thread").asString()).isEqualTo("main");
        assertThat(json.get("msg").asString()).isEqualTo("caches synced, starting");
        assertThat(json.get("fields").get("controller").asString()).isEqualTo("replicaset");
        assertThat(json.get("fields").get("workers").asString()).isEqualTo("5");
        assertThat(json.get("fields").get("names").asString()).isEqualTo("[a, b]");
        assertThat(json.get("fields").get("reason").asString()).isEqualTo("two words");
        assertThat(json.get("err").asString()).isEqualTo("IllegalStateException: boom");
        assertThat(json.has("stacktrace")).as("a warning's stack trace only at -v 4").isFalse();
    }

    @Test
    void aClientGoneAwayIsLoggedWithoutAStackTraceEvenAsAnError() {
        LogLineFormatter text = new LogLineFormatter(LogFormat.TEXT, new Verbosity(9));

        String line = text.format(event(Level.ERROR, "write failed",
                new IOException("write", new SocketException("Connection reset by peer"))));

        assertThat(line).doesNotContain("\n").endsWith(
                " - write failed err=\"IOException: write: caused by SocketException: Connection reset by peer\"");
    }

    @Test
    void anUnexpectedErrorCarriesItsStackTrace() {
        String line = new LogLineFormatter(LogFormat.TEXT, new Verbosity(0)).format(event(Level.ERROR, "sync failed",
                new NullPointerException("no node")));

        assertThat(line.lines().findFirst()).contains(
                "2026-12-07T21:47:45.123Z ERROR [main] skiff.kubelet.Kubelet - sync failed "
                        + "err=\"NullPointerException: no node\"");
        assertThat(line).contains("\tat skiff.cli.log.LogLineFormatterTest.anUnexpectedErrorCarriesItsStackTrace");
    }

    @Test
    void verbosityMapsToLevelsAsKlogsConventions() {
        assertThat(new Verbosity(0).writes(Level.INFO)).isTrue();
        assertThat(new Verbosity(3).writes(Level.DEBUG)).isFalse();
        assertThat(new Verbosity(4).writes(Level.DEBUG)).isTrue();
        assertThat(new Verbosity(4).writes(Level.TRACE)).isFalse();
        assertThat(new Verbosity(5).writes(Level.TRACE)).isTrue();
    }

    private static LogEvent event(Level level, String message, Throwable error) {
        return new LogEvent(TIME, level, "main", "skiff.kubelet.Kubelet", message, error);
    }
}
