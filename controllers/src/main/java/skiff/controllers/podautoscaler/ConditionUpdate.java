package skiff.controllers.podautoscaler;

/** One condition the controller sets on an autoscaler: its type, status ("True"/"False"), reason and message. */
public record ConditionUpdate(String type, String status, String reason, String message) {
    public static final String ABLE_TO_SCALE = "AbleToScale";
    public static final String SCALING_ACTIVE = "ScalingActive";
    public static final String SCALING_LIMITED = "ScalingLimited";

    static ConditionUpdate of(String type, boolean status, String reason, String message) {
        return new ConditionUpdate(type, status ? "True" : "False", reason, message);
    }
}
