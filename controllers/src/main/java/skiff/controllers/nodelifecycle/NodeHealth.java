package skiff.controllers.nodelifecycle;

import java.time.Instant;

/**
 * What the controller last saw of a node's heartbeats (k/k node_lifecycle_controller.go nodeHealthData): the Ready
 * condition's heartbeat and transition times, the Lease's renew time, and when it last saw any of them move.
 */
record NodeHealth(String readyHeartbeat, String readyTransition, String leaseRenewTime, Instant probeTimestamp) {}
