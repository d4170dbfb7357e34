package skiff.kubelet.config;

/** A pod-spec part turned into runtime configuration, or the reason it cannot be (a waiting reason and message). */
public sealed interface Resolved<T> {

    record Ok<T>(T value) implements Resolved<T> {}

    record Invalid<T>(String reason, String message) implements Resolved<T> {}
}
