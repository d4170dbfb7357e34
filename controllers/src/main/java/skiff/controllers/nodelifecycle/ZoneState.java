package skiff.controllers.nodelifecycle;

/**
 * How healthy a zone's nodes are (k/k node_lifecycle_controller.go ComputeZoneState): fully disrupted when none is
 * Ready, partially disrupted when more than two are not Ready and they are at least the unhealthy-zone threshold
 * of the zone, normal otherwise. A zone is initial until its first check.
 */
enum ZoneState {
    INITIAL, NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION;

    static ZoneState of(int ready, int notReady, double unhealthyZoneThreshold) {
        if (ready == 0 && notReady > 0) {
            return FULL_DISRUPTION;
        }
        if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyZoneThreshold) {
            return PARTIAL_DISRUPTION;
        }
        return NORMAL;
    }
}
