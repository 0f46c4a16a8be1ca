#!/usr/bin/env python3
"""Exports torchvision classification CNNs to ONNX in every way torch.onnx.export offers and checks that
lrp-pruning reads, runs, explains, groups and prunes each file (bench/zoo/ZooCheck.java does the Java side).

    python3 bench/zoo/check_zoo.py [--models resnet18,...] [--opsets 11,13,17] [--keep DIR]

Per model: torchvision's constructor with num_classes=10 after torch.manual_seed(0), BatchNorm statistics
randomised (as ../shared/graph does, so that BN is not the identity), an input size the model allows, and the
float64 (double) model's logits on a few seeded random inputs as the truth. Per export (opset 11/13/17 x
training=PRESERVE (BatchNorm kept) or the default EVAL (BatchNorm folded into Conv) x do_constant_folding
False/True, dynamic batch axis) the Java side must: read the file; give logits within 1e-4 * max|logit| of
the truth with the same argmax; explain with epsilon-plus-flat in float64 (finite, its logits the forward's);
find the channel groups; prune every fourth channel of every group and give the logits of the unpruned model
with those channels zeroed in every tensor of their group; write the pruned network and read it back with the
same logits. Models are written to a temporary directory (--keep: to DIR, kept). Prints a markdown table and
writes results.json next to the models.

Java also runs the model written back and the pruned one in ONNX Runtime (its jar from the local Maven repository,
where `mvn test` puts it) and leaves the pruned file for onnx.checker (full check) here.

--lrp also runs the independent LRP checks of a bottleneck ResNet (resnet50) and of squeezenet1_1 (Fire concats,
ceil-mode max pools, a Conv2d output layer before ReLU and global average pooling): Zennit's rules written out
in torch.nn.functional (README of ../shared/graph, "LRP"), against `explain --precision float64`;
--lrp-models picks among them.
"""
import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.onnx import TrainingMode

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# name -> (input H = W, samples). squeezenet1_1 at 66: its first max pool (ceil_mode) gives 16, floor 15;
# vgg11_bn needs a 7x7 map before its AdaptiveAvgPool2d((7, 7)) (else the export refuses), i.e. 224.
MODELS = {
    'resnet18': (64, 4), 'resnet34': (64, 4), 'resnet50': (64, 4), 'mobilenet_v2': (64, 4),
    'mobilenet_v3_small': (64, 4), 'efficientnet_b0': (64, 4), 'squeezenet1_1': (66, 4),
    'densenet121': (64, 4), 'vgg11_bn': (224, 1),
}
OPSETS = (11, 13, 17)
MODES = (('preserve', TrainingMode.PRESERVE), ('eval', TrainingMode.EVAL))
FOLDS = (False, True)


def randomise_bn(model, shape, seed, calib=8):
    """BN statistics from one float64 calibration pass, visiting the BNs in execution order (../shared/graph)."""
    model.double().eval()
    gen = torch.Generator().manual_seed(seed + 1000)
    x = torch.randn(calib, *shape, dtype=torch.float64, generator=torch.Generator().manual_seed(seed + 2000))

    def hook(bn, inp):
        t = inp[0]
        dims = (0, 2, 3) if t.dim() == 4 else (0,)
        m = t.mean(dim=dims)
        v = t.var(dim=dims, unbiased=False)
        v = v + 1e-3 * v.mean()
        c = m.numel()
        n1 = torch.randn(c, generator=gen, dtype=torch.float64)
        u1 = torch.rand(c, generator=gen, dtype=torch.float64)
        u2 = torch.rand(c, generator=gen, dtype=torch.float64)
        n2 = torch.randn(c, generator=gen, dtype=torch.float64)
        bn.running_mean.copy_(m + 0.1 * v.sqrt() * n1)
        bn.running_var.copy_(v * (0.5 + u1))
        bn.weight.data.copy_(0.5 + u2)
        bn.bias.data.copy_(0.1 * n2)

    handles = [m.register_forward_pre_hook(hook) for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return model.float()


def build(name, seed=0):
    size, n = MODELS[name]
    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)(num_classes=10)
    model.eval()
    shape = (3, size, size)
    randomise_bn(model, shape, seed, calib=4 if size > 128 else 8)
    x = torch.randn(n, *shape, generator=torch.Generator().manual_seed(100))
    y = torch.randint(0, 10, (n,), generator=torch.Generator().manual_seed(101))
    with torch.no_grad():
        truth = copy.deepcopy(model).double()(x.double()).numpy()
    return model, x.numpy(), y.numpy(), truth


def export(model, x, path, opset, training, fold):
    torch.onnx.export(model, torch.from_numpy(x[:1]), path, opset_version=opset, input_names=['input'],
                      output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}},
                      training=training, do_constant_folding=fold)


def ort_jar():
    """ONNX Runtime's jar in the local Maven repository, at the pom's version (mvn test downloads it)."""
    with open(os.path.join(ROOT, 'pom.xml')) as f:
        pom = f.read()
    version = pom.split('<onnxruntime.version>')[1].split('<')[0]
    jar = os.path.join(os.path.expanduser('~'), '.m2', 'repository', 'com', 'microsoft', 'onnxruntime', 'onnxruntime',
                       version, f'onnxruntime-{version}.jar')
    if not os.path.exists(jar):
        sys.exit(f'check_zoo: ONNX Runtime {version} is not in the local Maven repository; run mvn test once')
    return jar


def java(args, **kw):
    jar = os.path.join(ROOT, 'target', 'lrp-pruning.jar') + os.pathsep + ort_jar()
    cmd = ['java', '--add-modules', 'jdk.incubator.vector', '-XX:+UseSerialGC', '-Xmx8g', '-cp', jar] + args
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def checker(path):
    """onnx.checker's full check (with shape inference) of a file Java wrote; None when it passes."""
    try:
        onnx.checker.check_model(path, full_check=True)
        return None
    except Exception as e:  # the checker's complaint is the row's result
        return 'onnx.checker: ' + str(e).splitlines()[0][:200]


def check_zoo(models, opsets, out):
    results = {}
    for name in models:
        t0 = time.time()
        model, x, y, truth = build(name)
        np.save(os.path.join(out, f'{name}-X.npy'), x)
        np.save(os.path.join(out, f'{name}-y.npy'), y)
        np.save(os.path.join(out, f'{name}-truth.npy'), truth)
        lines = []
        for opset in opsets:
            for mode, training in MODES:
                for fold in FOLDS:
                    key = f'{name}_o{opset}_{mode}_{"fold" if fold else "nofold"}'
                    path = os.path.join(out, key + '.onnx')
                    try:
                        export(model, x, path, opset, training, fold)
                        lines.append('\t'.join([key, path, os.path.join(out, f'{name}-X.npy'),
                                                os.path.join(out, f'{name}-y.npy'), os.path.join(out, f'{name}-truth.npy')]))
                    except Exception as e:  # the exporter's refusal is the row's result
                        results[key] = {'ok': False, 'reason': 'export: ' + str(e).splitlines()[0][:200]}
        manifest = os.path.join(out, f'{name}.tsv')
        with open(manifest, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        r = java([os.path.join(HERE, 'ZooCheck.java'), manifest])
        for line in r.stdout.splitlines():
            if line.startswith('RESULT\t'):
                _, key, status, detail = line.split('\t', 3)
                results[key] = {'ok': status == 'ok', 'reason': detail}
        for line in lines:
            key, path = line.split('\t')[:2]
            if key not in results:
                results[key] = {'ok': False, 'reason': 'java: ' + (r.stderr.strip().splitlines() or ['no output'])[-1][:200]}
            pruned = path + '.pruned.onnx'
            if os.path.exists(pruned):
                complaint = checker(pruned)
                if complaint and results[key]['ok']:
                    results[key] = {'ok': False, 'reason': complaint}
                elif results[key]['ok']:
                    results[key]['reason'] += '; onnx.checker ok (pruned)'
                if not KEEP:
                    os.remove(pruned)
        print(f'{name}: {time.time() - t0:.0f} s', file=sys.stderr)
        for line in lines:
            key = line.split('\t')[0]
            print(f'  {key}: {"ok" if results[key]["ok"] else "FAIL"} {results[key]["reason"]}', file=sys.stderr)
            path = line.split('\t')[1]
            if not KEEP and os.path.exists(path):
                os.remove(path)
    return results


def table(results, models, opsets):
    head = '| model | ' + ' | '.join(f'{o} {m}' for o in opsets for m, _ in MODES) + ' |'
    rows = [head, '|' + '---|' * (1 + len(opsets) * len(MODES))]
    for name in models:
        cells = []
        for o in opsets:
            for m, _ in MODES:
                rs = [results.get(f'{name}_o{o}_{m}_{f}') for f in ('nofold', 'fold')]
                if all(r and r['ok'] for r in rs):
                    cells.append('ok')
                else:
                    cells.append('; '.join(f'{f}: {r["reason"] if r else "not run"}' for f, r in zip(('nofold', 'fold'), rs)
                                           if not (r and r['ok'])))
        rows.append(f'| {name} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(rows)


# ------------------------------------------------------------------ independent LRP of a bottleneck ResNet

EPS = 1e-6


def stab(z):
    return z + EPS * (torch.sign(z) + (z == 0).to(z.dtype))


def merged(conv, bn):
    s = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    w = conv.weight * s[:, None, None, None]
    b = (0 if conv.bias is None else conv.bias) - bn.running_mean
    return w.detach(), (b * s + bn.bias).detach()


def conv_rule(x, w, b, stride, pad, r, rule):
    """Relevance at the input of conv(x; w, b) from r at its output: flat, zplus or alpha2beta1 (with bias)."""
    x = x.detach().requires_grad_(True)
    if rule == 'flat':
        ones = torch.ones_like(x).requires_grad_(True)
        z = F.conv2d(ones, torch.ones_like(w), None, stride, pad)
        (g,) = torch.autograd.grad(z, ones, r / stab(z))
        return g
    wp, wn = w.clamp(min=0), w.clamp(max=0)
    xp, xn = x.clamp(min=0), x.clamp(max=0)
    bp, bn = b.clamp(min=0), b.clamp(max=0)

    def part(wa, xa, wb, xb, bias):
        xa = xa.detach().requires_grad_(True)
        xb = xb.detach().requires_grad_(True)
        z = F.conv2d(xa, wa, bias, stride, pad) + F.conv2d(xb, wb, None, stride, pad)
        ga, gb = torch.autograd.grad(z, (xa, xb), r / stab(z))
        return xa * ga + xb * gb

    if rule == 'zplus':
        return part(wp, xp, wn, xn, bp)
    return 2 * part(wp, xp, wn, xn, bp) - part(wn, xp, wp, xn, bn)


def lrp_resnet50(model, x, labels, rule):
    """Zennit's EpsilonPlusFlat / EpsilonAlpha2Beta1Flat with ResNetCanonizer, written out (float64)."""
    m = copy.deepcopy(model).double().eval()
    taps = {}
    with torch.no_grad():
        w1, b1 = merged(m.conv1, m.bn1)
        a0 = x
        z = F.conv2d(a0, w1, b1, 2, 3)
        a1 = F.relu(z)
        p = F.max_pool2d(a1, 3, 2, 1)
        blocks = []
        h = p
        for lname in ('layer1', 'layer2', 'layer3', 'layer4'):
            for i, blk in enumerate(getattr(m, lname)):
                pre = f'{lname}.{i}'
                c = [merged(blk.conv1, blk.bn1), merged(blk.conv2, blk.bn2), merged(blk.conv3, blk.bn3)]
                strides = [blk.conv1.stride[0], blk.conv2.stride[0], blk.conv3.stride[0]]
                pads = [blk.conv1.padding[0], blk.conv2.padding[0], blk.conv3.padding[0]]
                ins = [h]
                o = F.conv2d(h, c[0][0], c[0][1], strides[0], pads[0])
                outs = [o]
                o = F.relu(o)
                ins.append(o)
                o = F.conv2d(o, c[1][0], c[1][1], strides[1], pads[1])
                outs.append(o)
                o = F.relu(o)
                ins.append(o)
                o = F.conv2d(o, c[2][0], c[2][1], strides[2], pads[2])
                outs.append(o)
                if blk.downsample is not None:
                    dw, db = merged(blk.downsample[0], blk.downsample[1])
                    ds = (dw, db, blk.downsample[0].stride[0])
                    ident = F.conv2d(h, dw, db, ds[2], 0)
                else:
                    ds, ident = None, h
                blocks.append((pre, h, c, strides, pads, ins, outs, ds, ident, o))
                h = F.relu(ident + o)
        pooled = h.mean(dim=(2, 3))
        logits = F.linear(pooled, m.fc.weight, m.fc.bias)
    n = x.shape[0]
    start = logits[torch.arange(n), labels]
    r = torch.zeros_like(logits)
    r[torch.arange(n), labels] = start
    taps['fc'] = r.clone()
    # fc: epsilon
    zf = F.linear(pooled, m.fc.weight, m.fc.bias)
    rp = pooled * ((r / stab(zf)) @ m.fc.weight)
    # avgpool: Norm
    zc = h.mean(dim=(2, 3))
    r = h * (rp / stab(zc))[:, :, None, None] / (h.shape[2] * h.shape[3])
    for pre, hin, c, strides, pads, ins, outs, ds, ident, o in reversed(blocks):
        s = stab(ident + o)
        r_id, r_out = ident * r / s, o * r / s
        for k in (2, 1, 0):
            taps[f'{pre}.conv{k + 1}'] = r_out.sum(dim=(2, 3))
            r_out = conv_rule(ins[k], c[k][0], c[k][1], strides[k], pads[k], r_out, rule)
        if ds is not None:
            taps[f'{pre}.downsample.0'] = r_id.sum(dim=(2, 3))
            r_id = conv_rule(hin, ds[0], ds[1], ds[2], 0, r_id, rule)
        r = r_out + r_id
    # max pool: the gradient
    a1g = a1.detach().requires_grad_(True)
    (r,) = torch.autograd.grad(F.max_pool2d(a1g, 3, 2, 1), a1g, r)
    taps['conv1'] = r.sum(dim=(2, 3))
    r = conv_rule(a0, w1, b1, 2, 3, r, 'flat')
    taps['input'] = r
    return logits.detach(), {k: v.detach() for k, v in taps.items()}


def lrp_squeezenet(model, x, labels, rule):
    """Zennit's EpsilonPlusFlat / EpsilonAlpha2Beta1Flat on squeezenet1_1, written out (float64): Flat for
    features.0, the rule for every other conv (the output conv classifier.1 too: Zennit maps every Convolution so),
    Pass for ReLU, the max pools' gradient, each Fire's concat split by channels, Norm at the global average pool;
    relevance starts at the logits (after ReLU and the pool), as for a Linear output layer."""
    m = copy.deepcopy(model).double().eval()
    taps = {}
    tape = []
    with torch.no_grad():
        h = x
        for i, mod in enumerate(m.features):
            name = f'features.{i}'
            if isinstance(mod, nn.Conv2d):
                tape.append(('conv', name, mod, h))
                h = mod(h)
            elif isinstance(mod, nn.ReLU):
                h = F.relu(h)
            elif isinstance(mod, nn.MaxPool2d):
                tape.append(('max', name, mod, h))
                h = mod(h)
            else:  # Fire: squeeze, then expand1x1 and expand3x3 side by side
                s = F.relu(mod.squeeze(h))
                tape.append(('fire', name, mod, (h, s)))
                h = torch.cat([F.relu(mod.expand1x1(s)), F.relu(mod.expand3x3(s))], 1)
        out = m.classifier[1]
        tape.append(('conv', 'classifier.1', out, h))
        a = F.relu(out(h))
        logits = a.mean(dim=(2, 3))
    n = x.shape[0]
    r = torch.zeros_like(logits)
    r[torch.arange(n), labels] = logits[torch.arange(n), labels]
    # global average pool: Norm; ReLU: Pass
    r = a * (r / stab(logits))[:, :, None, None] / (a.shape[2] * a.shape[3])

    def conv(mod, h_in, r_out, rule):
        return conv_rule(h_in, mod.weight.detach(), mod.bias.detach(), mod.stride, mod.padding, r_out, rule)

    for kind, name, mod, saved in reversed(tape):
        if kind == 'conv':
            taps[name] = r.sum(dim=(2, 3))
            r = conv(mod, saved, r, 'flat' if name == 'features.0' else rule)
        elif kind == 'max':
            hg = saved.detach().requires_grad_(True)
            (r,) = torch.autograd.grad(mod(hg), hg, r)
        else:
            h_in, s = saved
            c1 = mod.expand1x1.out_channels
            r1, r3 = r[:, :c1], r[:, c1:]
            taps[name + '.expand1x1'] = r1.sum(dim=(2, 3))
            taps[name + '.expand3x3'] = r3.sum(dim=(2, 3))
            r = conv(mod.expand1x1, s, r1, rule) + conv(mod.expand3x3, s, r3, rule)
            taps[name + '.squeeze'] = r.sum(dim=(2, 3))
            r = conv(mod.squeeze, h_in, r, rule)
    taps['input'] = r
    return logits.detach(), {k: v.detach() for k, v in taps.items()}


LRP_CHECKS = {'resnet50': lrp_resnet50, 'squeezenet1_1': lrp_squeezenet}


def check_lrp(out, names):
    lines = []
    for name in names:
        model, x, y, truth = build(name)
        # a label whose logit is 0 (squeezenet's ReLU before the logits) starts no relevance: explain the prediction
        y = np.where(truth[np.arange(len(y)), y] != 0, y, truth.argmax(axis=1))
        path = os.path.join(out, f'{name}_lrp.onnx')
        export(model, x, path, 13, TrainingMode.PRESERVE, False)
        np.save(os.path.join(out, 'lrp-X.npy'), x)
        np.save(os.path.join(out, 'lrp-y.npy'), y)
        for composite, rule in (('epsilon-plus-flat', 'zplus'), ('epsilon-alpha2-beta1-flat', 'alpha2beta1')):
            rel = os.path.join(out, f'rel-{name}-{composite}.npz')
            r = java(['-jar', os.path.join(ROOT, 'target', 'lrp-pruning.jar'), 'explain', '--model', path, '--data',
                      os.path.join(out, 'lrp.npy'), '--out', rel, '--precision', 'float64', '--composite', composite])
            if r.returncode != 0:
                lines.append(f'{name} {composite}: explain failed: {r.stderr.strip()[-300:]}')
                continue
            got = np.load(rel)
            logits, taps = LRP_CHECKS[name](model, torch.from_numpy(x).double(), torch.from_numpy(y), rule)
            worst, where, compared, at_input = 0.0, '', 0, 0.0
            # samples whose start is 0 (squeezenet's ReLU before the logits) have no relevance to compare
            live = np.abs(taps['input'].numpy().reshape(len(x), -1)).max(axis=1) > 0
            for key, want in taps.items():
                if key not in got:  # resnet50's fc: the start itself, not an explain key
                    continue
                compared += 1
                want = want.detach().numpy().reshape(len(x), -1)[live]
                g = got[key].reshape(len(x), -1)[live]
                dev = (np.abs(g - want).max(axis=1) / np.abs(want).max(axis=1)).max()
                at_input = dev if key == 'input' else at_input
                if dev > worst:
                    worst, where = dev, key
            start = logits[torch.arange(len(x)), torch.from_numpy(y)]
            conserved = (taps['input'].sum(dim=(1, 2, 3)) / start)[torch.from_numpy(live)]
            lines.append(f'{name} {composite}: {compared} arrays (input + {compared - 1} layers) of {live.sum()} samples'
                         f' (of {len(x)}; the others start at 0), worst deviation {worst:.2e} of the largest |R| per'
                         f' sample and layer (at {where}; input heatmap {at_input:.2e}); logits '
                         f'{np.abs(got["logits"] - logits.numpy()).max() / np.abs(logits.numpy()).max():.1e} relative; '
                         f'sum R_input / start {conserved.min():.3f} .. {conserved.max():.3f}')
    return lines


KEEP = False

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--models', default=','.join(MODELS))
    ap.add_argument('--opsets', default=','.join(map(str, OPSETS)))
    ap.add_argument('--keep', help='write the models to this directory and keep them')
    ap.add_argument('--lrp', action='store_true', help='also run the LRP checks (resnet50, squeezenet1_1)')
    ap.add_argument('--lrp-models', default=','.join(LRP_CHECKS), help='the LRP checks to run')
    ap.add_argument('--no-zoo', action='store_true', help='skip the zoo table')
    a = ap.parse_args()
    torch.set_num_threads(1)
    KEEP = a.keep is not None
    out = a.keep or tempfile.mkdtemp(prefix='zoo-')
    os.makedirs(out, exist_ok=True)
    models = [m for m in a.models.split(',') if m]
    opsets = [int(o) for o in a.opsets.split(',')]
    if not a.no_zoo:
        res = check_zoo(models, opsets, out)
        with open(os.path.join(out, 'results.json'), 'w') as f:
            json.dump(res, f, indent=1, sort_keys=True)
        print(table(res, models, opsets))
    if a.lrp:
        for line in check_lrp(out, [m for m in a.lrp_models.split(',') if m]):
            print(line)
