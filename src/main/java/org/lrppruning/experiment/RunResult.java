package org.lrppruning.experiment;

import java.util.List;
import org.lrppruning.prune.PruningPlan;

/**
 * What one run produced: its evaluations in log order, the global ranking (layer-major indices by
 * ascending score), the plan it pruned with (empty for rank runs), the normalised scores, whether any
 * score was NaN, and the log lines it appends.
 */
public record RunResult(RunConfig config, List<Evaluation> evaluations, int[] ranking, PruningPlan plan,
                        float[][] scores, boolean nanScores, List<String> logLines) {
}
