package skiff.cli.config;

/** A config file that cannot be used; the message names the file and, where it can, the line. */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidConfigException(String message) {
        super(message);
    }
}
