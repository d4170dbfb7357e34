package skiff.controllers.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import skiff.api.cron.CronSchedule;

/**
 * The latest schedule time a cron job missed, and about how many it missed (k/k pkg/controller/cronjob/utils.go
 * mostRecentScheduleTime, 1.32).
 *
 * @param mostRecent the latest activation at or before now, empty when none is due
 * @param missed the estimated number of activations since the earliest time considered
 */
record MissedSchedules(Optional<Instant> mostRecent, long missed) {
    static final MissedSchedules NONE = new MissedSchedules(Optional.empty(), 0);

    /**
     * {@code earliest} is the last schedule time, else the creation time, raised to now minus
     * startingDeadlineSeconds when that is later. Fails when two activations are less than a second apart.
     */
    static MissedSchedules of(CronSchedule schedule, Instant earliest, Instant now) {
        Optional<Instant> t1 = schedule.next(earliest);
        if (t1.isEmpty() || now.isBefore(t1.get())) {
            return NONE;
        }
        Optional<Instant> t2 = schedule.next(t1.get());
        if (t2.isEmpty() || now.isBefore(t2.get())) {
            return new MissedSchedules(t1, 1);
        }
        // k/k utils.go: the gap between the first two activations estimates how many fit before now; the scan for
        // the latest starts one gap before the estimate so irregular schedules come out right.
        long gap = Math.round(Duration.between(t1.get(), t2.get()).toMillis() / 1000.0);
        if (gap < 1) {
            throw new IllegalArgumentException("time difference between two schedules is less than 1 second");
        }
        long elapsed = Duration.between(t1.get(), now).toSeconds();
        long missed = elapsed / gap + 1;
        Instant potentialEarliest = t1.get().plusSeconds((missed - 2) * gap);
        Instant latest = null;
        for (Optional<Instant> t = schedule.next(potentialEarliest); t.isPresent() && !t.get().isAfter(now);
                t = schedule.next(t.get())) {
            latest = t.get();
        }
        return new MissedSchedules(Optional.of(latest == null ? t1.get() : latest), missed);
    }
}
