package skiff.kubelet.runtime;

import java.util.List;
import java.util.Map;

/**
 * One attempt of one container, fully resolved by the kubelet: the command and its args (variables expanded), the
 * environment in declaration order, the mounts.
 *
 * @param attempt 0 for the first start, the restart count afterwards
 * @param specHash hash of the container's spec, to notice spec changes
 * @param command the spec's {@code command}, empty for the image's entrypoint
 * @param args the spec's {@code args}, empty for the image's default arguments
 * @param workingDir "" for the runtime's default
 * @param fallbackToLogsOnError {@code terminationMessagePolicy: FallbackToLogsOnError}
 * @param linux cgroup limits and the merged security context
 * @param tty {@code tty}: the process gets a terminal
 * @param stdin {@code stdin}: the process's stdin stays open for attach
 * @param stdinOnce {@code stdinOnce}: stdin closes after the first attach ends
 * @param terminationMessagePath where the container writes its termination message
 * @param targetContainer an ephemeral container's {@code targetContainerName}, whose PID namespace it joins; "" for
 *     none
 */
public record ContainerConfig(String podUid, String name, int attempt, String specHash, String image,
        List<String> command, List<String> args, Map<String, String> env, String workingDir, List<Mount> mounts,
        boolean fallbackToLogsOnError, LinuxContainerConfig linux, boolean tty, boolean stdin, boolean stdinOnce,
        String terminationMessagePath, String targetContainer) {

    /** A container that targets no other container's processes. */
    public ContainerConfig(String podUid, String name, int attempt, String specHash, String image,
            List<String> command, List<String> args, Map<String, String> env, String workingDir, List<Mount> mounts,
            boolean fallbackToLogsOnError, LinuxContainerConfig linux, boolean tty, boolean stdin, boolean stdinOnce,
            String terminationMessagePath) {
        this(podUid, name, attempt, specHash, image, command, args, env, workingDir, mounts, fallbackToLogsOnError,
                linux, tty, stdin, stdinOnce, terminationMessagePath, "");
    }

    /** Kubernetes' default {@code terminationMessagePath} (k/k pkg/apis/core/v1/defaults.go). */
    public static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";

    /** A container without Linux settings or a terminal, for runtimes that ignore them. */
    public ContainerConfig(String podUid, String name, int attempt, String specHash, String image,
            List<String> command, List<String> args, Map<String, String> env, String workingDir, List<Mount> mounts,
            boolean fallbackToLogsOnError) {
        this(podUid, name, attempt, specHash, image, command, args, env, workingDir, mounts, fallbackToLogsOnError,
                LinuxContainerConfig.none(), false, false, false, DEFAULT_TERMINATION_MESSAGE_PATH);
    }

    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        mounts = List.copyOf(mounts);
    }

    /** A volume mounted into the container; {@code subPath} "" for the whole volume. */
    public record Mount(String volume, String mountPath, String subPath, boolean readOnly) {}
}
