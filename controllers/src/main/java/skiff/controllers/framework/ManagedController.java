package skiff.controllers.framework;

/**
 * A controller that a {@link ControllerManager} runs. It registers its informers when it is built, and
 * {@link #start()} must not block: workers begin once the caches have synced.
 */
public interface ManagedController extends AutoCloseable {

    void start();

    /** Stops its workers; the shared informers stay up for the other controllers. */
    @Override
    void close();
}
