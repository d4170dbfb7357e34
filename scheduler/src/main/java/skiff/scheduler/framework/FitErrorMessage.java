package skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of a scheduling failure (k/k pkg/scheduler/framework/types.go FitError.Error): "0/N nodes are
 * available:", then each refusal reason with how many nodes gave it, sorted as strings and joined with ", ", then a
 * period; the post-filter (preemption) message follows, again ended with a period.
 */
public final class FitErrorMessage {
    private FitErrorMessage() {}

    public static String of(int allNodes, Map<String, FilterResult> refusals, String postFilterMessage) {
        StringBuilder message = new StringBuilder("0/" + allNodes + " nodes are available:");
        List<String> histogram = histogram(refusals);
        if (!histogram.isEmpty()) {
            message.append(' ').append(String.join(", ", histogram)).append('.');
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            message.append(' ').append(postFilterMessage).append('.');
        }
        return message.toString();
    }

    /**
     * A failure in PreFilter, which refuses every node at once (types.go FitError.Error with PreFilterMsg): its
     * message in place of the counted reasons, then preemption's, which cannot help on any node.
     */
    public static String preFilter(int allNodes, String preFilterMessage) {
        return "0/" + allNodes + " nodes are available: " + preFilterMessage + ". preemption: 0/" + allNodes
                + " nodes are available: " + allNodes + " Preemption is not helpful for scheduling.";
    }

    private static List<String> histogram(Map<String, FilterResult> refusals) {
        Map<String, Integer> counts = new TreeMap<>();
        for (FilterResult r : refusals.values()) {
            for (String reason : r.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        List<String> lines = new ArrayList<>();
        counts.forEach((reason, n) -> lines.add(n + " " + reason));
        lines.sort(null);
        return lines;
    }
}
