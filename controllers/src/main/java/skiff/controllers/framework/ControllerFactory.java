package skiff.controllers.framework;

/** Builds one controller from the shared client, informers and clock. */
@FunctionalInterface
public interface ControllerFactory {
    ManagedController create(ControllerContext context);
}
