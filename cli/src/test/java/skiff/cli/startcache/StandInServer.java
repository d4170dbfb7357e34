package skiff.cli.startcache;

import java.util.concurrent.CountDownLatch;

/**
 * Plays {@code skiff.jar server} for {@link StartCacheScriptTest}: prints the server's ready line and runs until
 * SIGTERM, as the real server does; {@code version} prints a line and exits, so a cache can be tried cheaply.
 */
public final class StandInServer {
    private StandInServer() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("server")) {
            System.out.println("Skiff API server is ready at https://127.0.0.1:1 (stand-in).");
            System.out.flush();
            new CountDownLatch(1).await();
        }
        System.out.println("stand-in " + String.join(" ", args));
    }
}
