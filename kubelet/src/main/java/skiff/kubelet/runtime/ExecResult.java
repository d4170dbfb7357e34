package skiff.kubelet.runtime;

/** The outcome of a command run in a container: exit code and combined output (truncated), or a timeout. */
public record ExecResult(int exitCode, String output, boolean timedOut) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
