package skiff.store;

/** The store could not do what was asked because of a fault (I/O, a closed store), not because of a precondition. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
