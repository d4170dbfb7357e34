package skiff.cli.log;

import org.slf4j.event.Level;

/**
 * The level a library's event is written at. A library's info or warning about an expected condition
 * ({@link ExpectedConditions}) is debugging output, written from {@code -v 4}: fabric8 notes the HTTP watch body its
 * own informer cancelled when it closed ("Unknown Watch error received 2 times without progress", a
 * CancellationException), Netty the connection a stopped event loop refused (a RejectedExecutionException), fabric8's
 * reflector a relist on the client its component closed while stopping. Vert.x's pool warns, with no cause, of every
 * pooled connection the server closed ("Connection evicted"); the pool opens another when one is needed. Skiff says
 * itself what a user needs to know of these; its own lines and every error keep their level.
 */
final class LibraryLevels {
    private static final String SKIFF = "skiff.";
    private static final String VERTX_CLIENT_CONNECTION = "io.vertx.core.http.impl.HttpClientConnection";

    private LibraryLevels() {}

    static Level effective(String logger, Level level, String message, Throwable error) {
        boolean library = !logger.startsWith(SKIFF);
        boolean note = level == Level.INFO || level == Level.WARN;
        if (library && note && error != null && ExpectedConditions.isExpected(error)) {
            return Level.DEBUG;
        }
        if (note && logger.equals(VERTX_CLIENT_CONNECTION) && message.equals("Connection evicted")) {
            return Level.DEBUG;
        }
        return level;
    }
}
