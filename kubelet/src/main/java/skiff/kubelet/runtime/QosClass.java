package skiff.kubelet.runtime;

/** A pod's quality-of-service class (k/k pkg/apis/core/v1/helper/qos GetPodQOS, 1.32). */
public enum QosClass {
    GUARANTEED("Guaranteed"),
    BURSTABLE("Burstable"),
    BEST_EFFORT("BestEffort");

    private final String apiName;

    QosClass(String apiName) {
        this.apiName = apiName;
    }

    /** The name as {@code status.qosClass} spells it. */
    public String apiName() {
        return apiName;
    }
}
