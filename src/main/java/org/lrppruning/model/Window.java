package org.lrppruning.model;

/**
 * The sliding window of a convolution or pooling layer: kernel kh×kw, stride (sh, sw), zero padding
 * (ph, pw) on both sides (PyTorch's symmetric {@code padding}); dilation 1. Output size
 * ⌊(H + 2·ph − kh)/sh⌋ + 1 (PyTorch's default {@code ceil_mode=False}); with {@code ceil} (a pooling's
 * {@code ceil_mode=True}) ⌈(H + 2·ph − kh)/sh⌉ + 1, less the last window when it would start beyond the input
 * and its left padding (PyTorch's and ONNX's rule); the taps of a window that runs over the end fall into the
 * padding.
 */
public record Window(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceil) {
    /** A window with floor rounding (every convolution, the usual pooling). */
    public Window(int kh, int kw, int sh, int sw, int ph, int pw) {
        this(kh, kw, sh, sw, ph, pw, false);
    }

    public Window {
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException("invalid window: kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
                    + ", padding " + ph + "x" + pw);
        }
    }

    /** A square kernel k×k with the same stride and padding along both axes. */
    public static Window square(int k, int stride, int padding) {
        return new Window(k, k, stride, stride, padding, padding);
    }

    /** Output height for input height h (≤ 0 when the window does not fit). */
    public int outH(int h) {
        return out(h, kh, sh, ph);
    }

    /** Output width for input width w (≤ 0 when the window does not fit). */
    public int outW(int w) {
        return out(w, kw, sw, pw);
    }

    private int out(int size, int k, int s, int p) {
        int span = size + 2 * p - k;
        if (!ceil) {
            return Math.floorDiv(span, s) + 1;
        }
        int o = Math.floorDiv(span + s - 1, s) + 1;
        return o > 1 && (o - 1) * s >= size + p ? o - 1 : o;
    }


    /** Output shape {C, OH, OW} of an image input {C, H, W}; a one-line error naming the layer if it does not fit. */
    int[] output(String layer, int channels, int[] in) {
        Shapes.requireImage(layer, in);
        int oh = outH(in[1]);
        int ow = outW(in[2]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(layer + ": window " + this + " does not fit input " + Shapes.format(in));
        }
        return new int[] {channels, oh, ow};
    }

    /**
     * The window's taps: entry p·(kh·kw) + t is the offset within one channel plane (h·W + w) that
     * output position p = oh·OW + ow reads at tap t = i·kw + j, or −1 where the tap falls into the padding.
     */
    int[] taps(int h, int w) {
        int oh = outH(h);
        int ow = outW(w);
        int k = kh * kw;
        int[] t = new int[oh * ow * k];
        int q = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                for (int i = 0; i < kh; i++) {
                    int r = y * sh - ph + i;
                    for (int j = 0; j < kw; j++) {
                        int c = x * sw - pw + j;
                        t[q++] = r >= 0 && r < h && c >= 0 && c < w ? r * w + c : -1;
                    }
                }
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "kernel " + kh + "x" + kw + " stride " + sh + "x" + sw + " padding " + ph + "x" + pw
                + (ceil ? " ceil_mode" : "");
    }
}
