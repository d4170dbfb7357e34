package skiff.apiserver.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** One page of a list: the objects, the revision it reflects, and the token for the next page (null: last page). */
public record ListResult(List<ObjectNode> items, long revision, String continueToken, Long remainingItemCount) {}
