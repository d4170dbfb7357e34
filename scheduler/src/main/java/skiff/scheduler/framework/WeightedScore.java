package skiff.scheduler.framework;

/** A score plugin and the weight its normalized score is multiplied by. */
public record WeightedScore(ScorePlugin plugin, int weight) {}
