/**
 * The pruning workbench: a local page for a user's own CNN (chain or graph) over a JSON API —
 * {@link org.lrppruning.workbench.Workbench} computes scores, evaluations, heatmaps and the pruned ONNX
 * exactly as {@code prune} does, with bounded caches; {@link org.lrppruning.workbench.WorkbenchServer} serves
 * the page and the API with the playground's limits; background curves are cancellable per page.
 */
package org.lrppruning.workbench;
