package org.lrppruning.model;

/**
 * C×H×W → C·H·W in C order (feature c·H·W + h·W + w), as PyTorch's {@code Flatten} on NCHW; a flat input
 * stays as it is. The data do not move: forward, gradient and relevance return their argument. Pruning
 * channel c removes the H·W features of its block.
 */
public record Flatten(String name) implements Unchanged {
    @Override
    public int[] outputShape(int[] in) {
        return new int[] {Shapes.size(in)};
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        Shapes.requireFirst(name, in, keep.length, "channels in the keep mask");
        return new Shrunk(this, Shapes.spread(keep, Shapes.inner(in)));
    }
}
