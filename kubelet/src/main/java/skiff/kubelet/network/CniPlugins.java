package skiff.kubelet.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs CNI plugin binaries as CNI SPEC.md 1.0 "Execution Protocol" defines: the operation and its parameters in
 * {@code CNI_*} environment variables, the configuration as JSON on stdin, the result (or error) as JSON on stdout.
 */
final class CniPlugins {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final List<Path> binDirs;

    CniPlugins(List<Path> binDirs) {
        this.binDirs = List.copyOf(binDirs);
    }

    /** The parameters of one invocation (SPEC.md "Parameters"). */
    record Invocation(String command, String containerId, Path netns, String ifname) {}

    /**
     * Runs the plugin of the configuration's {@code type}. Returns its result, an empty object when it printed
     * none (DEL and CHECK print nothing on success).
     *
     * @throws CniException when the plugin is missing, fails, or prints something that is not JSON
     */
    ObjectNode invoke(Invocation call, ObjectNode config) {
        String type = config.path("type").asString();
        Path binary = find(type);
        ProcessBuilder builder = new ProcessBuilder(binary.toString());
        Map<String, String> env = builder.environment();
        env.put("CNI_COMMAND", call.command());
        env.put("CNI_CONTAINERID", call.containerId());
        env.put("CNI_NETNS", call.netns().toString());
        env.put("CNI_IFNAME", call.ifname());
        env.put("CNI_PATH", binDirs.stream().map(Path::toString).collect(Collectors.joining(":")));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            // A virtual thread of its own: the common pool has one thread on two cores, which would make concurrent
            // pods' plugins wait for each other's output.
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                    task -> Thread.ofVirtual().name("cni-" + type).start(task));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(Json.bytes(config));
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CniException("plugin type=\"" + type + "\" " + call.command() + " did not finish within "
                        + TIMEOUT.toSeconds() + "s", 0);
            }
            byte[] out = stdout.join();
            if (process.exitValue() != 0) {
                throw failure(type, config.path("name").asString(), call.command(), process.exitValue(), out);
            }
            if (out.length == 0 || new String(out, StandardCharsets.UTF_8).isBlank()) {
                return Json.object();
            }
            JsonNode result = Json.parse(out);
            if (!(result instanceof ObjectNode object)) {
                throw new CniException("plugin type=\"" + type + "\" " + call.command()
                        + " printed a result that is not a JSON object", 0);
            }
            return object;
        } catch (IOException e) {
            throw new CniException("cannot run plugin type=\"" + type + "\" (" + binary + "): " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException("interrupted while plugin type=\"" + type + "\" ran " + call.command(), 0);
        } catch (tools.jackson.core.JacksonException e) {
            throw new CniException("plugin type=\"" + type + "\" " + call.command() + " printed invalid JSON: "
                    + e.getOriginalMessage(), 0);
        }
    }

    /** The plugin's binary: the first directory of the list holding an executable of that name (libcni FindInPath). */
    Path find(String type) {
        if (type.isEmpty() || type.contains("/")) {
            throw new CniException("invalid plugin type \"" + type + "\"", 0);
        }
        for (Path dir : binDirs) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CniException("failed to find plugin \"" + type + "\" in path " + binDirs, 0);
    }

    // SPEC.md "Error": {"cniVersion", "code", "msg", "details"} on stdout with a non-zero exit.
    private static CniException failure(String type, String network, String command, int exit, byte[] out) {
        String text = new String(out, StandardCharsets.UTF_8).strip();
        try {
            JsonNode error = Json.parse(out);
            String msg = error.path("msg").asString("");
            String details = error.path("details").asString("");
            int code = error.path("code").asInt(0);
            if (!msg.isEmpty()) {
                return new CniException("plugin type=\"" + type + "\" name=\"" + network + "\" failed ("
                        + command.toLowerCase() + "): " + msg + (details.isEmpty() ? "" : ": " + details), code);
            }
        } catch (RuntimeException notJson) {
            // fall through to the raw output
        }
        return new CniException("plugin type=\"" + type + "\" name=\"" + network + "\" failed ("
                + command.toLowerCase() + ") with exit code "
                + exit + (text.isEmpty() ? "" : ": " + text), 0);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
