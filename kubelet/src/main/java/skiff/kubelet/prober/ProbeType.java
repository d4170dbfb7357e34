package skiff.kubelet.prober;

/**
 * The three probes, each with the result it has before its first run (k/k pkg/kubelet/prober/worker.go
 * newWorker: readiness starts failed, liveness succeeded, startup unknown).
 */
public enum ProbeType {
    LIVENESS("Liveness", ProbeResult.SUCCESS),
    READINESS("Readiness", ProbeResult.FAILURE),
    STARTUP("Startup", ProbeResult.UNKNOWN);

    private final String label;
    private final ProbeResult initial;

    ProbeType(String label, ProbeResult initial) {
        this.label = label;
        this.initial = initial;
    }

    public String label() {
        return label;
    }

    public ProbeResult initial() {
        return initial;
    }
}
