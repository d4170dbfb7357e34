package skiff.e2e;

import java.util.List;

/** How one kubectl invocation ended: its exit code and everything it printed. */
public record KubectlResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** stdout split into lines, without the trailing empty one. */
    public List<String> lines() {
        return stdout.lines().toList();
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
