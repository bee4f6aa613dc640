#!/usr/bin/python3
"""PyTorch peer of `spacetime bench mnist`.

Shipped inside the Spacetime jar, extracted next to the workload and run with Debian's /usr/bin/python3 (its
python3-torch 1.13 and python3-numpy). Reads what dev.spacetime.bench.mnist.PeerExport wrote (manifest.json plus
little-endian arrays) and trains standard-medium exactly as Spacetime's Trainer does:

  model   784-128-64-10, ReLU, logits -> softmax cross-entropy (mean over the batch)
  init    the exported weights: dense L.W is [in x out], nn.Linear.weight is its transpose [out x in]
  data    the exported, already normalised float32 rows (the same floats Spacetime trains on)
  order   epoch e visits the rows in order.i32[e-1]; step j takes positions [j*batch, (j+1)*batch)
  update  torch.optim.SGD(lr, momentum=0, weight_decay=0), one step per batch

Per run: one warm-up epoch (on a throw-away copy of the initial model, through epoch 1's order) that is not counted,
then `repeats` runs of `epochs` epochs, each from the initial weights. Timing scope: time.perf_counter() around the
epoch's batches, i.e. index the rows, forward, loss, backward, optimizer step (and loss.item(), as Spacetime also
accumulates the epoch's loss). Prints progress on stderr and ONE JSON line on stdout.

The export loader and the BLAS report are peer_common's (NumPy only, so the test suite can check the export
without torch); load_export is re-exported here for the scripts that import it from this module.
"""
import argparse
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from peer_common import blas_info, load_export  # noqa: E402,F401  (after the path tweak on purpose)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True, help="the exported workload")
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--placement", default="", help="how the process was placed (reported back as given)")
    ap.add_argument("--pinned", action="store_true")
    args = ap.parse_args()

    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)

    m, x, y, xt, yt, layers, order = load_export(args.dir)
    batch, lr, epochs, repeats = m["batch"], m["lr"], m["epochs"], m["repeats"]
    checked = m.get("checked_steps", 3)
    X = torch.from_numpy(x)
    Y = torch.from_numpy(y.astype(np.int64))
    XT = torch.from_numpy(xt)
    YT = torch.from_numpy(yt.astype(np.int64))
    perms = [torch.from_numpy(order[e].astype(np.int64)) for e in range(epochs)]
    n = X.shape[0]

    def make_model():
        mods = []
        for i, (w, b) in enumerate(layers):
            lin = torch.nn.Linear(w.shape[0], w.shape[1])
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
                lin.bias.copy_(torch.from_numpy(b))
            mods.append(lin)
            if m["layers"][i]["activation"] == "relu":
                mods.append(torch.nn.ReLU())
        return torch.nn.Sequential(*mods)

    def train_epoch(model, opt, perm, first_steps=None):
        total = 0.0
        t0 = time.perf_counter()
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            xb = X.index_select(0, idx)
            yb = Y.index_select(0, idx)
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            value = loss.item()
            total += value * idx.shape[0]
            if first_steps is not None and len(first_steps) < checked:
                first_steps.append(value)
        return time.perf_counter() - t0, total / n

    def sgd(model):
        return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.0, weight_decay=0.0)

    # Evidence of "same weights, same data": the initial model's loss on the first batch of epoch 1.
    with torch.no_grad():
        first_idx = perms[0][:batch]
        first_batch_loss = F.cross_entropy(make_model()(X.index_select(0, first_idx)), Y.index_select(0, first_idx)).item()

    warm = make_model()
    warmup_seconds, _ = train_epoch(warm, sgd(warm), perms[0])
    print("pytorch %d thread(s): warm-up epoch %.3f s" % (args.threads, warmup_seconds), file=sys.stderr, flush=True)

    epoch_seconds, first_steps, epoch1_loss, model = [], [], float("nan"), None
    for r in range(repeats):
        model = make_model()
        opt = sgd(model)
        secs = []
        for e in range(epochs):
            s, mean_loss = train_epoch(model, opt, perms[e], first_steps if r == 0 and e == 0 else None)
            secs.append(s)
            if r == 0 and e == 0:
                epoch1_loss = mean_loss
        epoch_seconds.append(secs)
        print("pytorch %d thread(s): repeat %d/%d: %s s per epoch"
              % (args.threads, r + 1, repeats, ", ".join("%.3f" % s for s in secs)), file=sys.stderr, flush=True)

    with torch.no_grad():
        logits = model(XT)
        test_loss = F.cross_entropy(logits, YT).item()
        test_acc = (logits.argmax(dim=1) == YT).double().mean().item()

    env_keys = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    details = {
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "blas": blas_info(),
        "parallel_info": torch.__config__.parallel_info(),
        "torch_num_threads": torch.get_num_threads(),
        "torch_num_interop_threads": torch.get_num_interop_threads(),
        "affinity": sorted(os.sched_getaffinity(0)),
        "env": {k: os.environ.get(k) for k in env_keys},
        "first_batch_loss_no_grad": first_batch_loss,
        "test_loss": test_loss,
    }
    print(json.dumps({
        "side": "pytorch",
        "threads": args.threads,
        "pinned": args.pinned,
        "placement": args.placement,
        "epoch_seconds": epoch_seconds,
        "warmup_epoch_seconds": warmup_seconds,
        "first_step_losses": first_steps,
        "epoch1_train_loss": epoch1_loss,
        "test_accuracy": test_acc,
        "details": details,
    }))


if __name__ == "__main__":
    main()
