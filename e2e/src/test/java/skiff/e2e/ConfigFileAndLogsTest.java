package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code skiff server --config FILE}: the file's flags apply, the command line's win over them; with
 * {@code log-format: json} every log line is one JSON object; SIGTERM stops the server without a warning, an error or
 * a stack trace.
 */
class ConfigFileAndLogsTest {
    // What the server prints for its user, not log lines.
    private static final List<String> MESSAGES = List.of("Kubelet: node ", "Skiff API server is ready at ",
            "To use it:  export KUBECONFIG=");

    @TempDir
    Path dir;

    @Test
    void theFileSetsTheFlagsTheCommandLineWinsAndJsonLogsStopCleanly() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                # skiff server's flags
                node-name: from-file
                log-format: json
                disable-controllers:
                  - servicelb
                """);
        SkiffProcess server = SkiffProcess.start(dir.resolve("data"),
                List.of("--config", config.toString(), "--node-name", "from-flag"));
        try {
            Kubectl kubectl = server.kubectl(dir);
            await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("get", "nodes", "-o", "name").stdout()
                    .contains("node/"));
            assertThat(kubectl.succeed("get", "nodes", "-o", "name").stdout().strip()).isEqualTo("node/from-flag");
            await().atMost(Duration.ofSeconds(60)).until(() -> server.output().contains("\"controller\":\"podgc\""));
            assertThat(server.output()).as("servicelb disabled by the file")
                    .contains("\"msg\":\"disabled\",\"fields\":{\"controller\":\"servicelb\"}");
            int before = server.output().length();

            server.stop();

            String all = server.output();
            for (String line : all.lines().toList()) {
                if (MESSAGES.stream().noneMatch(line::startsWith)) {
                    JsonNode json = JsonMapper.shared().readTree(line);
                    assertThat(json.isObject()).as(line).isTrue();
                    assertThat(List.of("ts", "level", "logger", "thread", "msg")).allMatch(json::has);
                }
            }
            String stopping = all.substring(before);
            assertThat(stopping).contains("\"msg\":\"stopped\"");
            // Vert.x's blocked-thread checker reports a starved CPU on a loaded machine, not a failure to stop.
            assertThat(stopping.lines().filter(line -> !line.contains("io.vertx.core.impl.BlockedThreadChecker"))
                    .filter(line -> line.contains("\"level\":\"warn\"") || line.contains("\"level\":\"error\"")
                            || line.contains("\"stacktrace\"") || line.contains("\tat ")))
                    .as("lines logged while stopping:%n%s", stopping).isEmpty();
        } finally {
            server.close();
        }
    }
}
