package skiff.scheduler.framework;

/**
 * k/k pkg/scheduler/framework/plugins/helper/normalize_score.go DefaultNormalizeScore: scales scores so the highest
 * becomes {@link ScorePlugin#MAX_NODE_SCORE}; reversed, the highest becomes 0. All zero stays zero, or all maximal
 * when reversed.
 */
public final class NormalizedScore {
    private NormalizedScore() {}

    public static void normalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? ScorePlugin.MAX_NODE_SCORE : scores[i];
            } else {
                long scaled = ScorePlugin.MAX_NODE_SCORE * scores[i] / max;
                scores[i] = reverse ? ScorePlugin.MAX_NODE_SCORE - scaled : scaled;
            }
        }
    }
}
