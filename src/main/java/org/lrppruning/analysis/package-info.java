/**
 * Analysis of experiment logs: parsing ({@link org.lrppruning.analysis.LogParser}), accuracy
 * statistics over seeds ({@link org.lrppruning.analysis.AccuracyStats}), rank statistics of
 * pruning orders ({@link org.lrppruning.analysis.RankStats}) and the rank-analysis report
 * ({@link org.lrppruning.analysis.RankAnalysis}). Pure computation and text; no charts, no printing:
 * warnings and printed lines are returned to the caller.
 *
 * <p>Behaviour follows the Python reference's {@code --analyze} (spec section 8): NumPy's mean and
 * population std, Python's float formatting, PrettyTable's layout.
 */
package org.lrppruning.analysis;
