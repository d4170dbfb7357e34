package skiff.store;

import java.util.List;

/**
 * Keys of a range read in key order, the revision the read was served at, and whether more keys follow the last
 * one returned (when a limit cut the read short).
 */
public record RangeResult(List<KeyValue> items, long revision, boolean more) {}
