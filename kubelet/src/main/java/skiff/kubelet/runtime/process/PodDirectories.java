package skiff.kubelet.runtime.process;

import java.nio.file.Path;

/**
 * Where a pod's files live under the runtime's root, after the kubelet's own layout (k/k pkg/kubelet
 * kubelet_getters.go: pods/UID/volumes/PLUGIN/NAME; /var/log/pods for logs, one file per container attempt):
 *
 * <pre>
 * ROOT/pods/UID/volumes/kubernetes.io~empty-dir/NAME
 * ROOT/pods/UID/containers/NAME/ATTEMPT/{termination-log,pid}
 * ROOT/pods/UID/logs/NAME/ATTEMPT.log
 * </pre>
 */
record PodDirectories(Path root) {

    Path pods() {
        return root.resolve("pods");
    }

    Path pod(String podUid) {
        return pods().resolve(podUid);
    }

    Path volume(String podUid, String plugin, String name) {
        return pod(podUid).resolve("volumes").resolve(plugin).resolve(name);
    }

    Path containerHome(String podUid, String container) {
        return pod(podUid).resolve("containers").resolve(container);
    }

    Path attempt(String podUid, String container, int attempt) {
        return containerHome(podUid, container).resolve(Integer.toString(attempt));
    }

    Path log(String podUid, String container, int attempt) {
        return pod(podUid).resolve("logs").resolve(container).resolve(attempt + ".log");
    }
}
