package skiff.kubelet.lifecycle;

/** The outcome of running a hook or probe handler. */
public record HandlerResult(Outcome outcome, String message) {

    public enum Outcome {
        SUCCESS,
        FAILURE,
        /** The handler could not be run at all; for probes, no decision. */
        UNKNOWN
    }

    public static HandlerResult success(String message) {
        return new HandlerResult(Outcome.SUCCESS, message);
    }

    public static HandlerResult failure(String message) {
        return new HandlerResult(Outcome.FAILURE, message);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
