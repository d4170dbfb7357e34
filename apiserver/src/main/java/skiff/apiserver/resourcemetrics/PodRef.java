package skiff.apiserver.resourcemetrics;

/** A pod by namespace and name. */
public record PodRef(String namespace, String name) {}
