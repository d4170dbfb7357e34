package skiff.kubelet.runtime;

import java.nio.file.Path;

/** The seccomp profile a container runs under (API {@code securityContext.seccompProfile}). */
public sealed interface SeccompProfile {

    /** The runtime's default profile. */
    record RuntimeDefault() implements SeccompProfile {}

    /** No seccomp filter. */
    record Unconfined() implements SeccompProfile {}

    /** A profile file on the node, resolved under the kubelet's {@code seccomp} directory. */
    record Localhost(Path file) implements SeccompProfile {}
}
