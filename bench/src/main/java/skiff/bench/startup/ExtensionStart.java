package skiff.bench.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import skiff.bench.Workspace;
import skiff.bench.process.ChildProcesses;

/**
 * The in-process start a JUnit test class pays with {@code SkiffExtension}: {@link ExtensionStartMain} in a fresh
 * JVM on this benchmark's classpath, several starts in a row; the first is the cold one.
 */
final class ExtensionStart {
    private final Workspace ws;

    ExtensionStart(Workspace ws) {
        this.ws = ws;
    }

    /** One fresh JVM, {@code starts} starts: wall and CPU time of each, in order. */
    Samples run(int starts) throws IOException, InterruptedException {
        Path log = ws.newDirectory("extension").resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(ws.java().toString(), "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + ws.newDirectory("extension-tmp"), "-cp", System.getProperty("java.class.path"),
                ExtensionStartMain.class.getName(), Integer.toString(starts))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = ChildProcesses.spawn(builder);
        List<Duration> wall = new ArrayList<>();
        List<Duration> cpu = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("start")) {
                    wall.add(Duration.ofNanos(Long.parseLong(f[2])));
                    cpu.add(Duration.ofNanos(Long.parseLong(f[3])));
                }
            }
        }
        if (process.waitFor() != 0 || wall.size() != starts) {
            throw new IllegalStateException("the SkiffExtension starts failed; see " + log);
        }
        return new Samples(wall, cpu);
    }

    record Samples(List<Duration> wall, List<Duration> cpu) {}
}
