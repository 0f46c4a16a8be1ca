"""PyTorch CPU side of bench/scores-vs-pytorch.sh: what `scores -c lrp` computes, as one Python process.

Loads the fixture CNN (../shared/cnn/model_bn.onnx, BatchNorm merged as Zennit's canonizer does) and the 10,000
Fashion-MNIST test images (normalised (p/255 - 0.2860)/0.3530), runs forward + LRP backward under the composite
lrp-pruning (bench/score_torch.py: first conv z^B, other convs bias-free z+, Linear epsilon) in batches, from
onehot(label) as the lrp criterion of `scores` starts, and sums |R| over samples and positions at each conv's output
(after BN): the raw lrp scores. The "lean" variant drops the x- terms after a ReLU, as the Java side does.

usage: scores_torch.py FIXTURES DATA_DIR PRECISION THREADS BATCH [JAVA_SCORES_NPZ]

Prints `torch pass=scores precision=P threads=T images=N batch=B lrp_s=S forward_backward_s=G` (S: the LRP scoring
above; G: a plain forward + autograd backward of the same images, the yardstick of issue 15) and,
given the scores Java wrote, `check raw scores vs java: features.0=E ...` (max |diff| / max |score| per layer).
The whole process's time is measured from outside.
"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import score_torch  # noqa: E402


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def scores(layers, x, labels, sums):
    """Adds Σ |R| over samples and positions at each conv's output (R from onehot(label)) to sums."""
    inputs = []
    a = x
    for layer in layers:
        inputs.append(a)
        if layer == "relu":
            a = F.relu(a)
        elif layer == "pool":
            a = F.max_pool2d(a, 2)
        elif layer == "flatten":
            a = a.reshape(a.shape[0], -1)
        else:
            a = layer.forward(a)
    r = torch.zeros_like(a)
    r[torch.arange(len(labels)), labels] = 1
    for layer, a in zip(reversed(layers), reversed(inputs)):
        if isinstance(layer, score_torch.Affine):
            if layer.kind == "conv":
                s = r.abs().sum(dim=(0, 2, 3)).double()
                sums[layer.name] = s if layer.name not in sums else sums[layer.name] + s
            r = layer.relevance(a, r, True)
        elif layer == "pool":
            a = a.detach().requires_grad_()
            with torch.enable_grad():
                r = torch.autograd.grad(F.max_pool2d(a, 2), a, grad_outputs=r)[0]
        elif layer == "flatten":
            r = r.reshape(a.shape)


def main():
    fixtures, data, precision = sys.argv[1], sys.argv[2], sys.argv[3]
    threads, batch = int(sys.argv[4]), int(sys.argv[5])
    java = sys.argv[6] if len(sys.argv) > 6 else None
    torch.set_num_threads(threads)
    dtype = torch.float64 if precision == "float64" else torch.float32
    low = float(np.float32((0 - 0.2860) / 0.3530))
    high = float(np.float32((1 - 0.2860) / 0.3530))
    layers = score_torch.network(fixtures + "/model_bn.onnx", dtype, low, high)
    images = idx(data + "/t10k-images-idx3-ubyte.gz")
    x = torch.from_numpy(((images.astype(np.float32) / np.float32(255) - np.float32(0.2860))
                          / np.float32(0.3530)).reshape(-1, 1, 28, 28).copy()).to(dtype)
    labels = torch.from_numpy(idx(data + "/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    sums = {}
    t0 = time.perf_counter()
    with torch.no_grad():
        for s in range(0, len(labels), batch):
            scores(layers, x[s:s + batch], labels[s:s + batch], sums)
    lrp_s = time.perf_counter() - t0
    # the yardstick: a plain forward + backward (autograd, input gradient of the label's logit) of the images
    t0 = time.perf_counter()
    for s in range(0, len(labels), batch):
        xb = x[s:s + batch].clone().requires_grad_()
        a = xb
        for layer in layers:
            a = F.relu(a) if layer == "relu" else F.max_pool2d(a, 2) if layer == "pool" \
                else a.reshape(a.shape[0], -1) if layer == "flatten" else layer.forward(a)
        a.gather(1, labels[s:s + batch].view(-1, 1)).sum().backward()
    grad_s = time.perf_counter() - t0
    print("torch pass=scores precision=%s threads=%d images=%d batch=%d lrp_s=%.2f forward_backward_s=%.2f"
          % (precision, torch.get_num_threads(), len(labels), batch, lrp_s, grad_s))
    if java:
        ref = np.load(java)
        names = {"conv1": "features.0", "conv2": "features.4", "conv3": "features.8"}
        errors = []
        for ours, key in names.items():
            want = ref[key + ".raw"]
            got = sums[ours].numpy()
            errors.append("%s=%.1e" % (key, np.abs(got - want).max() / np.abs(want).max()))
        print("check raw lrp scores vs java: " + " ".join(errors) + " (max |diff| / max |score|)")


if __name__ == "__main__":
    main()
