"""PyTorch CPU side of bench/vs-pytorch.sh (train): one training epoch of the vgg-small fixture CNN.

The network, optimiser and data of ../shared/cnn (Conv-BN-ReLU-MaxPool x2, Conv-ReLU, Linear 3136-128,
ReLU, Dropout 0.5, Linear 128-10; Adam lr 1e-3; the first BATCHES*BATCH Fashion-MNIST training images,
normalised (x/255 - 0.2860)/0.3530, shuffled by torch.randperm), after a warm-up over WARM batches.
Prints: torch arch=vgg-small batch=B threads=T batches=N seconds=S ms_per_batch=M cpu_ms_per_batch=C (process CPU
time, all threads)

usage: train_torch.py THREADS BATCHES [BATCH [WARM [DIR]]]
"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


def epoch(net, opt, x, y, batch, gen):
    loss_fn = nn.CrossEntropyLoss()
    perm = torch.randperm(len(y), generator=gen)
    for start in range(0, len(y), batch):
        i = perm[start:start + batch]
        opt.zero_grad()
        loss = loss_fn(net(x[i]), y[i])
        loss.backward()
        opt.step()


def main():
    threads = int(sys.argv[1])
    batches = int(sys.argv[2])
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 128
    warm = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    folder = sys.argv[5] if len(sys.argv) > 5 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(threads)
    n = batches * batch
    images = idx(folder + "/train-images-idx3-ubyte.gz")[:n]
    labels = idx(folder + "/train-labels-idx1-ubyte.gz")[:n]
    x = torch.from_numpy(((images.astype(np.float32) / np.float32(255) - np.float32(0.2860))
                          / np.float32(0.3530)).reshape(-1, 1, 28, 28).copy())
    y = torch.from_numpy(labels.astype(np.int64))
    torch.manual_seed(0)
    net = model()
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(0)
    epoch(net, opt, x[:warm * batch], y[:warm * batch], batch, gen)
    c0 = time.process_time()
    t0 = time.perf_counter()
    epoch(net, opt, x, y, batch, gen)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print("torch arch=vgg-small batch=%d threads=%d batches=%d seconds=%.3f ms_per_batch=%.1f cpu_ms_per_batch=%.1f"
          % (batch, torch.get_num_threads(), batches, seconds, seconds * 1000 / batches, cpu * 1000 / batches))


if __name__ == "__main__":
    main()
