package skiff.cli.log;

import org.slf4j.event.Level;

/**
 * The level a library's event is written at. A library's info or warning about an expected condition
 * ({@link ExpectedConditions}) is debugging output, written from {@code -v 4}: fabric8 notes the HTTP watch body its
 * own informer cancelled when it closed ("Unknown Watch error received 2 times without progress", a
 * CancellationException), Netty the connection a stopped event loop refused (a RejectedExecutionException). Skiff
 * says itself what a user needs to know of these; its own lines and every error keep their level.
 */
final class LibraryLevels {
    private static final String SKIFF = "skiff.";

    private LibraryLevels() {}

    static Level effective(String logger, Level level, Throwable error) {
        boolean library = !logger.startsWith(SKIFF);
        boolean note = level == Level.INFO || level == Level.WARN;
        if (library && note && error != null && ExpectedConditions.isExpected(error)) {
            return Level.DEBUG;
        }
        return level;
    }
}
