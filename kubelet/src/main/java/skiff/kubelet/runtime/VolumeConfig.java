package skiff.kubelet.runtime;

import java.util.Map;

/** A pod volume as the runtime realises it; API-backed contents (configMap, secret, downwardAPI) arrive resolved. */
public sealed interface VolumeConfig {

    String name();

    /**
     * A directory that lives as long as the pod: on disk, or in memory ({@code medium: Memory}), which runc makes a
     * tmpfs of {@code sizeBytes} (0 for the kernel's default) and the process runtime a directory in /dev/shm.
     */
    record EmptyDir(String name, boolean memory, long sizeBytes) implements VolumeConfig {}

    /**
     * A path of the host. {@code type} is the API's hostPath type ("" or Directory, DirectoryOrCreate, File,
     * FileOrCreate, Socket, CharDevice, BlockDevice).
     */
    record HostPath(String name, String path, String type) implements VolumeConfig {}

    /**
     * A directory of files written at sandbox creation and swapped for new contents while the pod runs:
     * configMap, secret, downwardAPI and projected volumes.
     *
     * @param plugin the volume plugin's directory name, e.g. {@code kubernetes.io~configmap}
     * @param files relative path to content
     * @param mode file mode bits, e.g. 0644
     */
    record Files(String name, String plugin, Map<String, byte[]> files, int mode) implements VolumeConfig {
        public Files {
            files = Map.copyOf(files);
        }
    }
}
