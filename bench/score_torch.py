"""PyTorch CPU side of bench/vs-pytorch.sh: the scoring pass (forward + LRP backward) of the fixture CNN.

The composite lrp-pruning of ../shared/cnn/README.md in plain torch (Zennit is not installed), with the
modified-gradient trick of Zennit's BasicHook: per layer, each term's modified forward z_k = layer_k(x_k) is
re-run under autograd, the output relevance is divided by the stabilised sum of the terms, and
torch.autograd.grad brings it back, R_in = sum_k sign_k * x_k * grad_k. Rules (after the BatchNorm canonizer
W' = W*g/sqrt(v+eps), b' = (b-m)*g/sqrt(v+eps) + beta):
  conv1:        z^B, z = W x - W+ l - W- h (l, h: the box of the normalised inputs, zero padded), s = z + 1e-6 sign
  conv2, conv3: bias-free z+, z = W+ x+ + W- x-, s = z + 1e-12 [z == 0]
  fc1, fc2:     epsilon, z = W x + b, s = z + 1e-6 (sign(z) + [z == 0])
  ReLU, BN (merged), Flatten, Dropout: relevance unchanged; MaxPool: the gradient (to the first arg-max).
Relevance starts at the true-class logit. Two variants: "zennit" runs every term as Zennit's ZPlus does (x+ on W+
and x- on W-); "lean" drops the x- term where the layer's input has no negative value (after a ReLU: it adds
exact zeros), as this project does. The script checks that its relevances equal the fixture's Zennit heatmaps
(images 0..3) and this project's (the .npz ScoreTimer wrote) within 1e-4 of the largest |R| of each sample and
layer, and exits with status 1 if not; then it times the pass (median of REPS after WARM).

Prints per variant:
  torch pass=score variant=V precision=P batch=B threads=T reps=R ms_median=M ms_min=M' cpu_ms_median=C
(C: process CPU time, all threads)
and the check: check vs-java input=E conv1=E ... vs-fixture input=E (worst |diff| / max|R|).

usage: score_torch.py FIXTURES PRECISION THREADS REPS WARM JAVA_NPZ
"""
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from lrp_torch import TOL, modified_gradient, signed, time_variants, worst, zero_only  # noqa: E402


class Affine:
    """One conv or linear layer and its LRP rule as Zennit's BasicHook: terms (input map, weight, bias, sign)."""

    def __init__(self, name, kind, weight, bias, rule, low=None, high=None):
        self.name, self.kind, self.weight, self.bias, self.rule = name, kind, weight, bias, rule
        self.low, self.high = low, high
        self.pos = weight.clamp(min=0)
        self.neg = weight.clamp(max=0)

    def forward(self, x):
        if self.kind == "conv":
            return F.conv2d(x, self.weight, self.bias, padding=1)
        return F.linear(x, self.weight, self.bias)

    def apply(self, x, w, b=None):
        if self.kind == "conv":
            return F.conv2d(x, w, b, padding=1)
        return F.linear(x, w, b)

    def terms(self, x, lean):
        if self.rule == "zbox":
            return ([(x, self.weight, None, 1), (torch.full_like(x, self.low), self.pos, None, -1),
                     (torch.full_like(x, self.high), self.neg, None, -1)], signed(1e-6))
        if self.rule == "zplus":
            t = [(x.clamp(min=0), self.pos, None, 1)]
            if not (lean and bool((x >= 0).all())):
                t.append((x.clamp(max=0), self.neg, None, 1))
            return t, zero_only(1e-12)
        return [(x, self.weight, self.bias, 1)], signed(1e-6)

    def relevance(self, x, r, lean):
        terms, stab = self.terms(x, lean)
        return modified_gradient(self.apply, terms, r, stab)


def network(path, dtype, low, high):
    """The fixture bn model from its ONNX initializers, BatchNorm merged into the conv before it."""
    p = {i.name: torch.from_numpy(onnx.numpy_helper.to_array(i).copy())
         for i in onnx.load(path).graph.initializer}

    def merged(conv, bn):
        w, b = p[conv + ".weight"].to(dtype), p[conv + ".bias"].to(dtype)
        if bn is None:
            return w, b
        scale = p[bn + ".weight"].to(dtype) / torch.sqrt(p[bn + ".running_var"].to(dtype) + 1e-5)
        return (w * scale.view(-1, 1, 1, 1),
                (b - p[bn + ".running_mean"].to(dtype)) * scale + p[bn + ".bias"].to(dtype))

    c1 = Affine("conv1", "conv", *merged("features.0", "features.1"), "zbox", low, high)
    c2 = Affine("conv2", "conv", *merged("features.4", "features.5"), "zplus")
    c3 = Affine("conv3", "conv", *merged("features.8", None), "zplus")
    f1 = Affine("fc1", "linear", *merged("classifier.1", None), "epsilon")
    f2 = Affine("fc2", "linear", *merged("classifier.4", None), "epsilon")
    return [c1, "relu", "pool", c2, "relu", "pool", c3, "relu", "flatten", f1, "relu", f2]


def explain(layers, x, labels, lean, route=None):
    """Forward storing each layer's input, then the backward walk: logits, relevance at the input, at each tap,
    and the max-pooling arg-maxes; route (arg-maxes of another pass) replaces them in the backward walk."""
    inputs, picks = [], []
    a = x
    for layer in layers:
        inputs.append(a)
        if layer == "relu":
            a = F.relu(a)
        elif layer == "pool":
            a, index = F.max_pool2d(a, 2, return_indices=True)
            picks.append(index)
        elif layer == "flatten":
            a = a.reshape(a.shape[0], -1)
        else:
            a = layer.forward(a)
    logits = a
    r = torch.zeros_like(logits)
    idx = torch.arange(len(labels))
    r[idx, labels] = logits[idx, labels]
    taps = {}
    pool = len(picks)
    for layer, a in zip(reversed(layers), reversed(inputs)):
        if isinstance(layer, Affine):
            taps[layer.name] = r
            r = layer.relevance(a, r, lean)
        elif layer == "pool":
            pool -= 1
            if route is None:
                a = a.detach().requires_grad_()
                with torch.enable_grad():
                    r = torch.autograd.grad(F.max_pool2d(a, 2), a, grad_outputs=r)[0]
            else:
                r = F.max_unpool2d(r, route[pool], 2, output_size=a.shape[2:])
        elif layer == "flatten":
            r = r.reshape(a.shape)
    return logits, r, taps, picks


def main():
    fixtures, precision = sys.argv[1], sys.argv[2]
    threads, reps, warm, java = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    torch.set_num_threads(threads)
    dtype = torch.float64 if precision == "float64" else torch.float32
    low = float(np.float32((0 - 0.2860) / 0.3530))
    high = float(np.float32((1 - 0.2860) / 0.3530))
    layers = network(fixtures + "/model_bn.onnx", dtype, low, high)
    x = torch.from_numpy(np.load(fixtures + "/first256_input.npy")).to(dtype)
    labels = torch.from_numpy(np.load(fixtures + "/first256_labels.npy"))

    with torch.no_grad():
        # the check: float64 routes max pooling as the exact values do; float32 convs round the same value
        # differently at different positions (blocked kernels), which can flip an exact tie in a pooling window,
        # so the float32 pass is also compared routed by the float64 pass's arg-maxes
        ref = np.load(java)
        heat = np.load(fixtures + "/bn_heatmaps_img0-3.npz")["lrp_pruning"]
        java_taps = [k for k in ref.files if k not in ("input", "logits")]
        exact = network(fixtures + "/model_bn.onnx", torch.float64, low, high)
        route = explain(exact, x.double(), labels, True)[3]
        ok = True
        for variant in ("zennit", "lean"):
            for routed in ((False, True) if dtype == torch.float32 else (False,)):
                _, r, taps, picks = explain(layers, x, labels, variant == "lean", route if routed else None)
                flips = sum(int((p != q).reshape(len(labels), -1).any(dim=1).sum()) for p, q in zip(picks, route))
                errors = {"input": worst(r.double().numpy(), ref["input"])}
                for name, key in zip(("conv1", "conv2", "conv3", "fc1"), java_taps):
                    t = taps[name]
                    errors[name] = worst(t.reshape(t.shape[0], t.shape[1], -1).sum(dim=2).double().numpy(), ref[key])
                fixture = worst(r[:4].double().numpy(), heat)
                good = fixture <= TOL and (max(errors.values()) <= TOL or (dtype == torch.float32 and not routed))
                ok = ok and good
                print("check variant=%s precision=%s routing=%s (pooling arg-max differs from float64's in %d of %d"
                      " samples) vs-java %s vs-fixture input=%.1e: %s (tolerance %.0e of max |R|)"
                      % (variant, precision, "float64" if routed else "own", flips, len(labels),
                         " ".join("%s=%.1e" % kv for kv in errors.items()), fixture, "ok" if good else "FAILED", TOL))
        if not ok:
            print("score_torch.py: relevances differ by more than %g of max |R|" % TOL, file=sys.stderr)
            sys.exit(1)
        time_variants("score", precision, len(labels), reps, warm, lambda lean: explain(layers, x, labels, lean))


if __name__ == "__main__":
    main()
