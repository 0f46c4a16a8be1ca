#!/usr/bin/python3
"""Writes the ONNX fixtures of grouped convolutions and the activations Clip, Sigmoid, HardSigmoid, HardSwish.

Run from this folder with Debian's python3-torch (1.13) and python3-onnx:
    /usr/bin/python3 make_ops_fixtures.py

Conventions as make_onnx_fixtures.py (its export(): eval mode, input "input", output "logits", dynamic
batch; NAME.npz holds 5 float32 `input` samples and torch's float32 `logits`), plus `logits64`: torch's
forward in float64 on the same inputs, to check the float64 path closely.

  ops_opset14  Conv(3->8) BN ReLU6 | depthwise Conv(8->8, groups 8, stride 2) BN Hardswish |
               Conv 1x1(8->12, groups 4) Hardsigmoid | Conv 1x1(12->6) Sigmoid Hardtanh(-0.5, 0.6) |
               AdaptiveAvgPool2d(1) Flatten Linear(6->3). Opset 14 writes HardSwish as one node (opset 13
               writes x * HardSigmoid(x), which is not a chain); ReLU6 and Hardtanh are Clip with Constant
               bounds. (torch.clamp with a Python number writes its bounds through Cast nodes, which the
               reader does not resolve yet.)
  ops_opset10  Conv(2->4, groups 2) ReLU6 | Conv(4->4, groups 4) Sigmoid | Flatten Linear:
               Clip with min/max attributes (before opset 11).
"""
import os

import numpy as np
import torch
import torch.nn as nn

from make_onnx_fixtures import SAMPLES, export, randomise_bn


def ops_model():
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU6(),
        nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8), nn.BatchNorm2d(8), nn.Hardswish(),
        nn.Conv2d(8, 12, 1, groups=4), nn.Hardsigmoid(),
        nn.Conv2d(12, 6, 1), nn.Sigmoid(), nn.Hardtanh(-0.5, 0.6),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3))


def small_model():
    return nn.Sequential(nn.Conv2d(2, 4, 3, groups=2), nn.ReLU6(), nn.Conv2d(4, 4, 3, padding=1, groups=4),
                         nn.Sigmoid(), nn.Flatten(), nn.Linear(4 * 4 * 4, 2))


def with_float64(model, name, shape, opset):
    export(model, name, shape, opset)
    with np.load(name + ".npz") as d:
        x, logits = d["input"], d["logits"]
    with torch.no_grad():
        logits64 = model.double()(torch.from_numpy(x).double()).numpy()
    np.savez(name + ".npz", input=x, logits=logits, logits64=logits64)


def main():
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    torch.manual_seed(0)
    model = randomise_bn(ops_model())
    with torch.no_grad():  # weights large enough that ReLU6, the clamp and the hard activations clip somewhere
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.mul_(3)
    with_float64(model, "ops_opset14", (3, 8, 8), 14)
    torch.manual_seed(0)
    model = small_model()
    with torch.no_grad():
        model[0].weight.mul_(4)
    with_float64(model, "ops_opset10", (2, 6, 6), 10)
    assert SAMPLES == 5


if __name__ == "__main__":
    main()
