package skiff.apiserver.metrics;

/** A pod by namespace and name. */
public record PodRef(String namespace, String name) {}
