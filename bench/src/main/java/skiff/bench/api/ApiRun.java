package skiff.bench.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import skiff.bench.Latencies;

/** What one server (one store kind) measured in the API benchmark, filled in as the interleaved phases run. */
final class ApiRun {
    /** Pod creates at one concurrency. */
    record CreateLevel(int clients, Latencies latencies) {}

    final String store;
    final List<CreateLevel> creates = new ArrayList<>();
    final List<Long> fullLists = new ArrayList<>();
    final List<Long> pagedLists = new ArrayList<>();
    int listBytes;
    WatchLatency.Result watch;
    long residentBytes;

    ApiRun(String store) {
        this.store = store;
    }

    Latencies fullList() {
        return Latencies.of(fullLists.stream().mapToLong(Long::longValue).toArray(), Duration.ZERO, 0);
    }

    Latencies pagedList() {
        return Latencies.of(pagedLists.stream().mapToLong(Long::longValue).toArray(), Duration.ZERO, 0);
    }
}
