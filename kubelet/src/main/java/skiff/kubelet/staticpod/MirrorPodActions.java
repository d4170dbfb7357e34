package skiff.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to do to the mirror pods in the API so that each static pod has exactly one, of its own hash: mirrors to
 * delete first (with their UID as precondition), then static pods whose mirror to create.
 */
public record MirrorPodActions(List<Pod> toDelete, List<Pod> toCreate) {

    public MirrorPodActions {
        toDelete = List.copyOf(toDelete);
        toCreate = List.copyOf(toCreate);
    }

    /**
     * Plans from the static pods this kubelet runs and the mirror pods the API has on its node.
     *
     * <p>k/k pkg/kubelet/kubelet.go SyncPod: a mirror that is being deleted or whose hash is not its static pod's is
     * deleted and created again; a missing one is created. HandlePodCleanups (deleteOrphanedMirrorPods): a mirror
     * without a static pod of its name is deleted.
     */
    public static MirrorPodActions plan(Collection<Pod> staticPods, Collection<Pod> mirrorPods) {
        Map<String, Pod> mirrors = new HashMap<>();
        for (Pod mirror : mirrorPods) {
            if (ConfigAnnotations.isMirror(mirror)) {
                mirrors.put(fullName(mirror), mirror);
            }
        }
        List<Pod> toDelete = new ArrayList<>();
        List<Pod> toCreate = new ArrayList<>();
        Set<String> staticNames = new HashSet<>();
        for (Pod pod : staticPods) {
            staticNames.add(fullName(pod));
            Pod mirror = mirrors.get(fullName(pod));
            if (mirror != null && !isMirrorOf(mirror, pod)) {
                toDelete.add(mirror);
                mirror = null;
            }
            if (mirror == null) {
                toCreate.add(pod);
            }
        }
        for (Pod mirror : mirrors.values()) {
            if (!staticNames.contains(fullName(mirror))) {
                toDelete.add(mirror);
            }
        }
        return new MirrorPodActions(toDelete, toCreate);
    }

    public boolean isEmpty() {
        return toDelete.isEmpty() && toCreate.isEmpty();
    }

    // k/k pkg/kubelet/pod/pod_manager.go IsMirrorPodOf: same name, the static pod's hash, and not on its way out.
    private static boolean isMirrorOf(Pod mirror, Pod pod) {
        return mirror.getMetadata().getDeletionTimestamp() == null
                && ConfigAnnotations.hash(mirror).equals(ConfigAnnotations.hash(pod));
    }

    static String fullName(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
