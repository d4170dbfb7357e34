package skiff.apiserver.service;

/** An allocator refused a value; the message is the allocator error's as Kubernetes words it. */
public final class AllocationException extends RuntimeException {
    public AllocationException(String message) {
        super(message);
    }
}
