package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/install-service} into a scratch root: a systemd unit that runs {@code skiff server --config
 * /etc/skiff/config.yaml} as a service should (systemd-analyze verify accepts it where it is installed), a config file
 * the server accepts, a private data directory; uninstall keeps the configuration and data unless --purge.
 */
class InstallServiceTest {
    @TempDir
    Path root;

    @Test
    void installWritesTheUnitConfigAndDataDirAndUninstallKeepsTheDataUnlessPurged() throws Exception {
        assertThat(run(script(), "install", "--root", root.toString(), "--no-start").code()).isZero();

        Path unit = root.resolve("etc/systemd/system/skiff.service");
        String text = Files.readString(unit);
        assertThat(text.lines()).contains("Type=exec", "Restart=always", "KillMode=process", "Delegate=yes",
                "LimitNOFILE=1048576", "SuccessExitStatus=143", "WantedBy=multi-user.target");
        assertThat(text).containsPattern(
                "(?m)^ExecStart=/\\S+/bin/java .*-jar /opt/skiff/skiff.jar server --config /etc/skiff/config.yaml$");
        assertThat(root.resolve("opt/skiff/skiff.jar")).isRegularFile();
        try (var libs = Files.list(root.resolve("opt/skiff/lib"))) {
            assertThat(libs.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("picocli-"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/skiff"))))
                .isEqualTo("rwx------");
        Path config = root.resolve("etc/skiff/config.yaml");
        Exit printed = run(SkiffProcess.skiffCommand("server", "--config", config.toString(), "--print-config"));
        assertThat(printed.code()).isZero();
        assertThat(printed.output()).contains("data-dir: /var/lib/skiff\n");
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            Exit verify = run(List.of("/usr/bin/systemd-analyze", "verify", unit.toString()));
            assertThat(verify.code()).as(verify.output()).isZero();
        }

        assertThat(run(script(), "uninstall", "--root", root.toString()).code()).isZero();
        assertThat(unit).doesNotExist();
        assertThat(root.resolve("opt/skiff")).doesNotExist();
        assertThat(config).isRegularFile();
        assertThat(root.resolve("var/lib/skiff")).isDirectory();

        assertThat(run(script(), "uninstall", "--root", root.toString(), "--purge").code()).isZero();
        assertThat(config).doesNotExist();
        assertThat(root.resolve("var/lib/skiff")).doesNotExist();
    }

    record Exit(int code, String output) {}

    private static String script() {
        return Path.of(System.getProperty("skiff.repo.root")).resolve("bin/install-service").toString();
    }

    private static Exit run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    private static Exit run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Exit(process.exitValue(), output);
    }
}
