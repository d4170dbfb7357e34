package skiff.apiserver.registry;

/**
 * Which part of an object a write may change: all but status (the main endpoint), or what one subresource owns. The
 * name is the subresource that managedFields record the write under.
 */
public enum ObjectPart {
    MAIN(""), STATUS("status"), SCALE("scale"), FINALIZE("finalize"), BINDING("binding"),
    EPHEMERAL_CONTAINERS("ephemeralcontainers"), APPROVAL("approval");

    private final String subresource;

    ObjectPart(String subresource) {
        this.subresource = subresource;
    }

    public String subresource() {
        return subresource;
    }
}
