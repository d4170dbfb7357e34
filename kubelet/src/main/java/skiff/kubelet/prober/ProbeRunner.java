package skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import skiff.kubelet.lifecycle.HandlerResult;

/** Runs one probe once. */
@FunctionalInterface
public interface ProbeRunner {

    HandlerResult run(Probe probe, Container container, String containerId, String podIp);
}
