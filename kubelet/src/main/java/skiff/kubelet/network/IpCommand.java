package skiff.kubelet.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of iproute2's {@code ip}, whose failure is a {@link CniException} carrying what it printed. */
final class IpCommand {
    private static final long TIMEOUT_SECONDS = 30;

    private IpCommand() {}

    /** Runs {@code ip ARGS} and returns what it printed. */
    static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CniException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + "s",
                        0);
            }
            if (process.exitValue() != 0) {
                throw new CniException(String.join(" ", command) + " failed: " + output, 0);
            }
            return output;
        } catch (IOException e) {
            throw new CniException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException("interrupted while running " + String.join(" ", command), 0);
        }
    }
}
