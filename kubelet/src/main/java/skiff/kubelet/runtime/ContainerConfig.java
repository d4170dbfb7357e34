package skiff.kubelet.runtime;

import java.util.List;
import java.util.Map;

/**
 * One attempt of one container, fully resolved by the kubelet: the argv (command then args, variables expanded),
 * the environment in declaration order, the mounts.
 *
 * @param attempt 0 for the first start, the restart count afterwards
 * @param specHash hash of the container's spec, to notice spec changes
 * @param workingDir "" for the runtime's default
 * @param fallbackToLogsOnError {@code terminationMessagePolicy: FallbackToLogsOnError}
 */
public record ContainerConfig(String podUid, String name, int attempt, String specHash, String image,
        List<String> argv, Map<String, String> env, String workingDir, List<Mount> mounts,
        boolean fallbackToLogsOnError) {

    public ContainerConfig {
        argv = List.copyOf(argv);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        mounts = List.copyOf(mounts);
    }

    /** A volume mounted into the container; {@code subPath} "" for the whole volume. */
    public record Mount(String volume, String mountPath, String subPath, boolean readOnly) {}
}
