package skiff.kubelet.prober;

/** A probe's verdict; Unknown means no decision and triggers nothing. */
public enum ProbeResult {
    SUCCESS,
    FAILURE,
    UNKNOWN
}
