"""PyTorch CPU side of bench/graph-vs-pytorch.sh: forward + LRP backward of torchvision's resnet18 under
Zennit's EpsilonPlusFlat with its ResNetCanonizer, in plain torch (Zennit is not installable here).

  graph_score_torch.py export DIR BATCH SIZE SEED
      resnet18 (1000 classes, torchvision's initialisation under torch.manual_seed(SEED)) with randomised BatchNorm
      statistics (else BN is nearly the identity), exported to DIR/resnet18.onnx by torch.onnx.export (opset 13,
      BatchNorm kept as its own node: the Java side merges it as Zennit's canonizer does), its state dict to
      DIR/resnet18.pt, a batch of N(0, 1) images DIR/input.npy (BATCH x 3 x SIZE x SIZE float32) and labels
      DIR/labels.npy (int64).
  graph_score_torch.py time DIR PRECISION THREADS REPS WARM JAVA_NPZ [TRUTH_NPZ]
      checks the relevances against the Java side's (JAVA_NPZ as ScoreTimer --pass graph writes it: logits, input heatmap,
      per-unit sum of R at every conv's output): float64 within 1e-4 of the largest |R| per sample and layer;
      float32 both against the float64 truth TRUTH_NPZ (the Java float64 output), see errors() (exit 1 if not);
      then times the pass (median of REPS after WARM).

The rules, after merging each BatchNorm into the conv before it (W' = W g / sqrt(v + eps), b' = (0 - m) g /
sqrt(v + eps) + beta, float64 then cast), Zennit's modified-gradient trick per layer (BasicHook: each term's
modified forward re-run under autograd, R_in = sum_k x_k * grad_k of out_grad / s(sum_k z_k)):
  conv1 (first layer):  Flat, z = A_1(1) (ones as input and weights, no bias), R_in = A_1^T(R / s(z))
  other convs:          ZPlus, z = W+ x+ + b'+ + W- x-, R_in = x+ * W+^T q + x- * W-^T q
  fc:                   Epsilon, z = W x + b, R_in = x * W^T(R / s(z))
  residual add:         Norm (Zennit's Sum module): R_k = x_k * R / s(x_1 + x_2)
  adaptive avg pool:    Norm, R_in = x * R / (HW s(mean x))
  ReLU, flatten:        pass; MaxPool: the gradient
with s(z) = z + 1e-6 (sign(z) + [z == 0]). Relevance starts at the label's logit. Two variants are timed:
"zennit" runs every term as Zennit's ZPlus does (x+ on W+ and x- on W-), "lean" drops the x- term where the
layer's input has no negative value (after a ReLU: it adds exact zeros), as the Java side does.

Prints per variant:
  torch pass=graph variant=V precision=P batch=B threads=T reps=R ms_median=M ms_min=M' cpu_ms_median=C
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from lrp_torch import TOL, modified_gradient, signed, time_variants, worst  # noqa: E402

stab = signed(1e-6)


def export(folder, batch, size, seed):
    import torchvision
    torch.manual_seed(seed)
    model = torchvision.models.resnet18()
    g = torch.Generator().manual_seed(seed + 1000)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                c = m.num_features
                m.running_mean.copy_(0.1 * torch.randn(c, generator=g))
                m.running_var.copy_(0.5 + torch.rand(c, generator=g))
                m.weight.copy_(0.5 + torch.rand(c, generator=g))
                m.bias.copy_(0.1 * torch.randn(c, generator=g))
    model.eval()
    x = torch.randn(batch, 3, size, size, generator=g)
    labels = torch.randint(0, 1000, (batch,), generator=g)
    torch.onnx.export(model, x[:1], folder + "/resnet18.onnx", opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    torch.save(model.state_dict(), folder + "/resnet18.pt")
    np.save(folder + "/input.npy", x.numpy())
    np.save(folder + "/labels.npy", labels.numpy().astype(np.int64))


class Conv:
    """A BN-merged conv (or fc) and its rule: flat, zplus or epsilon."""

    def __init__(self, name, weight, bias, stride, padding, rule):
        self.name, self.weight, self.bias, self.stride, self.padding, self.rule = name, weight, bias, stride, padding, rule
        self.pos, self.neg = weight.clamp(min=0), weight.clamp(max=0)
        self.bpos = bias.clamp(min=0)
        self.ones = torch.ones_like(weight)

    def apply(self, x, w, b=None):
        if w.dim() == 2:
            return F.linear(x, w, b)
        return F.conv2d(x, w, b, stride=self.stride, padding=self.padding)

    def forward(self, x):
        return self.apply(x, self.weight, self.bias)

    def relevance(self, x, r, lean):
        if self.rule == "flat":
            terms = [(torch.ones_like(x), self.ones, None, 1)]
        elif self.rule == "zplus":
            terms = [(x.clamp(min=0), self.pos, self.bpos, 1)]
            if not (lean and bool((x >= 0).all())):
                terms.append((x.clamp(max=0), self.neg, None, 1))
        else:
            terms = [(x, self.weight, self.bias, 1)]
        return modified_gradient(self.apply, terms, r, stab)


def network(folder, dtype):
    """resnet18's layers from its state dict, BatchNorm merged (in float64, then cast) into the conv before it."""
    p = torch.load(folder + "/resnet18.pt")

    def conv(name, bn, stride, padding, rule):
        w = p[name + ".weight"].double()
        scale = p[bn + ".weight"].double() / torch.sqrt(p[bn + ".running_var"].double() + 1e-5)
        b = (0 - p[bn + ".running_mean"].double()) * scale + p[bn + ".bias"].double()
        return Conv(name, (w * scale.view(-1, 1, 1, 1)).to(dtype), b.to(dtype), stride, padding, rule)

    stem = conv("conv1", "bn1", 2, 3, "flat")
    blocks = []
    for stage in range(1, 5):
        for k in range(2):
            pre = "layer%d.%d" % (stage, k)
            stride = 2 if stage > 1 and k == 0 else 1
            down = conv(pre + ".downsample.0", pre + ".downsample.1", stride, 0, "zplus") \
                if pre + ".downsample.0.weight" in p else None
            blocks.append((conv(pre + ".conv1", pre + ".bn1", stride, 1, "zplus"),
                           conv(pre + ".conv2", pre + ".bn2", 1, 1, "zplus"), down))
    fc = Conv("fc", p["fc.weight"].to(dtype), p["fc.bias"].to(dtype), 1, 0, "epsilon")
    return stem, blocks, fc


def explain(net, x, labels, lean):
    """Forward keeping what the rules need, then the backward walk: logits, input relevance, taps (sum over HxW
    of R at each conv's output, after its merged BN)."""
    stem, blocks, fc = net
    a1 = stem.forward(x)
    r1 = F.relu(a1)
    r1g = r1.detach().requires_grad_()
    with torch.enable_grad():
        pooled = F.max_pool2d(r1g, 3, 2, 1)
    h = pooled.detach()
    saved = []
    for c1, c2, down in blocks:
        y1 = F.relu(c1.forward(h))
        y2 = c2.forward(y1)
        ident = down.forward(h) if down is not None else h
        out = F.relu(y2 + ident)
        saved.append((h, y1, y2, ident))
        h = out
    feat = h.mean(dim=(2, 3))
    logits = fc.forward(feat)
    idx = torch.arange(len(labels))
    r = torch.zeros_like(logits)
    r[idx, labels] = logits[idx, labels]
    taps = {}
    r = fc.relevance(feat, r, lean)
    # adaptive average pooling: Norm
    r = h * (r / stab(feat)).unsqueeze(2).unsqueeze(3) / (h.shape[2] * h.shape[3])
    for (c1, c2, down), (hin, y1, y2, ident) in zip(reversed(blocks), reversed(saved)):
        q = r / stab(y2 + ident)
        r_out, r_id = y2 * q, ident * q
        taps[c2.name] = r_out
        r_y1 = c2.relevance(y1, r_out, lean)
        taps[c1.name] = r_y1
        r_in = c1.relevance(hin, r_y1, lean)
        if down is not None:
            taps[down.name] = r_id
            r_in = r_in + down.relevance(hin, r_id, lean)
        else:
            r_in = r_in + r_id
        r = r_in
    with torch.enable_grad():
        r = torch.autograd.grad(pooled, r1g, grad_outputs=r)[0]
    taps[stem.name] = r
    r = stem.relevance(x, r, lean)
    return logits, r, taps


def errors(logits, r, taps, ref):
    """worst(ours, ref) of the logits, the input heatmap and every tap."""
    e = {"logits": worst(logits.double().numpy(), ref["logits"]), "input": worst(r.double().numpy(), ref["input"])}
    for name, t in taps.items():
        e[name] = worst(t.sum(dim=(2, 3)).double().numpy(), ref[name])
    return e


def timed(folder, precision, threads, reps, warm, java, truth):
    torch.set_num_threads(threads)
    dtype = torch.float64 if precision == "float64" else torch.float32
    net = network(folder, dtype)
    x = torch.from_numpy(np.load(folder + "/input.npy")).to(dtype)
    labels = torch.from_numpy(np.load(folder + "/labels.npy"))
    ref = np.load(java)
    with torch.no_grad():
        ok = True
        for variant in ("zennit", "lean"):
            logits, r, taps = explain(net, x, labels, variant == "lean")
            e = errors(logits, r, taps, ref)
            if dtype == torch.float64:
                good = max(e.values()) <= TOL
                print("check variant=%s precision=%s vs-java: worst %s=%.1e (logits %.1e, input %.1e, %d layers):"
                      " %s (tolerance %.0e of max |R| per sample and layer)"
                      % (variant, precision, max(e, key=e.get), max(e.values()), e["logits"], e["input"], len(taps),
                         "ok" if good else "FAILED", TOL))
            else:
                # float32 relevances of this net are conditioned to about 1e-3 of max |R| (a residual Norm rule
                # whose two branches nearly cancel, a max-pooling window whose top two round the other way), on
                # either side: both float32 passes are held against the float64 truth (the Java float64 pass,
                # equal to PyTorch's float64 pass within 1e-9), the Java one no further off than PyTorch's
                t = errors(logits, r, taps, np.load(truth))
                j = {k: worst(ref[k], np.load(truth)[k]) for k in e}
                good = max(j.values()) <= max(TOL, 10 * max(t.values()))
                print("check variant=%s precision=%s worst vs float64 truth: java %s=%.1e, torch %s=%.1e;"
                      " java vs torch %s=%.1e: %s (java within max(%.0e, 10 x torch's) of the truth)"
                      % (variant, precision, max(j, key=j.get), max(j.values()), max(t, key=t.get), max(t.values()),
                         max(e, key=e.get), max(e.values()), "ok" if good else "FAILED", TOL))
            ok = ok and good
        if not ok:
            print("graph_score_torch.py: relevances differ by more than the tolerance", file=sys.stderr)
            sys.exit(1)
        time_variants("graph", precision, len(labels), reps, warm, lambda lean: explain(net, x, labels, lean))


def main():
    if sys.argv[1] == "export":
        export(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        timed(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7],
              sys.argv[8] if len(sys.argv) > 8 else None)


if __name__ == "__main__":
    main()
