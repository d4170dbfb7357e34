package skiff.kubelet.event;

import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.ArrayList;
import java.util.List;

/** Records events as "Type Reason message" lines. */
public final class FakeEventRecorder implements EventRecorder {
    public final List<String> events = new ArrayList<>();

    @Override
    public synchronized void record(ObjectReference object, String type, String reason, String message) {
        events.add(type + " " + reason + " " + message);
    }

    public synchronized List<String> reasons() {
        return events.stream().map(e -> e.split(" ")[1]).toList();
    }
}
