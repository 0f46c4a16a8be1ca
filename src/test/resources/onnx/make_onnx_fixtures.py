#!/usr/bin/python3
"""Writes the small ONNX fixtures of the ONNX reader/writer tests, with PyTorch's logits.

Run from this folder with Debian's python3-torch (1.13) and python3-onnx:
    /usr/bin/python3 make_onnx_fixtures.py

For every model NAME: NAME.onnx (torch.onnx.export, eval mode, input "input" and output "logits"
with a dynamic batch axis "batch") and NAME.npz with `input` (5 samples, float32) and `logits`
(torch's float32 forward). The models are seeded and tiny (a few KB each).

  cnn_opset{11,13,17}  Conv BN ReLU MaxPool Conv BN ReLU AvgPool Flatten Linear ReLU Dropout Linear.
                       Opset 11 is exported with torch's defaults (constant folding, TrainingMode.EVAL:
                       BN folded into the convs, initializers renamed onnx::Conv_*), 13 and 17 as
                       ../shared/cnn is (TrainingMode.PRESERVE, no folding: BN separate, state-dict names).
  cnn_view_opset11     Conv(no pad) AvgPool(count_include_pad=False) x.view(-1, F) (Constant + Reshape) Linear.
  cnn_gap_opset13      Conv(bias=False) BN ReLU Conv(stride 2) ReLU AdaptiveAvgPool2d(1) (GlobalAveragePool)
                       x.view(x.size(0), -1) (Shape/Gather/Unsqueeze/Concat + Reshape) Linear; BN bias equal to
                       its running mean, so torch writes the mean as an Identity of the bias (shared initializer).
  cnn_pool_pad_opset13 Conv AvgPool2d(3, 1, padding 1) (torch writes Pad + AveragePool) ReLU MaxPool2d(3, 2, padding 1)
                       Flatten Linear.
  mlp_gemm_opset{11,13,17}  Linear BatchNorm1d ReLU Linear ReLU Dropout Linear (Gemm, transB=1).
  mlp_matmul_opset13   x @ W + b layers (MatMul + Add), ReLU between.
Edited exports (torch writes no such nodes in eval mode; same logits as the model they come from):
  mlp_dropout_opset{11,13}  mlp_gemm with a Dropout node (ratio 0.2: attribute in 11, input in 13) and an Identity.
  cnn_squeeze_opset{11,13}  cnn_gap with Squeeze(axes 2, 3) (attribute in 11, input in 13) instead of the reshape.
Models the reader must refuse (no logits): bad_lstm (an LSTM), bad_dilation (Conv dilation 2),
bad_residual (x + conv(x): not sequential); and bad_group (Conv groups 2), refused before groups were
supported, now read and checked against ONNX Runtime. make_ops_fixtures.py writes the grouped and
activation fixtures (ops_*).
"""
import io
import os

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn

SAMPLES = 5


def export(model, name, shape, opset, preserve=True):
    model.eval()
    torch.manual_seed(1)
    x = torch.randn(SAMPLES, *shape)
    buf = io.BytesIO()
    kwargs = dict(training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False) if preserve else {}
    torch.onnx.export(model, x[:1], buf, opset_version=opset, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, **kwargs)
    data = buf.getvalue()
    onnx.checker.check_model(onnx.load_from_string(data))
    with open(name + ".onnx", "wb") as f:
        f.write(data)
    if name.startswith("bad_"):
        return
    with torch.no_grad():
        logits = model(x)
    np.savez(name + ".npz", input=x.numpy().astype(np.float32), logits=logits.numpy().astype(np.float32))


def edit(source, name, opset, change):
    """Writes NAME.onnx: SOURCE.onnx with its graph changed by change(graph, opset), and SOURCE's logits."""
    model = onnx.load(source + ".onnx")
    graph = model.graph
    change(graph, opset)
    onnx.checker.check_model(model)
    onnx.save(model, name + ".onnx")
    with np.load(source + ".npz") as d:
        np.savez(name + ".npz", input=d["input"], logits=d["logits"])


def insert_dropout(graph, opset):
    """A Dropout (ratio 0.2) and an Identity after the ReLU /net/net.4/Relu."""
    nodes = list(graph.node)
    i = [n.name for n in nodes].index("/net/net.4/Relu")
    relu_out = nodes[i].output[0]
    inputs = [relu_out]
    attrs = {}
    if opset >= 12:
        graph.initializer.append(onnx.numpy_helper.from_array(np.array(0.2, dtype=np.float32), "net.5.ratio"))
        inputs.append("net.5.ratio")
    else:
        attrs["ratio"] = 0.2
    drop = onnx.helper.make_node("Dropout", inputs, ["/net/net.5/Dropout_output_0"], name="/net/net.5/Dropout", **attrs)
    ident = onnx.helper.make_node("Identity", ["/net/net.5/Dropout_output_0"], ["/net/Identity_output_0"],
                                  name="/net/Identity")
    for n in nodes[i + 1:]:
        for k, inp in enumerate(n.input):
            if inp == relu_out:
                n.input[k] = "/net/Identity_output_0"
    del graph.node[:]
    graph.node.extend(nodes[:i + 1] + [drop, ident] + nodes[i + 1:])


def squeeze_instead_of_reshape(graph, opset):
    """Replaces the Shape/Gather/Unsqueeze/Concat/Reshape flattening after the global pool by one Squeeze."""
    nodes = list(graph.node)
    pool = next(n for n in nodes if n.op_type == "GlobalAveragePool")
    reshape = next(n for n in nodes if n.op_type == "Reshape")
    keep = [n for n in nodes if n.op_type not in ("Shape", "Gather", "Unsqueeze", "Concat", "Constant", "Reshape")]
    if opset >= 13:
        graph.initializer.append(onnx.numpy_helper.from_array(np.array([2, 3], dtype=np.int64), "squeeze_axes"))
        squeeze = onnx.helper.make_node("Squeeze", [pool.output[0], "squeeze_axes"], [reshape.output[0]],
                                        name="/Squeeze")
    else:
        squeeze = onnx.helper.make_node("Squeeze", [pool.output[0]], [reshape.output[0]], name="/Squeeze",
                                        axes=[2, 3])
    at = keep.index(pool) + 1
    del graph.node[:]
    graph.node.extend(keep[:at] + [squeeze] + keep[at:])


def randomise_bn(model):
    """Running statistics as after training (fresh ones are 0 and 1, which hides mistakes)."""
    g = torch.Generator().manual_seed(2)
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            n = m.num_features
            with torch.no_grad():
                m.weight.copy_(1 + 0.3 * torch.randn(n, generator=g))
                m.bias.copy_(0.2 * torch.randn(n, generator=g))
                m.running_mean.copy_(0.5 * torch.randn(n, generator=g))
                m.running_var.copy_(0.5 + torch.rand(n, generator=g))
    return model


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU(), nn.AvgPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(6 * 2 * 2, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 3))

    def forward(self, x):
        return self.classifier(self.features(x))


class CnnView(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.fc = nn.Linear(3 * 3 * 3, 4)

    def forward(self, x):
        x = self.pool(self.conv(x))
        return self.fc(x.view(-1, 27))


class CnnGap(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 5, 3, stride=2, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.fc(x.view(x.size(0), -1))


class CnnPoolPad(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding=1)
        self.avg = nn.AvgPool2d(3, stride=1, padding=1)
        self.max = nn.MaxPool2d(3, stride=2, padding=1)
        self.fc = nn.Linear(3 * 3 * 3, 2)

    def forward(self, x):
        return self.fc(torch.flatten(self.max(torch.relu(self.avg(self.conv(x)))), 1))


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                                 nn.Dropout(0.2), nn.Linear(16, 3))

    def forward(self, x):
        return self.net(x)


class MatMulLinear(nn.Module):
    """y = x @ W + b with W stored in × out: torch exports MatMul and Add."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) / n_in ** 0.5)
        self.bias = nn.Parameter(0.1 * torch.randn(n_out))

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


class MlpMatMul(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = MatMulLinear(3, 10)
        self.fc2 = MatMulLinear(10, 10)
        self.out = MatMulLinear(10, 2)

    def forward(self, x):
        return self.out(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(self.lstm(x)[0][:, -1])


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 3, padding=1)
        self.fc = nn.Linear(2 * 4 * 4, 2)

    def forward(self, x):
        return self.fc(torch.flatten(x + self.conv(x), 1))


def main():
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    for opset in (11, 13, 17):
        torch.manual_seed(0)
        export(randomise_bn(Cnn()), f"cnn_opset{opset}", (2, 8, 8), opset, preserve=opset != 11)
        torch.manual_seed(0)
        export(randomise_bn(Mlp()), f"mlp_gemm_opset{opset}", (4,), opset, preserve=opset != 11)
    torch.manual_seed(0)
    export(CnnView(), "cnn_view_opset11", (2, 7, 7), 11, preserve=False)
    torch.manual_seed(0)
    gap = randomise_bn(CnnGap())
    with torch.no_grad():
        gap.bn1.bias.copy_(gap.bn1.running_mean)
    export(gap, "cnn_gap_opset13", (1, 6, 6), 13)
    torch.manual_seed(0)
    export(CnnPoolPad(), "cnn_pool_pad_opset13", (2, 6, 6), 13)
    torch.manual_seed(0)
    export(MlpMatMul(), "mlp_matmul_opset13", (3,), 13)
    edit("mlp_gemm_opset11", "mlp_dropout_opset11", 11, insert_dropout)
    edit("mlp_gemm_opset13", "mlp_dropout_opset13", 13, insert_dropout)
    edit("cnn_gap_opset13", "cnn_squeeze_opset13", 13, squeeze_instead_of_reshape)
    torch.manual_seed(0)
    gap = randomise_bn(CnnGap())
    with torch.no_grad():
        gap.bn1.bias.copy_(gap.bn1.running_mean)
    export(gap, "cnn_gap_opset11", (1, 6, 6), 11)
    edit("cnn_gap_opset11", "cnn_squeeze_opset11", 11, squeeze_instead_of_reshape)
    for f in ("cnn_gap_opset11.onnx", "cnn_gap_opset11.npz"):
        os.remove(f)
    torch.manual_seed(0)
    export(Lstm(), "bad_lstm", (5, 3), 13)
    torch.manual_seed(0)
    export(nn.Sequential(nn.Conv2d(2, 2, 3, dilation=2), nn.Flatten(), nn.Linear(2 * 4 * 4, 2)),
           "bad_dilation", (2, 8, 8), 13)
    torch.manual_seed(0)
    export(nn.Sequential(nn.Conv2d(2, 4, 3, groups=2), nn.Flatten(), nn.Linear(4 * 6 * 6, 2)),
           "bad_group", (2, 8, 8), 13)
    torch.manual_seed(0)
    export(Residual(), "bad_residual", (2, 4, 4), 13)


if __name__ == "__main__":
    main()
