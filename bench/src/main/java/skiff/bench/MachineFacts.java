package skiff.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import skiff.bench.process.EtcdVersion;

/** What the numbers were measured on: cores, memory, the disk under the data directories, the JDK, etcd. */
final class MachineFacts {
    private MachineFacts() {}

    static void print(Workspace ws, PrintStream out) {
        out.println("## Machine");
        out.println();
        out.printf("- cores: %d; memory: %s%n", Runtime.getRuntime().availableProcessors(), memTotal());
        out.printf("- java: %s %s (%s)%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
                ws.java());
        out.printf("- etcd: %s%n", ws.hasEtcd() ? EtcdVersion.of(ws.etcd()) + " (" + ws.etcd() + ")" : "not installed");
        out.printf("- data directories under %s; df:%n", ws.scratch());
        out.println();
        out.println("```");
        out.print(run(List.of("df", "-h", ws.scratch().toString())));
        out.println("```");
        out.flush();
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Format.mebibytes(Long.parseLong(l.replaceAll("\\D", "")) * 1024))
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "(" + command + " failed: " + e.getMessage() + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
