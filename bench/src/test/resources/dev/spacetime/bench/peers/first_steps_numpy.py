#!/usr/bin/python3
"""Test oracle for the peer export: replays the first training steps of an exported workload in NumPy.

Loads the export with the shipped peer's own loader (mnist_torch.load_export, which needs NumPy only), then for
epoch 1's first --steps batches does what Spacetime's Trainer does, in float64: forward of the MLP (ReLU hidden
layers, identity output), mean softmax cross-entropy, backward, plain SGD update. Prints one JSON line:
{"losses": [loss of step 1, step 2, ...]}; step 1's loss is that of the initial weights on the first batch.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402  (after the path tweak on purpose)
from mnist_torch import load_export  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--steps", type=int, required=True)
    args = ap.parse_args()

    m, x, y, _, _, layers, order = load_export(args.dir)
    batch, lr = m["batch"], m["lr"]
    ws = [w.astype(np.float64) for w, _ in layers]
    bs = [b.astype(np.float64) for _, b in layers]
    acts = [l["activation"] for l in m["layers"]]
    losses = []
    for step in range(args.steps):
        idx = order[0][step * batch:(step + 1) * batch]
        h = [x[idx].astype(np.float64)]
        for w, b, act in zip(ws, bs, acts):
            z = h[-1] @ w + b
            h.append(np.maximum(z, 0.0) if act == "relu" else z)
        logits = h[-1]
        shifted = logits - logits.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        labels = y[idx]
        n = len(idx)
        losses.append(float(-logp[np.arange(n), labels].mean()))

        d = np.exp(logp)
        d[np.arange(n), labels] -= 1.0
        d /= n
        grads = []
        for layer in range(len(ws) - 1, -1, -1):
            if acts[layer] == "relu":
                d = d * (h[layer + 1] > 0)
            grads.append((layer, h[layer].T @ d, d.sum(axis=0)))
            d = d @ ws[layer].T
        for layer, gw, gb in grads:
            ws[layer] -= lr * gw
            bs[layer] -= lr * gb
    print(json.dumps({"losses": losses}))


if __name__ == "__main__":
    main()
