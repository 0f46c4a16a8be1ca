"""Exports torchvision's resnet18 and resnet50 (random weights, torch.manual_seed(0), 1000 classes) to ONNX at
3x224x224 as shared/graph's models are exported (opset 13, BatchNormalization kept as its own node, dynamic batch),
for bench/pruned-resnets.sh. Usage: /usr/bin/python3 bench/export_torchvision.py OUT_DIR"""
import sys

import torch
import torchvision

out = sys.argv[1]
for name in ("resnet18", "resnet50"):
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None).eval()
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(model, x, f"{out}/{name}.onnx", opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    print(f"{out}/{name}.onnx: torch {torch.__version__}, torchvision {torchvision.__version__}")
