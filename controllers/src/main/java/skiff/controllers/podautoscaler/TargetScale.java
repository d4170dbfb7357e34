package skiff.controllers.podautoscaler;

/**
 * A scale target's autoscaling/v1 Scale as its /scale subresource answered it.
 *
 * @param path the subresource's URL path
 * @param body the Scale as JSON, to write back with a new spec.replicas
 */
public record TargetScale(String path, int specReplicas, String selector, String body) {}
