package skiff.controllers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import skiff.controllers.daemon.DaemonSetController;
import skiff.controllers.deployment.DeploymentController;
import skiff.controllers.framework.ControllerFactory;
import skiff.controllers.garbagecollector.GarbageCollector;
import skiff.controllers.namespace.NamespaceController;
import skiff.controllers.serviceaccount.ServiceAccountController;

/** The controllers {@code skiff server} runs, by the names {@code --disable-controllers} takes. */
public final class BuiltinControllers {
    private BuiltinControllers() {}

    public static Map<String, ControllerFactory> all() {
        Map<String, ControllerFactory> all = new LinkedHashMap<>();
        all.put(GarbageCollector.NAME, GarbageCollector::new);
        all.put(ServiceAccountController.NAME, ServiceAccountController::new);
        all.put(NamespaceController.NAME, NamespaceController::new);
        all.put(DeploymentController.NAME, DeploymentController::new);
        all.put(DaemonSetController.NAME, DaemonSetController::new);
        return all;
    }

    public static Set<String> names() {
        return all().keySet();
    }
}
