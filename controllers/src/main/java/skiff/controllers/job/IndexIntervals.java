package skiff.controllers.job;

import java.util.BitSet;

/**
 * Sets of completion indexes in the compressed form of {@code status.completedIndexes}, {@code failedIndexes} and a
 * success policy's {@code succeededIndexes}: ascending, comma-separated, a run of three or more as {@code a-b} (k/k
 * pkg/controller/job/indexed_job_utils.go orderedIntervals.String: "1,3-5,7", and "1,2" for a run of two).
 */
final class IndexIntervals {
    private IndexIntervals() {}

    // k/k 1.32 indexed_job_utils.go orderedIntervals.String: a run of three or more is first-last, a pair first,last.
    static String format(BitSet indexes) {
        StringBuilder out = new StringBuilder();
        int start = indexes.nextSetBit(0);
        while (start >= 0) {
            int end = indexes.nextClearBit(start) - 1;
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(start);
            if (end > start) {
                out.append(end == start + 1 ? ',' : '-').append(end);
            }
            start = indexes.nextSetBit(end + 1);
        }
        return out.toString();
    }

    // k/k indexed_job_utils.go parseIndexesFromString: parts that do not parse, or indexes at or past the
    // completions, are skipped.
    static BitSet parse(String text, int completions) {
        BitSet indexes = new BitSet();
        if (text == null || text.isEmpty()) {
            return indexes;
        }
        for (String part : text.split(",")) {
            String[] bounds = part.split("-", -1);
            try {
                int first = Integer.parseInt(bounds[0]);
                int last = bounds.length == 2 ? Integer.parseInt(bounds[1]) : first;
                if (bounds.length > 2 || first < 0 || last < first) {
                    continue;
                }
                indexes.set(first, Math.min(last, completions - 1) + 1);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // skipped, as k/k does
            }
        }
        return indexes;
    }
}
