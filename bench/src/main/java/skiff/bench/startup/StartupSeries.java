package skiff.bench.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One server's start-up measurements: times to ready and resident memory, several samples each. */
final class StartupSeries {
    final String name;
    final List<Duration> fresh = new ArrayList<>();
    final List<Duration> existing = new ArrayList<>();
    final List<Duration> existingLoaded = new ArrayList<>();
    final List<Duration> freshCpu = new ArrayList<>();
    final List<Duration> existingCpu = new ArrayList<>();
    final List<Duration> existingLoadedCpu = new ArrayList<>();
    final List<Duration> firstWrite = new ArrayList<>();
    final List<Duration> firstWriteCpu = new ArrayList<>();
    final List<Long> idleRss = new ArrayList<>();
    final List<Long> loadedIdleRss = new ArrayList<>();
    long rssAfterLoad;
    Duration loadTime = Duration.ZERO;
    /** Skiff only: spawn to the "ready at" line on stdout, after a fresh start. */
    final List<Duration> freshReadyLine = new ArrayList<>();

    StartupSeries(String name) {
        this.name = name;
    }
}
