package skiff.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * A library's note of an expected condition (seen at every stop of a busy server) is debugging output; Skiff's own
 * lines, errors, and a library's note of an unexpected failure keep their level.
 */
class LibraryLevelsTest {
    private static final String FABRIC8_WATCH = "io.fabric8.kubernetes.client.dsl.internal.AbstractWatchManager";
    private static final String NETTY_CHANNEL = "io.netty.channel.AbstractChannel";

    @Test
    void aWatchItsOwnClientCancelledIsDebugOutput() {
        // fabric8 "Unknown Watch error received 2 times without progress": an HTTP watch's body cancelled by the
        // informer that closed it, once at its periodic restart and once at the stop.
        assertThat(LibraryLevels.effective(FABRIC8_WATCH, Level.INFO, "Unknown Watch error", new CancellationException()))
                .isEqualTo(Level.DEBUG);
    }

    @Test
    void aChannelRefusedByAStoppedEventLoopIsDebugOutput() {
        // Netty "Force-closing a channel whose registration task was not accepted by an event loop".
        assertThat(LibraryLevels.effective(NETTY_CHANNEL, Level.WARN, "Force-closing a channel",
                new RejectedExecutionException("event executor terminated"))).isEqualTo(Level.DEBUG);
        assertThat(LibraryLevels.effective("io.vertx.core.net.impl.ConnectionBase", Level.WARN, "",
                new IOException("Connection reset by peer"))).isEqualTo(Level.DEBUG);
    }

    @Test
    void aRelistOnTheClientItsComponentClosedIsDebugOutput() {
        assertThat(LibraryLevels.effective("io.fabric8.kubernetes.client.informers.impl.cache.Reflector", Level.WARN,
                "listSyncAndWatch failed for {}, will retry",
                new CompletionException(new IllegalStateException("Client is closed")))).isEqualTo(Level.DEBUG);
    }

    @Test
    void aPooledConnectionTheServerClosedIsDebugOutput() {
        assertThat(LibraryLevels.effective("io.vertx.core.http.impl.HttpClientConnection", Level.WARN,
                "Connection evicted", null)).isEqualTo(Level.DEBUG);
        assertThat(LibraryLevels.effective("io.vertx.core.http.impl.HttpClientConnection", Level.WARN,
                "something else", null)).isEqualTo(Level.WARN);
    }

    @Test
    void skiffsOwnLinesErrorsAndUnexpectedFailuresKeepTheirLevel() {
        assertThat(LibraryLevels.effective("skiff.server.SkiffServer", Level.WARN, "", new CancellationException()))
                .isEqualTo(Level.WARN);
        assertThat(LibraryLevels.effective(NETTY_CHANNEL, Level.ERROR, "", new RejectedExecutionException()))
                .isEqualTo(Level.ERROR);
        assertThat(LibraryLevels.effective(FABRIC8_WATCH, Level.INFO, "Unknown Watch error", new IllegalStateException("decoding failed")))
                .isEqualTo(Level.INFO);
        assertThat(LibraryLevels.effective(FABRIC8_WATCH, Level.INFO, "", null)).isEqualTo(Level.INFO);
    }
}
