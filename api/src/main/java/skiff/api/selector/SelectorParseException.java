package skiff.api.selector;

/**
 * A label or field selector that cannot be parsed or built. The message is the one Kubernetes gives, which the API
 * server returns in a 400 Bad Request.
 */
public class SelectorParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SelectorParseException(String message) {
        super(message);
    }
}
