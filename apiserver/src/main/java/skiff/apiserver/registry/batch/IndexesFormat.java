package skiff.apiserver.registry.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The format of a set of completion indexes ({@code "1,3-5,7"}) as k/k pkg/apis/batch/validation/validation.go
 * validateIndexesFormat and parseIndexInterval check it (1.32): ascending intervals of at most two parts, each
 * index below the completions.
 */
final class IndexesFormat {
    private IndexesFormat() {}

    /** The number of indexes, or the error Kubernetes reports. */
    record Result(long total, Optional<String> error) {}

    static Result check(String text, long completions) {
        if (text.isEmpty()) {
            return new Result(0, Optional.empty());
        }
        Long last = null;
        long total = 0;
        for (String interval : text.split(",", -1)) {
            String[] limits = interval.split("-", -1);
            if (limits.length > 2) {
                return error("the fragment \"" + interval + "\" violates the requirement that an index interval can "
                        + "have at most two parts separated by '-'");
            }
            long first;
            long end;
            try {
                first = Long.parseLong(limits[0]);
            } catch (NumberFormatException e) {
                return error("cannot convert string to integer for index: \"" + limits[0] + "\"");
            }
            if (first >= completions) {
                return error("too large index: \"" + limits[0] + "\"");
            }
            end = first;
            if (limits.length == 2) {
                try {
                    end = Long.parseLong(limits[1]);
                } catch (NumberFormatException e) {
                    return error("cannot convert string to integer for index: \"" + limits[1] + "\"");
                }
                if (end >= completions) {
                    return error("too large index: \"" + limits[1] + "\"");
                }
                if (first >= end) {
                    return error("non-increasing order, previous: " + first + ", current: " + end);
                }
            }
            if (last != null && last >= first) {
                return error("non-increasing order, previous: " + last + ", current: " + first);
            }
            total += end - first + 1;
            last = end;
        }
        return new Result(total, Optional.empty());
    }

    /**
     * The first index in both sets, as k/k validation.go validateFailedIndexesNotOverlapCompleted finds it: intervals
     * that do not parse are skipped (the format check reports them).
     */
    static Optional<Long> firstOverlap(String completed, String failed, long completions) {
        if (completed.isEmpty() || failed.isEmpty()) {
            return Optional.empty();
        }
        List<long[]> c = intervals(completed, completions);
        List<long[]> f = intervals(failed, completions);
        int i = 0;
        int j = 0;
        while (i < c.size() && j < f.size()) {
            long[] a = c.get(i);
            long[] b = f.get(j);
            if (a[0] <= b[1] && b[0] <= a[1]) {
                return Optional.of(Math.max(a[0], b[0]));
            }
            if (a[0] <= b[0]) {
                i++;
            } else {
                j++;
            }
        }
        return Optional.empty();
    }

    // The intervals of a set that parse on their own, each as {first, last}.
    private static List<long[]> intervals(String text, long completions) {
        List<long[]> intervals = new ArrayList<>();
        for (String interval : text.split(",", -1)) {
            if (!interval.isEmpty() && check(interval, completions).error().isEmpty()) {
                String[] limits = interval.split("-", -1);
                long first = Long.parseLong(limits[0]);
                intervals.add(new long[] {first, limits.length == 2 ? Long.parseLong(limits[1]) : first});
            }
        }
        return intervals;
    }

    private static Result error(String message) {
        return new Result(0, Optional.of(message));
    }
}
