#!/usr/bin/python3
"""Writes the ONNX fixtures of a Conv2d output layer (squeezenet's head) and of Mul by a constant, with the
LRP relevances that Zennit's mechanism gives them.

Run from this folder with Debian's python3-torch (1.13) and python3-onnx:
    /usr/bin/python3 make_head_fixtures.py

Conventions as make_onnx_fixtures.py (its export(): eval mode, TrainingMode.PRESERVE, no constant folding, input
"input", output "logits", dynamic batch; NAME.npz holds 5 float32 `input` samples and torch's float32 `logits`),
plus `logits64` (torch in float64), `labels` (each sample's arg-max) and the relevances of the composite
epsilon-plus-flat in float64 from onehot(label) x logit: `rel:input` (the input heatmap) and `rel:LAYER` (the
relevance at the output of each Conv2d and Linear, summed over positions).

  fire_opset13       squeezenet1_1 in small on 3x25x25: Conv(3->8, s2) ReLU MaxPool(3, 2, ceil_mode: 12 -> 6,
                     floor 5) Fire(8: 4, 6+6) Fire(12: 4, 6+6) MaxPool(ceil_mode: 6 -> 3) Fire(12: 4, 8+8) |
                     Dropout Conv 1x1(16->3) ReLU AdaptiveAvgPool2d(1) flatten: the output layer is a Conv2d, the
                     logits come after ReLU and the pool (torchvision's Fire and module names).
  mul_const_opset13  Conv(2->4) * 0.5 (a Constant) ReLU, * gamma [4, 1, 1] (an initializer), beta [1, 5, 1, 1] *
                     Conv(4->5, s2) (the constant first) ReLU, AdaptiveAvgPool2d(1) flatten * feat [5] (per feature
                     of a flat tensor), Linear(5->3), 1.5 * (a Scale after the output layer).

The relevances come from a small copy of Zennit's mechanism: every Conv2d, Linear, ReLU and average pool runs as
an autograd Function whose backward is its rule (the first Conv2d Flat, other Conv2d ZPlus, Linear Epsilon, ReLU
Pass, average pooling Norm; stabiliser z + 1e-6 (sign(z) + [z = 0]), Zennit's as released); everything else
(max pooling, concatenation, flatten, the products by constants) keeps torch's own gradient, as under Zennit,
where no rule maps them.
"""
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.squeezenet import Fire

from make_onnx_fixtures import SAMPLES, export

EPS = 1e-6


def stab(z):
    return z + EPS * (torch.sign(z) + (z == 0).to(z.dtype))


def modified(fn, xs, r):
    """Σ_k x_k ⊙ ∂/∂x_k of <fn(xs), r / s(fn(xs))>: one modified-gradient term of a rule."""
    xs = [x.detach().requires_grad_(True) for x in xs]
    with torch.enable_grad():
        z = fn(*xs)
        gs = torch.autograd.grad(z, xs, r / stab(z))
    return sum(x * g for x, g in zip(xs, gs))


def conv_or_linear(mod):
    if isinstance(mod, nn.Conv2d):
        return lambda x, w, b: F.conv2d(x, w, b, mod.stride, mod.padding, mod.dilation, mod.groups)
    return lambda x, w, b: F.linear(x, w, b)


def rule(mod, name, x, r):
    """Relevance at the input of mod from r at its output."""
    w, b = mod.weight.detach(), mod.bias.detach()
    op = conv_or_linear(mod)
    if name == 'flat':
        return modified(lambda o: op(o, torch.ones_like(w), None), [torch.ones_like(x)], r)
    if name == 'zplus':
        wp, wn, bp = w.clamp(min=0), w.clamp(max=0), b.clamp(min=0)
        return modified(lambda xp, xn: op(xp, wp, bp) + op(xn, wn, None), [x.clamp(min=0), x.clamp(max=0)], r)
    return modified(lambda v: op(v, w, b), [x], r)  # epsilon


class Hooked(torch.autograd.Function):
    """fn(x) forward; backward: the rule's relevance at x from the relevance r at the output."""

    @staticmethod
    def forward(ctx, x, fn, back):
        ctx.save_for_backward(x)
        ctx.back = back
        return fn(x)

    @staticmethod
    def backward(ctx, r):
        (x,) = ctx.saved_tensors
        return ctx.back(x, r), None, None


def explain(model, x, labels):
    """epsilon-plus-flat relevances (float64): the input heatmap and Σ over positions at each Conv2d/Linear output."""
    model = model.double().eval()
    for mod in model.modules():
        if isinstance(mod, nn.ReLU):
            mod.inplace = False  # the hook keeps its input for the backward pass
    taps = {}
    first = [True]
    originals = {}
    for name, mod in model.named_modules():
        if isinstance(mod, (nn.Conv2d, nn.Linear)):
            kind = 'flat' if first[0] else 'zplus' if isinstance(mod, nn.Conv2d) else 'epsilon'
            first[0] = False

            def back(x_in, r, mod=mod, name=name, kind=kind):
                taps[name] = r.sum(dim=(2, 3)) if r.dim() == 4 else r
                return rule(mod, kind, x_in, r)
        elif isinstance(mod, nn.ReLU):
            def back(x_in, r):
                return r
        elif isinstance(mod, nn.AdaptiveAvgPool2d):
            def back(x_in, r, mod=mod):
                return modified(lambda v: mod.__class__.forward(mod, v), [x_in], r)
        else:
            continue
        originals[mod] = mod.forward
        mod.forward = lambda v, fn=mod.forward, back=back: Hooked.apply(v, fn, back)
    try:
        xd = torch.from_numpy(x).double().requires_grad_(True)
        logits = model(xd)
        start = torch.zeros_like(logits)
        start[torch.arange(len(x)), labels] = logits[torch.arange(len(x)), labels]
        (heat,) = torch.autograd.grad(logits, xd, start)
    finally:
        for mod, fn in originals.items():
            mod.forward = fn
    out = {'rel:input': heat.detach().numpy()}
    for name, t in taps.items():
        out['rel:' + name] = t.detach().numpy()
    return logits.detach().numpy(), out


class TinySqueeze(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, ceil_mode=True),
            Fire(8, 4, 6, 6), Fire(12, 4, 6, 6), nn.MaxPool2d(3, 2, ceil_mode=True), Fire(12, 4, 8, 8))
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Conv2d(16, 3, 1), nn.ReLU(inplace=True),
                                        nn.AdaptiveAvgPool2d((1, 1)))

    def forward(self, x):
        return torch.flatten(self.classifier(self.features(x)), 1)


class MulConst(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1)
        self.gamma = nn.Parameter(0.5 + torch.rand(4, 1, 1))
        self.conv2 = nn.Conv2d(4, 5, 3, stride=2, padding=1)
        self.beta = nn.Parameter(0.5 + torch.rand(1, 5, 1, 1))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.feat = nn.Parameter(0.5 + torch.rand(5))
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        x = torch.relu(self.conv1(x) * 0.5)
        x = x * self.gamma
        x = torch.relu(self.beta * self.conv2(x))
        x = torch.flatten(self.pool(x), 1) * self.feat
        return 1.5 * self.fc(x)


def with_relevance(model, name, shape):
    export(model, name, shape, 13)
    with np.load(name + ".npz") as d:
        x, logits = d["input"], d["logits"]
    with torch.no_grad():
        logits64 = model.double()(torch.from_numpy(x).double()).numpy()
    labels = logits64.argmax(axis=1)
    z, rel = explain(model, x, torch.from_numpy(labels))
    assert np.array_equal(z, logits64)
    np.savez(name + ".npz", input=x, logits=logits, logits64=logits64, labels=labels.astype(np.int64), **rel)


def main():
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    torch.manual_seed(0)
    model = TinySqueeze()
    with torch.no_grad():  # weights large enough that the samples differ; a bias that keeps the final ReLU open
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.mul_(3)
        model.classifier[1].bias.copy_(torch.tensor([0.3, 0.5, 0.4]))
    with_relevance(model, "fire_opset13", (3, 25, 25))
    torch.manual_seed(0)
    with_relevance(MulConst(), "mul_const_opset13", (2, 6, 6))
    assert SAMPLES == 5


if __name__ == "__main__":
    main()
