package skiff.scheduler;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import skiff.scheduler.queue.SchedulingQueue;

/** Moves the unschedulable pods back to be tried again when an object some plugin reads appears or changes. */
record RetryUnschedulable<T>(SchedulingQueue queue) implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T object) {
        queue.moveAllToActiveOrBackoff();
    }

    @Override
    public void onUpdate(T old, T object) {
        queue.moveAllToActiveOrBackoff();
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {}
}
