#!/usr/bin/python3
"""NumPy peer of `spacetime bench peers`: the hand-written MLP training loop the reference programs use, in
float32 (the engine's precision), on the exported rows, initial tensors and batch order.

  forward   h = act(h @ W + b) per layer; a layer with repeat D is applied D times with the same W, b
  loss      softmax cross-entropy (mean over the batch) on the logits, or (y - t)^2 (mean over the batch) on the
            sigmoid output with t the 0/1 label: dL/dy = 2 (y - t) / n, the gradient of the MEAN loss, divided by n once
  backward  the chain rule layer by layer; a tied layer's gradient is the sum over its applications
  update    W -= lr * dW, b -= lr * db (plain SGD: no momentum, no weight decay), one step per batch
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402  (after the path tweak on purpose)
import peer_common  # noqa: E402


class NumpyEngine:
    name = "numpy"
    training_loss = "the workload's loss"

    def __init__(self, w):
        self.w = w
        self.acts = [l["activation"] for l in w.layers]
        self.reps = [l.get("repeat", 1) for l in w.layers]
        for a in self.acts:
            if a not in ("relu", "sigmoid", "identity"):
                raise SystemExit("activation %s is not implemented by the NumPy peer" % a)
        self.mse = w.loss == "mse"
        self.lr = np.float32(w.lr)
        # The 0/1 targets of the squared-error head as a float32 column, made once.
        self.t = w.y.astype(np.float32)[:, None]
        np.seterr(over="ignore")  # exp(-z) of a saturated sigmoid overflows to inf, and 1 / (1 + inf) = 0 is right

    def fresh(self, init):
        return [(W.copy(), b.copy()) for W, b in init]

    def _forward(self, params, x):
        hs = [x]
        h = x
        for (W, b), act, rep in zip(params, self.acts, self.reps):
            for _ in range(rep):
                z = h @ W
                z += b
                if act == "relu":
                    np.maximum(z, 0, out=z)
                elif act == "sigmoid":
                    z = 1 / (1 + np.exp(-z))
                h = z
                hs.append(h)
        return hs

    def _step(self, params, xb, yb, tb):
        hs = self._forward(params, xb)
        out = hs[-1]
        n = len(yb)
        if self.mse:
            diff = out - tb
            loss = float(np.mean(diff * diff))
            d = diff * np.float32(2.0 / n)
        else:
            z = out - out.max(axis=1, keepdims=True)
            e = np.exp(z)
            s = e.sum(axis=1)
            rows = np.arange(n)
            loss = float(np.mean(np.log(s) - z[rows, yb]))
            d = e / s[:, None]
            d[rows, yb] -= 1
            d *= np.float32(1.0 / n)
        grads = []
        k = len(hs) - 1
        for li in range(len(params) - 1, -1, -1):
            W, _ = params[li]
            act = self.acts[li]
            gW = gb = None
            for _ in range(self.reps[li]):
                h_out, h_in = hs[k], hs[k - 1]
                if act == "relu":
                    d = d * (h_out > 0)
                elif act == "sigmoid":
                    d = d * (h_out * (1 - h_out))
                gw, g = h_in.T @ d, d.sum(axis=0)
                gW, gb = (gw, g) if gW is None else (gW + gw, gb + g)
                k -= 1
                if k > 0:
                    d = d @ W.T
            grads.append((li, gW, gb))
        for li, gW, gb in grads:
            W, b = params[li]
            W -= self.lr * gW
            b -= self.lr * gb
        return loss

    def train_epoch(self, params, e, record=None, max_steps=None):
        w = self.w
        rows = w.epoch_rows(e)
        total = 0.0
        for j, s in enumerate(range(0, w.n, w.batch)):
            if max_steps is not None and j >= max_steps:
                break
            if w.full_batch:
                xb, yb, tb = w.x, w.y, self.t
            elif rows is None:
                xb, yb, tb = w.x[s:s + w.batch], w.y[s:s + w.batch], self.t[s:s + w.batch]
            else:
                idx = rows[s:s + w.batch]
                xb, yb, tb = w.x[idx], w.y[idx], (self.t[idx] if self.mse else None)
            loss = self._step(params, xb, yb, tb)
            total += loss * len(yb)
            if record is not None:
                record.append(loss)
        return total / w.n

    def train(self, params, epochs):
        for e in range(epochs):
            self.train_epoch(params, e)

    def outputs(self, params, x):
        out = self._forward(params, x)[-1]
        return out.astype(np.float64) if self.mse else peer_common.softmax64(out)

    def predict(self, params, x):
        out = self._forward(params, x)[-1]
        return (out[:, 0] > 0.5) if self.mse else out.argmax(axis=1)

    def describe(self):
        return {"engine_version": "numpy " + np.__version__,
                "optimizer": {"kind": "sgd", "lr": self.w.lr, "momentum": 0.0, "nesterov": False,
                              "weight_decay": 0.0, "batch": self.w.batch, "dtype": "float32"}}


def main():
    args = peer_common.common_args(__doc__.splitlines()[0]).parse_args()
    w = peer_common.Workload(args.dir)
    peer_common.run(NumpyEngine(w), w, args)


if __name__ == "__main__":
    main()
