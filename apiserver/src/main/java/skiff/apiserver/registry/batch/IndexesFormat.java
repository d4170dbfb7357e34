package skiff.apiserver.registry.batch;

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

    private static Result error(String message) {
        return new Result(0, Optional.of(message));
    }
}
