package skiff.bench.api;

import java.util.List;

/** What one server (one store kind) measured in the API benchmark. */
record ApiRun(String store, List<CreateLevel> creates, ListTiming.Result fullList,
        skiff.bench.Latencies pagedList, WatchLatency.Result watch, long residentBytes) {

    /** Pod creates at one concurrency. */
    record CreateLevel(int clients, skiff.bench.Latencies latencies) {}
}
