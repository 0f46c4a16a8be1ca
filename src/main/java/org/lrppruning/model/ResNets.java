package org.lrppruning.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR-style residual networks of He et al. (CVPR 2016, section 4.2) with torchvision's {@code BasicBlock}:
 * {@code resnet(6n+2)} is a 3×3 stem conv with 16 filters, BatchNorm and ReLU, then three stages of n blocks with
 * 16, 32 and 64 filters (the first block of stages 2 and 3 halves H and W, its shortcut a 1×1 conv with stride 2 and
 * a BatchNorm), global average pooling and a Linear classifier. A block is
 * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}; convolutions without bias. Layer names are the
 * state-dict names of {@code shared/graph}'s resnet8 ({@code conv1}, {@code layer2.0.downsample.0}, {@code fc}), so its
 * npz loads as {@code --arch resnet8}.
 */
final class ResNets {
    private ResNets() {}

    /** The depths offered: 8, 14, 20, 32 (n = 1, 2, 3, 5 blocks per stage). */
    static final List<Integer> DEPTHS = List.of(8, 14, 20, 32);

    /** The network of depth {@code depth} over inputs {@code in} (C×H×W), parameters from {@code src}. */
    static Network build(int depth, ParamSource src, int[] in, PrunableUnits units) throws IOException {
        if ((depth - 2) % 6 != 0 || depth < 8) {
            throw new IllegalArgumentException("resnet" + depth + ": the depth must be 6n + 2 (8, 14, 20, 32, ...)");
        }
        if (in.length != 3) {
            throw new IllegalArgumentException("resnet" + depth + " takes image inputs CxHxW, got " + Shapes.format(in));
        }
        int blocks = (depth - 2) / 6;
        Builder b = new Builder(src, in);
        int x = b.convBnRelu("conv1", "bn1", "relu", 0, 16, 1);
        int channels = 16;
        int[] widths = {16, 32, 64};
        for (int s = 0; s < 3; s++) {
            for (int k = 0; k < blocks; k++) {
                String p = "layer" + (s + 1) + "." + k + ".";
                int stride = s > 0 && k == 0 ? 2 : 1;
                int w = widths[s];
                int y = b.convBnRelu(p + "conv1", p + "bn1", p + "relu", x, w, stride);
                y = b.bn(p + "bn2", b.conv(p + "conv2", y, w, 3, 1));
                int shortcut = x;
                if (stride != 1 || channels != w) {
                    shortcut = b.bn(p + "downsample.1", b.conv(p + "downsample.0", x, w, 1, stride));
                }
                x = b.add(new Relu(p + "relu_1"), b.add(new Add(p + "add"), y, shortcut));
                channels = w;
            }
        }
        x = b.add(new GlobalAvgPool("avgpool"), x);
        x = b.add(new Flatten("flatten"), x);
        Layer.Param w = src.get("fc.weight", new int[] {-1, channels}, channels);
        int classes = w.shape()[0];
        Layer.Param bias = src.get("fc.bias", new int[] {classes}, channels);
        b.add(new Linear("fc", channels, classes, w.data(), bias.data()), x);
        return new Network(in, b.layers, b.inputs.toArray(int[][]::new), units);
    }

    /** Appends layers with the values they read; tracks each value's shape. */
    private static final class Builder {
        final ParamSource src;
        final List<Layer> layers = new ArrayList<>();
        final List<int[]> inputs = new ArrayList<>();
        final List<int[]> shapes = new ArrayList<>();

        Builder(ParamSource src, int[] in) {
            this.src = src;
            shapes.add(in);
        }

        int add(Layer l, int... reads) {
            int[][] in = new int[reads.length][];
            for (int k = 0; k < reads.length; k++) {
                in[k] = shapes.get(reads[k]);
            }
            shapes.add(l.outputShape(in));
            layers.add(l);
            inputs.add(reads);
            return layers.size();
        }

        int conv(String name, int x, int out, int k, int stride) throws IOException {
            int in = shapes.get(x)[0];
            Layer.Param w = src.get(name + ".weight", new int[] {out, in, k, k}, in * k * k);
            return add(new Conv2d(name, in, out, Window.square(k, stride, k / 2), w.data(), null), x);
        }

        int bn(String name, int x) throws IOException {
            int[] c = {shapes.get(x)[0]};
            return add(new BatchNorm(name, src.get(name + ".weight", c, 0).data(), src.get(name + ".bias", c, 0).data(),
                    src.get(name + ".running_mean", c, 0).data(), src.get(name + ".running_var", c, 0).data(),
                    BatchNorm.DEFAULT_EPS), x);
        }

        int convBnRelu(String conv, String bn, String relu, int x, int out, int stride) throws IOException {
            return add(new Relu(relu), bn(bn, conv(conv, x, out, 3, stride)));
        }
    }
}
