#!/usr/bin/python3
"""PyTorch peer of `spacetime bench peers` (Debian's python3-torch): nn.Linear layers holding the exported tensors,
autograd, torch.optim.SGD, the way a PyTorch user writes it.

  model     nn.Linear per exported layer (weight = the exported [in x out] tensor transposed, bias as exported);
            a layer with repeat D is applied D times (tied weights: RecursiveNet's shared layer)
  loss      F.cross_entropy on the logits, or F.mse_loss (mean) of the sigmoid output against the 0/1 label
  update    torch.optim.SGD(lr, momentum=0, dampening=0, weight_decay=0, nesterov=False), zero_grad(set_to_none=True)
  threads   torch.set_num_threads(--threads), set_num_interop_threads(1), OMP/OPENBLAS/MKL_NUM_THREADS set by the bench
  inference torch.inference_mode(), model(x).argmax(1) (or > 0.5 for the sigmoid output)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import peer_common  # noqa: E402


class TorchEngine:
    name = "pytorch"
    training_loss = "the workload's loss"

    def __init__(self, w, threads):
        import torch
        import torch.nn.functional as F

        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
        self.torch, self.F, self.w = torch, F, w
        self.mse = w.loss == "mse"
        self.X = torch.from_numpy(w.x)
        self.Y = torch.from_numpy(w.y.astype(np.float32)[:, None] if self.mse else w.y.astype(np.int64))
        self.perms = None if w.order is None else [torch.from_numpy(w.order[e].astype(np.int64)) for e in range(w.epochs)]
        acts = {"relu": torch.relu, "sigmoid": torch.sigmoid, "identity": None}
        self.acts = [acts[l["activation"]] for l in w.layers]
        self.reps = [l.get("repeat", 1) for l in w.layers]

    def fresh(self, init):
        torch = self.torch
        acts, reps = self.acts, self.reps

        class Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.lins = torch.nn.ModuleList()
                for W, b in init:
                    lin = torch.nn.Linear(W.shape[0], W.shape[1])
                    with torch.no_grad():
                        lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(W.T)))
                        lin.bias.copy_(torch.from_numpy(b))
                    self.lins.append(lin)

            def forward(self, x):
                for lin, act, rep in zip(self.lins, acts, reps):
                    for _ in range(rep):
                        x = lin(x)
                        if act is not None:
                            x = act(x)
                return x

        model = Net()
        opt = torch.optim.SGD(model.parameters(), lr=self.w.lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                              nesterov=False)
        return model, opt

    def _loss(self, out, yb):
        return self.F.mse_loss(out, yb) if self.mse else self.F.cross_entropy(out, yb)

    def train_epoch(self, state, e, record=None, max_steps=None):
        model, opt = state
        w = self.w
        perm = None if self.perms is None else self.perms[e]
        total = 0.0
        for j, s in enumerate(range(0, w.n, w.batch)):
            if max_steps is not None and j >= max_steps:
                break
            if w.full_batch:
                xb, yb = self.X, self.Y
            elif perm is None:
                xb, yb = self.X[s:s + w.batch], self.Y[s:s + w.batch]
            else:
                idx = perm[s:s + w.batch]
                xb, yb = self.X.index_select(0, idx), self.Y.index_select(0, idx)
            loss = self._loss(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            value = loss.item()
            total += value * yb.shape[0]
            if record is not None:
                record.append(value)
        return total / w.n

    def train(self, state, epochs):
        for e in range(epochs):
            self.train_epoch(state, e)

    def outputs(self, state, x):
        with self.torch.inference_mode():
            out = state[0](self.torch.from_numpy(x)).numpy()
        return out.astype(np.float64) if self.mse else peer_common.softmax64(out)

    def predict(self, state, x):
        with self.torch.inference_mode():
            out = state[0](self.torch.from_numpy(x))
            return (out[:, 0] > 0.5) if self.mse else out.argmax(dim=1)

    def describe(self):
        torch = self.torch
        return {"engine_version": "torch " + torch.__version__, "torch_version": torch.__version__,
                "torch_num_threads": torch.get_num_threads(),
                "torch_num_interop_threads": torch.get_num_interop_threads(),
                "parallel_info": torch.__config__.parallel_info(),
                "optimizer": {"kind": "torch.optim.SGD", "lr": self.w.lr, "momentum": 0.0, "dampening": 0.0,
                              "nesterov": False, "weight_decay": 0.0, "batch": self.w.batch, "dtype": "float32"}}


def main():
    args = peer_common.common_args(__doc__.splitlines()[0]).parse_args()
    w = peer_common.Workload(args.dir)
    peer_common.run(TorchEngine(w, args.threads), w, args)


if __name__ == "__main__":
    main()
