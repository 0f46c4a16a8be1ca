package org.lrppruning.model;

import java.util.List;

/**
 * One layer of a feed-forward network. Activations are plain row-major arrays, batch first: n samples
 * of the per-sample shape {@code in} ({@link Shapes}); every method gets that input shape, which the
 * {@link Network} computes once. Layers are immutable: their arrays are never modified after
 * construction (the trainer's private network excepted), a changed layer is a new layer. Caches keyed by
 * array identity rely on this ({@code AccurateOps.widened}, the LRP rules' modified weights): whoever trains
 * a network in place and explains it between steps (fine-tuning) works on copies of the arrays.
 *
 * <p>Every layer carries the user's name, the PyTorch state-dict prefix of its parameters
 * ({@code features.0}); parameter-free layers get their Sequential index name all the same.
 *
 * <p>Three precisions: {@code forward} (float32, on {@code linalg.MatOps}, bits independent of the
 * thread count), {@code forwardAccurate} (float32 activations, products accumulated in float64 and
 * rounded once: the toy criteria's pass) and {@code forward64} (float64 throughout, to match float64
 * references). Gradients likewise; {@code backward64(float[] x, ...)} takes float32 activations of an
 * accurate pass and returns float64 gradients.
 *
 * <p>LRP: {@link Affine} layers (Linear, Conv2d) take their rule from a composite; the others say
 * themselves how relevance crosses them, as Zennit's default layer map does ({@link #relevance}).
 *
 * <p>Pruning: {@link Affine} layers own the prunable units (their outputs). Removing some of them shrinks
 * the layers that follow, each through {@link #withoutInputs}: a layer drops the inputs it no longer
 * gets and says which of its outputs disappear with them, until an Affine layer absorbs the change.
 *
 * <p>Graphs: a layer is one node of a {@link Network}'s directed acyclic graph and reads {@link #arity()}
 * values (one for every layer but the {@link Merge}s: Add, Concat, Mul). The graph walks (forward, gradient,
 * relevance) call only the array-of-inputs methods below; their defaults hand a one-input layer its single
 * input, so a new one-input op implements the single-array methods and a new multi-input op the array ones.
 */
public sealed interface Layer permits Affine, Unchanged, AveragePooling, Relu, MaxPool2d, BatchNorm, Merge, Activation,
        Scale {
    /** The user's name: the PyTorch state-dict prefix ({@code features.0}, {@code network.linear1}). */
    String name();

    /** Per-sample output shape for input shape {@code in}; an IllegalArgumentException naming the layer if it does not fit. */
    int[] outputShape(int[] in);

    /** Evaluation-mode forward pass of n samples, products split over {@code threads} (same bits for any count). */
    float[] forward(float[] x, int n, int[] in, int threads);

    /** As {@link #forward}, with every product accumulated in float64 and rounded to float32 once. */
    default float[] forwardAccurate(float[] x, int n, int[] in) {
        return forward(x, n, in, 1);
    }

    /** Evaluation-mode forward pass in float64. */
    double[] forward64(double[] x, int n, int[] in);

    /** ∂L/∂x from the layer's input x and ∂L/∂y (evaluation mode; dropout masks are the caller's). */
    float[] backward(float[] x, float[] gy, int n, int[] in, int threads);

    /** ∂L/∂x in float64. */
    double[] backward64(double[] x, double[] gy, int n, int[] in);

    /** ∂L/∂x in float64 from float32 activations (those of {@link Trace#accurate}). */
    double[] backward64(float[] x, double[] gy, int n, int[] in);

    /**
     * Relevance at the input from relevance {@code r} at the output, for layers that are not {@link Affine}:
     * passed unchanged (Zennit's {@code Pass}: ReLU, BatchNorm, Dropout; Flatten reshapes), unless the
     * layer overrides it (max pooling: to the arg-max, as the gradient; average pooling: Zennit's {@code Norm}).
     */
    default float[] relevance(float[] x, float[] r, int n, int[] in, int threads) {
        return r;
    }

    /** {@link #relevance} in float64. */
    default double[] relevance64(double[] x, double[] r, int n, int[] in) {
        return r;
    }

    /**
     * This layer without the inputs whose {@code keep} entry is false. {@code keep} runs over the first
     * axis of the input shape {@code in} (channels of C×H×W, features of F). The result says what goes
     * on downstream: {@link Shrunk#next()} is the keep mask over the first axis of the output, or null
     * when this layer absorbs the change (a Linear or Conv2d loses input columns / channels).
     */
    Shrunk withoutInputs(boolean[] keep, int[] in);

    /** The parameters under their state-dict keys ({@code weight}, {@code bias}, {@code running_mean}, ...). */
    default List<Param> parameters() {
        return List.of();
    }

    /** Multiply-accumulate operations of one sample with input shape {@code in} (0 for parameter-free layers). */
    default long macs(int[] in) {
        return 0;
    }

    // ------------------------------------------------------------------ the graph walks' view: one array per input

    /** Number of data inputs this node reads (1 except for {@link Merge}s). */
    default int arity() {
        return 1;
    }

    /** Per-sample output shape for the inputs' shapes. */
    default int[] outputShape(int[][] in) {
        return outputShape(in[0]);
    }

    /** {@link #forward(float[], int, int[], int)} over the node's inputs. */
    default float[] forward(float[][] x, int n, int[][] in, int threads) {
        return forward(x[0], n, in[0], threads);
    }

    /** {@link #forwardAccurate(float[], int, int[])} over the node's inputs. */
    default float[] forwardAccurate(float[][] x, int n, int[][] in) {
        return forwardAccurate(x[0], n, in[0]);
    }

    /** {@link #forward64(double[], int, int[])} over the node's inputs. */
    default double[] forward64(double[][] x, int n, int[][] in) {
        return forward64(x[0], n, in[0]);
    }

    /** ∂L/∂x_k for every input k from ∂L/∂y (null where an input's gradient is not needed is not allowed). */
    default float[][] backward(float[][] x, float[] gy, int n, int[][] in, int threads) {
        return new float[][] {backward(x[0], gy, n, in[0], threads)};
    }

    /** {@link #backward(float[][], float[], int, int[][], int)} in float64. */
    default double[][] backward64(double[][] x, double[] gy, int n, int[][] in) {
        return new double[][] {backward64(x[0], gy, n, in[0])};
    }

    /** {@link #backward(float[][], float[], int, int[][], int)} in float64 from float32 activations. */
    default double[][] backward64(float[][] x, double[] gy, int n, int[][] in) {
        return new double[][] {backward64(x[0], gy, n, in[0])};
    }

    /** Relevance at every input from relevance at the output (layers that are not {@link Affine}). */
    default float[][] relevance(float[][] x, float[] r, int n, int[][] in, int threads) {
        return new float[][] {relevance(x[0], r, n, in[0], threads)};
    }

    /**
     * {@link #relevance(float[][], float[], int, int[][], int)} given what {@link #forwardSaving} kept of this pass
     * ({@code saved} null: nothing); what the relevance walk calls. Max pooling takes its arg-max from there instead
     * of searching the windows again.
     */
    default float[][] relevance(float[][] x, Object saved, float[] r, int n, int[][] in, int threads) {
        return relevance(x, r, n, in, threads);
    }

    /** {@link #relevance(float[][], float[], int, int[][], int)} in float64. */
    default double[][] relevance64(double[][] x, double[] r, int n, int[][] in) {
        return new double[][] {relevance64(x[0], r, n, in[0])};
    }

    // ------------------------------------------------------------------ training mode: each op keeps what its backward needs

    /** A forward pass's output and what the layer keeps for its backward (or relevance) pass (null: nothing). */
    record Saved(float[] output, Object state) {
    }

    /** Training-mode gradients: ∂L/∂x (null when not asked) and, on request, the parameter gradients (null: none). */
    record Grads(float[] input, float[] weight, float[] bias) {
    }

    /**
     * The training-mode forward pass (PyTorch's autograd: each op saves what its backward needs): BatchNorm with the
     * batch's statistics, dropout with a mask from the pass's generator; by default the evaluation forward pass.
     */
    default Saved trainForward(float[] x, int n, int[] in, TrainingPass pass, int threads) {
        return new Saved(forward(x, n, in, threads), null);
    }

    /**
     * The evaluation forward pass, keeping what this layer's relevance and backward pass can reuse (max pooling: the
     * arg-max it found); by default {@link #forward} and nothing.
     */
    default Saved forwardSaving(float[] x, int n, int[] in, int threads) {
        return new Saved(forward(x, n, in, threads), null);
    }

    /**
     * The backward pass of {@link #trainForward} from what it saved (also of an evaluation pass: state null):
     * ∂L/∂x when {@code input}, the parameter gradients when {@code parameters}.
     */
    default Grads trainBackward(float[] x, Object state, float[] gy, int n, int[] in, boolean input, boolean parameters,
                                int threads) {
        return new Grads(input ? backward(x, gy, n, in, threads) : null, null, null);
    }

    /** A shrunk layer and the keep mask over its output's first axis (null: the change stops here). */
    record Shrunk(Layer layer, boolean[] next) {
    }

    /** One parameter array: key without the layer prefix, PyTorch shape, row-major float32 values. */
    record Param(String key, int[] shape, float[] data) {
        /** The state-dict name {@code layer.key}. */
        public String fullName(Layer owner) {
            return owner.name() + "." + key;
        }
    }
}
