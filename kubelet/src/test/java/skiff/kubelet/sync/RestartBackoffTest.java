package skiff.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class RestartBackoffTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RestartBackoff backoff = new RestartBackoff(clock);
    private static final String KEY = RestartBackoff.key("default", "web", "uid-1", "app", "abcd");

    @Test
    void aContainerThatNeverRestartedHasNoWindow() {
        assertThat(backoff.window(KEY, clock.now())).isEmpty();
    }

    @Test
    void theWindowStartsAtTenSecondsAndDoublesUpToFiveMinutes() {
        StringBuilder windows = new StringBuilder();
        for (int restart = 0; restart < 8; restart++) {
            backoff.next(KEY, clock.now());
            windows.append(backoff.window(KEY, clock.now()).orElseThrow().toSeconds()).append(' ');
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(windows.toString().trim()).isEqualTo("10 20 40 80 160 300 300 300");
    }

    @Test
    void aContainerThatRanTenMinutesStartsOverAtTenSeconds() {
        backoff.next(KEY, clock.now());
        backoff.next(KEY, clock.now());
        backoff.next(KEY, clock.now());
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(backoff.window(KEY, clock.now())).isEmpty();
        backoff.next(KEY, clock.now());
        assertThat(backoff.window(KEY, clock.now())).contains(Duration.ofSeconds(10));
    }

    @Test
    void theWindowStillAppliesJustBeforeTenMinutes() {
        backoff.next(KEY, clock.now());
        backoff.next(KEY, clock.now());
        clock.advance(Duration.ofMinutes(10));

        assertThat(backoff.window(KEY, clock.now())).contains(Duration.ofSeconds(20));
    }

    @Test
    void aChangedSpecHasAKeyOfItsOwn() {
        String changed = RestartBackoff.key("default", "web", "uid-1", "app", "ef01");
        backoff.next(KEY, clock.now());
        backoff.next(KEY, clock.now());

        assertThat(backoff.window(changed, clock.now())).isEmpty();
    }

    @Test
    void forgettingAPodDropsItsKeysOnly() {
        String other = RestartBackoff.key("default", "db", "uid-2", "app", "abcd");
        backoff.next(KEY, clock.now());
        backoff.next(other, clock.now());

        backoff.forgetPod("uid-1");

        assertThat(backoff.window(KEY, clock.now())).isEmpty();
        assertThat(backoff.window(other, clock.now())).isPresent();
    }

    @Test
    void gcDropsEntriesOlderThanTwiceTheCap() {
        backoff.next(KEY, clock.now());
        clock.advance(Duration.ofMinutes(11));
        backoff.gc();
        clock.advance(Duration.ofMinutes(-11));

        assertThat(backoff.window(KEY, clock.now())).isEmpty();
    }
}
