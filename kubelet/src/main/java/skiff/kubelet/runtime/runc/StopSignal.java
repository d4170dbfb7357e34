package skiff.kubelet.runtime.runc;

/** A signal by name ({@code SIGTERM}) and number, for {@code runc kill}. */
public record StopSignal(String name, int number) {

    /** The argument for {@code runc kill ID SIGNAL}: the number, which runc also takes for real-time signals. */
    public String runcArgument() {
        return Integer.toString(number);
    }
}
