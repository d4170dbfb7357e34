package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

    record Case(String name, Duration duration, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> boundaries() {
        return Stream.of(
                new Case("more than a second in the future is invalid", Duration.ofMillis(-2000), "<invalid>"),
                new Case("far future is invalid", Duration.ofDays(-3), "<invalid>"),
                new Case("just under two seconds ahead is now", Duration.ofMillis(-1999), "0s"),
                new Case("one second ahead is now", Duration.ofSeconds(-1), "0s"),
                new Case("zero", Duration.ZERO, "0s"),
                new Case("fractions of a second are cut", Duration.ofMillis(1900), "1s"),
                new Case("seconds up to two minutes", Duration.ofSeconds(119), "119s"),
                new Case("two minutes exactly", Duration.ofSeconds(120), "2m"),
                new Case("minutes and seconds under ten minutes", Duration.ofSeconds(123), "2m3s"),
                new Case("last second before ten minutes", Duration.ofSeconds(599), "9m59s"),
                new Case("ten minutes drops the seconds", Duration.ofSeconds(601), "10m"),
                new Case("minutes up to three hours", Duration.ofMinutes(179).plusSeconds(59), "179m"),
                new Case("three hours exactly", Duration.ofHours(3), "3h"),
                new Case("hours and minutes under eight hours", Duration.ofMinutes(185), "3h5m"),
                new Case("last minute before eight hours", Duration.ofMinutes(8 * 60 - 1), "7h59m"),
                new Case("eight hours drops the minutes", Duration.ofMinutes(8 * 60 + 30), "8h"),
                new Case("hours up to two days", Duration.ofHours(47).plusMinutes(59), "47h"),
                new Case("two days exactly", Duration.ofHours(48), "2d"),
                new Case("days and hours under eight days", Duration.ofHours(51), "2d3h"),
                new Case("last hour before eight days", Duration.ofHours(8 * 24 - 1), "7d23h"),
                new Case("eight days drops the hours", Duration.ofHours(8 * 24 + 5), "8d"),
                new Case("days up to two years", Duration.ofDays(729), "729d"),
                new Case("forty-five days", Duration.ofDays(45).plusHours(23), "45d"),
                new Case("two years exactly", Duration.ofDays(730), "2y"),
                new Case("years and days under eight years", Duration.ofDays(3 * 365 + 12), "3y12d"),
                new Case("last day before eight years", Duration.ofDays(8 * 365 - 1), "7y364d"),
                new Case("eight years drops the days", Duration.ofDays(8 * 365 + 100), "8y"),
                new Case("beyond Go's duration range saturates", Duration.ofDays(400 * 365), "292y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaries")
    void formatsLikeKubernetesHumanDuration(Case c) {
        assertThat(HumanDuration.format(c.duration())).isEqualTo(c.expected());
    }
}
