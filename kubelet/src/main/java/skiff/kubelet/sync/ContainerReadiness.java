package skiff.kubelet.sync;

/** What readiness and startup probes say about running containers, as the status builder consults it. */
public interface ContainerReadiness {

    /** Readiness of a running container; without a readiness probe, running means ready. */
    boolean ready(String podUid, String containerName, String containerId);

    /** Whether a running container has started; without a startup probe, running means started. */
    boolean started(String podUid, String containerName, String containerId);

    ContainerReadiness NO_PROBES = new ContainerReadiness() {
        @Override
        public boolean ready(String podUid, String containerName, String containerId) {
            return true;
        }

        @Override
        public boolean started(String podUid, String containerName, String containerId) {
            return true;
        }
    };
}
