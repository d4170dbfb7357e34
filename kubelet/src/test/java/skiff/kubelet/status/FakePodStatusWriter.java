package skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;

/** Keeps every status written and every deletion confirmed. */
public final class FakePodStatusWriter implements PodStatusWriter {
    public final List<PodStatus> written = new ArrayList<>();
    public final List<String> confirmedDeletions = new ArrayList<>();

    @Override
    public synchronized void update(Pod pod, PodStatus status) {
        written.add(status);
    }

    @Override
    public synchronized void confirmDeletion(Pod pod) {
        confirmedDeletions.add(pod.getMetadata().getUid());
    }

    public synchronized PodStatus last() {
        return written.getLast();
    }
}
