package skiff.bench.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import skiff.bench.Workspace;

/** The JVM options bin/skiff gives {@code skiff server} for its start-up cache, from {@code bin/start-cache}. */
final class StartCache {
    private StartCache() {}

    /** Makes the cache for this JDK and jar when there is none (a training run); empty when none can be made. */
    static List<String> options(Workspace ws) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ws.startCacheScript().toString(), System.getProperty("java.home"),
                ws.skiffJar().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("bin/start-cache failed");
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
