package skiff.client.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import skiff.api.time.Clock;
import skiff.api.time.FakeClock;

class LeaderElectorTest {
    /** A lock in memory with versions, as a Lease behaves under optimistic concurrency. */
    static final class MemoryLock implements LeaderLock {
        LeaderElectionRecord record;
        int version;
        boolean failing;
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized Optional<LeaderElectionRecord.Versioned> get() {
            check();
            return Optional.ofNullable(record).map(r -> new LeaderElectionRecord.Versioned(r, "" + version));
        }

        @Override
        public synchronized Optional<String> create(LeaderElectionRecord created) {
            check();
            if (record != null) {
                return Optional.empty();
            }
            record = created;
            return Optional.of("" + ++version);
        }

        @Override
        public synchronized Optional<String> update(LeaderElectionRecord updated, String at) {
            check();
            if (record == null || !at.equals("" + version)) {
                return Optional.empty();
            }
            record = updated;
            return Optional.of("" + ++version);
        }

        private void check() {
            if (failing) {
                throw new IllegalStateException("the API server is unreachable");
            }
        }

        @Override
        public synchronized void recordEvent(String message) {
            events.add(message);
        }

        @Override
        public String describe() {
            return "kube-system/kube-controller-manager";
        }
    }

    /** What the callbacks saw. */
    static class Seen implements LeaderElector.Callbacks {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void startedLeading() {
            calls.add("started");
        }

        @Override
        public synchronized void stoppedLeading() {
            calls.add("stopped");
        }

        @Override
        public synchronized void newLeader(String identity) {
            calls.add("leader " + identity);
        }
    }

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final MemoryLock lock = new MemoryLock();

    private LeaderElector candidate(String identity, Seen seen) {
        return new LeaderElector(lock, identity, LeaderElectionTimings.DEFAULTS, seen, clock, new Random(1));
    }

    @Test
    void theFirstCandidateCreatesTheLockAndRenewsIt() {
        LeaderElector a = candidate("a", new Seen());

        assertThat(a.tryAcquireOrRenew()).isTrue();
        assertThat(lock.record).isEqualTo(new LeaderElectionRecord("a", 15, clock.now(), clock.now(), 0));

        Instant acquired = clock.now();
        clock.advance(Duration.ofSeconds(2));
        assertThat(a.tryAcquireOrRenew()).isTrue();
        assertThat(lock.record).isEqualTo(new LeaderElectionRecord("a", 15, acquired, clock.now(), 0));
    }

    @Test
    void anotherCandidateWaitsALeaseDurationFromWhenItLastSawAChange() {
        Seen seenByB = new Seen();
        LeaderElector a = candidate("a", new Seen());
        LeaderElector b = candidate("b", seenByB);
        assertThat(a.tryAcquireOrRenew()).isTrue();

        assertThat(b.tryAcquireOrRenew()).isFalse();
        assertThat(seenByB.calls).containsExactly("leader a");
        // a stops renewing; b counts 15 s from when it first saw this record, not from the record's renewTime.
        clock.advance(Duration.ofSeconds(14));
        assertThat(b.tryAcquireOrRenew()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.tryAcquireOrRenew()).isTrue();

        assertThat(lock.record).isEqualTo(new LeaderElectionRecord("b", 15, clock.now(), clock.now(), 1));
        assertThat(seenByB.calls).containsExactly("leader a", "leader b");
        // a, back, finds the lock taken and valid.
        assertThat(a.tryAcquireOrRenew()).isFalse();
    }

    @Test
    void aRenewedRecordRestartsTheWait() {
        LeaderElector a = candidate("a", new Seen());
        LeaderElector b = candidate("b", new Seen());
        assertThat(a.tryAcquireOrRenew()).isTrue();
        assertThat(b.tryAcquireOrRenew()).isFalse();

        clock.advance(Duration.ofSeconds(10));
        assertThat(a.tryAcquireOrRenew()).isTrue();
        clock.advance(Duration.ofSeconds(10));

        assertThat(b.tryAcquireOrRenew()).as("renewed 10 s ago by b's clock").isFalse();
    }

    @Test
    void aReleasedLockIsTakenAtOnce() {
        lock.record = new LeaderElectionRecord("", 1, clock.now(), clock.now(), 3);

        assertThat(candidate("b", new Seen()).tryAcquireOrRenew()).isTrue();
        assertThat(lock.record.holderIdentity()).isEqualTo("b");
        assertThat(lock.record.leaderTransitions()).isEqualTo(4);
    }

    /** Fake time that a sleep moves on, paced by a real millisecond so the elector's thread does not spin. */
    private final Clock paced = new Clock() {
        @Override
        public Instant now() {
            return clock.now();
        }

        @Override
        public long nanoTime() {
            return clock.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            clock.advance(duration);
            Thread.sleep(1);
        }
    };

    @Test
    void theLeaderStopsWhenItCannotRenewWithinTheDeadlineAndTriesAgain() throws Exception {
        Seen seen = new Seen();
        LeaderElector a = new LeaderElector(lock, "a", LeaderElectionTimings.DEFAULTS, seen, paced, new Random(1));
        a.start();
        org.awaitility.Awaitility.await().until(a::isLeader);
        assertThat(lock.events).containsExactly("a became leader");

        lock.failing = true;
        org.awaitility.Awaitility.await().until(() -> !a.isLeader());
        assertThat(lock.events).containsExactly("a became leader", "a stopped leading");

        lock.failing = false;
        org.awaitility.Awaitility.await().until(a::isLeader);
        a.close();

        assertThat(seen.calls).containsExactly("leader a", "started", "stopped", "started", "stopped");
        // Released on close: no holder, a one-second lease.
        assertThat(lock.record.holderIdentity()).isEmpty();
        assertThat(lock.record.leaseDurationSeconds()).isEqualTo(1);
    }

    @Test
    void closingWhileTheLeaderStartsStopsAndReleasesWithoutAnUncaughtException() throws Exception {
        // A server stopped while its controllers start: their first API call fails on the interrupt.
        java.util.concurrent.CountDownLatch starting = new java.util.concurrent.CountDownLatch(1);
        Seen seen = new Seen() {
            @Override
            public void startedLeading() {
                super.startedLeading();
                starting.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException("the request was interrupted", e);
                }
            }
        };
        List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            LeaderElector a = new LeaderElector(lock, "a", LeaderElectionTimings.DEFAULTS, seen, paced,
                    new Random(1)).start();
            starting.await();
            a.close();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }

        assertThat(uncaught).isEmpty();
        assertThat(seen.calls).containsExactly("leader a", "started", "stopped");
        assertThat(lock.record.holderIdentity()).isEmpty();
    }

    @Test
    void timingsAreCheckedAsClientGoChecksThem() {
        assertThatThrownBy(() -> new LeaderElectionTimings(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(2))).hasMessage("leaseDuration must be greater than renewDeadline");
        assertThatThrownBy(() -> new LeaderElectionTimings(Duration.ofSeconds(15), Duration.ofSeconds(2),
                Duration.ofSeconds(2))).hasMessage("renewDeadline must be greater than retryPeriod*JitterFactor");
    }
}
