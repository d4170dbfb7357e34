package skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.store.KeyValue;
import skiff.store.WriteResult;

/** Kills a writing JVM with SIGKILL and checks that the database keeps exactly what was acknowledged. */
class SqliteCrashSafetyTest {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedWriteSurvivesAKillAndNoPartialWriteAppears() {
        Path dbFile = directory.resolve("crash.db");
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            String prefix = "/crash/" + round + "/";
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> acknowledged.putAll(runAndKill(dbFile, prefix)));

            try (SqliteKeyValueStore store = SqliteKeyValueStore.open(dbFile)) {
                long highestAck = 0;
                for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                    KeyValue kv = store.get(ack.getKey()).orElseThrow(() -> new AssertionError("lost " + ack));
                    assertThat(kv.modRevision()).as(ack.getKey()).isEqualTo(ack.getValue());
                    assertThat(CrashingWriterMain.isValueFor(kv.key(), kv.value())).as(ack.getKey()).isTrue();
                    highestAck = Math.max(highestAck, ack.getValue());
                }
                for (KeyValue kv : store.range("/crash/", null, 0, 0).items()) {
                    assertThat(CrashingWriterMain.isValueFor(kv.key(), kv.value())).as(kv.key()).isTrue();
                }
                assertThat(store.currentRevision()).isGreaterThanOrEqualTo(highestAck);
                long next = ((WriteResult.Committed) store.create("/after/" + round, new byte[] {1})).revision();
                assertThat(next).isGreaterThan(highestAck);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2 * ACKS_BEFORE_KILL);
    }

    /** Starts the writer, kills it after enough acknowledgements, and returns every acknowledgement it printed. */
    private static Map<String, Long> runAndKill(Path dbFile, String prefix) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriterMain.class.getName(), dbFile.toString(), prefix, "8")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, Long> acks = new LinkedHashMap<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            // Killing the child closes its output here, so acknowledgements still in the pipe go unread: they are
            // simply not checked.
            String line;
            while (acks.size() < ACKS_BEFORE_KILL && (line = lines.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ack")) {
                    acks.put(parts[1], Long.parseLong(parts[2]));
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acks).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        return acks;
    }
}
