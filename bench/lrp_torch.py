"""What the PyTorch sides of the LRP benchmarks share (bench/score_torch.py, bench/graph_score_torch.py): Zennit's
stabilisers, its modified-gradient trick for one layer, the relevance comparison and the timing of both variants.
"""
import time

import numpy as np
import torch

TOL = 1e-4


def signed(eps):
    """z + eps sign(z), with sign(0) = +1: Zennit's stabiliser of the epsilon-like rules."""
    return lambda z: z + eps * ((z >= 0).to(z.dtype) * 2 - 1)


def zero_only(eps):
    """z + eps where z is 0: only against division by zero."""
    return lambda z: z + eps * (z == 0).to(z.dtype)


def modified_gradient(apply, terms, r, stab):
    """Zennit's BasicHook for one layer: each term (input, weight, bias, sign) runs apply(input, weight, bias) under
    autograd, the output relevance r is divided by the stabilised signed sum z of the terms' outputs, and
    torch.autograd.grad brings it back: R_in = sum_k sign_k * input_k * grad_k."""
    inputs = [t[0].detach().requires_grad_() for t in terms]
    with torch.enable_grad():
        outs = [apply(xi, w, b) for xi, (_, w, b, _) in zip(inputs, terms)]
        # a sign of 1 is left out rather than multiplied: the same bits, and no extra pass over the tensor
        z = sum(o.detach() if s == 1 else s * o.detach() for o, (_, _, _, s) in zip(outs, terms))
        q = r / stab(z)
        grads = torch.autograd.grad(outs, inputs, grad_outputs=[q] * len(outs))
    return sum(xi.detach() * g if s == 1 else s * xi.detach() * g for xi, g, (_, _, _, s) in zip(inputs, grads, terms))


def worst(ours, ref):
    """max over samples of max|ours - ref| / max|ref| (per sample)."""
    ours = ours.reshape(ours.shape[0], -1)
    ref = ref.reshape(ref.shape[0], -1)
    scale = np.maximum(np.abs(ref).max(axis=1), 1e-300)
    return float((np.abs(ours - ref).max(axis=1) / scale).max())


def time_variants(name, precision, batch, reps, warm, run):
    """Times run(lean) for the variants "zennit" (lean False) and "lean": warm passes, then reps timed ones; prints
    per variant `torch pass=NAME variant=V precision=P batch=B threads=T reps=R ms_median=M ms_min=M' cpu_ms_median=C`
    (C: process CPU time, all threads)."""
    for variant in ("zennit", "lean"):
        lean = variant == "lean"
        for _ in range(warm):
            run(lean)
        ms, cpu = [], []
        for _ in range(reps):
            c0 = time.process_time()
            t0 = time.perf_counter()
            run(lean)
            ms.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        ms.sort()
        cpu.sort()
        print("torch pass=%s variant=%s precision=%s batch=%d threads=%d reps=%d ms_median=%.1f ms_min=%.1f"
              " cpu_ms_median=%.1f" % (name, variant, precision, batch, torch.get_num_threads(), reps, ms[reps // 2],
                                       ms[0], cpu[reps // 2]))
