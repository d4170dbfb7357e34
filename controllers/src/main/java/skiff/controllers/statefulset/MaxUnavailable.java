package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.IntOrString;

/** k/k stateful_set_utils.go getStatefulSetMaxUnavailable: a count or a percentage rounded up, at least 1. */
final class MaxUnavailable {
    private MaxUnavailable() {}

    static int of(IntOrString value, int replicas) {
        if (value == null) {
            return 1;
        }
        int n;
        if (value.getIntVal() != null) {
            n = value.getIntVal();
        } else {
            String s = value.getStrVal();
            int percent = Integer.parseInt(s.substring(0, s.length() - 1));
            n = (int) Math.ceil(percent * replicas / 100.0);
        }
        return Math.max(n, 1);
    }
}
