package skiff.controllers;

import skiff.controllers.nodelifecycle.NodeLifecycleOptions;

/** Settings of the built-in controllers that {@code skiff server} takes from its command line. */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle) {

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }
}
