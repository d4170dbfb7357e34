package skiff.kubelet.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * A pod's sandbox as created.
 *
 * @param hostname the hostname the pod's containers see
 * @param directory the pod's own directory (volumes, logs, container state)
 * @param volumes host path of each volume by volume name
 * @param ip the pod's IP address
 */
public record Sandbox(String podUid, String hostname, Path directory, Map<String, Path> volumes, String ip) {
    public Sandbox {
        volumes = Map.copyOf(volumes);
    }
}
