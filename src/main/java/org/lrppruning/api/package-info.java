/**
 * The Java API of lrp-pruning: the command line's model verbs as a few calls, for JVM programs.
 *
 * <pre>{@code
 * Model model = LrpPruning.load(Path.of("net.onnx"));        // or LrpPruning.load(Path.of("net.npz"), "vgg-small")
 * Data refs = Data.load("train.npy").perClass(5, 1);         // 5 reference samples per class, seed 1
 * Model pruned = model.prune(model.scores("lrp", refs), 0.3); // the lowest 30 % of the units removed
 * pruned.save(Path.of("pruned.onnx"));
 * }</pre>
 *
 * <p>{@link org.lrppruning.api.LrpPruning} loads models, {@link org.lrppruning.api.Model} explains, scores, prunes,
 * evaluates and saves them, {@link org.lrppruning.api.Data} holds labelled samples,
 * {@link org.lrppruning.api.Scores} and {@link org.lrppruning.api.Explanation} are results, and
 * {@link org.lrppruning.api.Study} runs the paper's CNN study into a folder. Each call computes what the
 * CLI command of the same name computes (the same numbers, whatever the thread count); bad input is an
 * {@link java.lang.IllegalArgumentException} with a one-line message, an unreadable file an
 * {@link java.io.IOException}.
 *
 * <p>This package is the supported API: its signatures change only with a note in CHANGELOG.md. Every other
 * package ({@code model}, {@code lrp}, {@code criteria}, {@code prune}, {@code onnx}, {@code data}, ...) is internal
 * and may change between versions; docs/api.md lists them.
 */
package org.lrppruning.api;
