package skiff.cli.startcache;

/** Plays a {@code skiff.jar server} that cannot start, for {@link StartCacheScriptTest}. */
public final class FailingServer {
    private FailingServer() {}

    public static void main(String[] args) {
        System.err.println("skiff: port in use (stand-in)");
        System.exit(1);
    }
}
