package skiff.api.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "*/15 * * * *     | 2026-06-01T12:07:30Z | 2026-06-01T12:15:00Z",
        "*/15 * * * *     | 2026-06-01T12:15:00Z | 2026-06-01T12:30:00Z",
        "@hourly          | 2026-06-01T12:00:00Z | 2026-06-01T13:00:00Z",
        "@daily           | 2026-06-01T12:00:00Z | 2026-06-02T00:00:00Z",
        "@weekly          | 2026-06-01T12:00:00Z | 2026-06-07T00:00:00Z",
        "@monthly         | 2026-06-01T12:00:00Z | 2026-07-01T00:00:00Z",
        "@yearly          | 2026-06-01T12:00:00Z | 2027-01-01T00:00:00Z",
        "0 9 * * MON-FRI  | 2026-06-05T09:00:00Z | 2026-06-08T09:00:00Z",
        "0 0 13 * 5       | 2026-06-01T00:00:00Z | 2026-06-05T00:00:00Z",
        "0 0 13 * ?       | 2026-06-01T00:00:00Z | 2026-06-13T00:00:00Z",
        "5 4 29 2 *       | 2026-06-01T00:00:00Z | 2028-02-29T04:05:00Z",
        "0 0 1 jan,Jul *  | 2026-06-01T00:00:00Z | 2026-07-01T00:00:00Z",
        "3-59/20 * * * *  | 2026-06-01T00:24:00Z | 2026-06-01T00:43:00Z",
        "@every 90s       | 2026-06-01T00:00:00.5Z | 2026-06-01T00:01:30Z",
    })
    void nextActivation(String spec, String after, String expected) {
        assertThat(CronSchedule.parse(spec.strip()).next(Instant.parse(after.strip())))
                .contains(Instant.parse(expected.strip()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "* * * *             | expected exactly 5 fields, found 4: [* * * *]",
        "60 * * * *          | end of range (60) above maximum (59): 60",
        "* * 0 * *           | beginning of range (0) below minimum (1): 0",
        "5-1 * * * *         | beginning of range (5) beyond end of range (1): 5-1",
        "*/0 * * * *         | step of range should be a positive number: */0",
        "1-2-3 * * * *       | too many hyphens: 1-2-3",
        "x * * * *           | failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
        "* * * * 7           | end of range (7) above maximum (6): 7",
        "@fortnightly        | unrecognized descriptor: @fortnightly",
        "TZ=Mars/Olympus * * * * * | provided bad location Mars/Olympus: unknown time zone Mars/Olympus",
    })
    void refusedWithRobfigsMessage(String spec, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(spec.strip())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message.strip());
    }

    // robfig/cron v3: a local time skipped by daylight saving never fires; one repeated fires twice.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "30 2 * * * | 2026-03-07T12:00:00Z | 2026-03-09T06:30:00Z,2026-03-10T06:30:00Z,2026-03-11T06:30:00Z",
        "30 1 * * * | 2026-10-31T12:00:00Z | 2026-11-01T05:30:00Z,2026-11-01T06:30:00Z,2026-11-02T06:30:00Z",
    })
    void daylightSavingInNewYork(String spec, String after, String expected) {
        CronSchedule schedule = CronSchedule.parse(spec.strip()).inZone(ZoneId.of("America/New_York"));
        List<String> times = new ArrayList<>();
        Instant t = Instant.parse(after.strip());
        for (int i = 0; i < 3; i++) {
            t = schedule.next(t).orElseThrow();
            times.add(t.toString());
        }
        assertThat(String.join(",", times)).isEqualTo(expected.strip());
    }

    @Test
    void aZoneInTheTextWinsOverTheCronJobsZone() {
        CronSchedule schedule = CronSchedule.parse("CRON_TZ=Asia/Tokyo 0 9 * * *").inZone(ZoneId.of("UTC"));
        assertThat(schedule.next(Instant.parse("2026-06-01T00:00:00Z"))).contains(Instant.parse("2026-06-02T00:00:00Z"));
    }

    @Test
    void anImpossibleDateNeverComes() {
        assertThat(CronSchedule.parse("0 0 30 2 *").next(Instant.parse("2026-06-01T00:00:00Z"))).isEmpty();
    }
}
