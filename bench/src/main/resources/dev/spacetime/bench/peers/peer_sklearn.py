#!/usr/bin/python3
"""scikit-learn peer of `spacetime bench peers` (Debian's python3-sklearn): MLPClassifier with every option that
changes the arithmetic set by hand, started from the exported tensors and fed the exported batch order.

  options   solver='sgd', learning_rate='constant', learning_rate_init=lr, batch_size=batch, momentum=0.0,
            nesterovs_momentum=False (its defaults are 0.9 and True), alpha=0.0 (no L2; default 1e-4),
            early_stopping=False, tol=0.0 and n_iter_no_change huge (so no epoch is skipped); warm_start=True
            for fit() (so it keeps the injected weights), False for partial_fit (which keeps them anyway)
  weights   sklearn has no public way to pass initial weights: one throw-away partial_fit on one row allocates
            coefs_/intercepts_ ([in x out], the exported layout), the exported tensors are then copied into them
            in place and the counters reset (n_iter_, t_, loss_curve_, best_loss_, the optimizer)
  order     fit() shuffles each epoch with random_state.shuffle(arange(n)) and applies that to the previous epoch's
            order; ReplayOrder (a RandomState) hands out exactly the indices that make epoch e visit order[e]. Full
            batch: shuffle=False, the rows in data order. Per-epoch evaluation needs control between epochs, so
            that run calls partial_fit once per epoch on the rows in that epoch's order (shuffle=False). The check
            asserts both paths give bit-identical weights.
  loss      softmax + log-loss for several classes (the workload's cross-entropy). For one sigmoid output
            MLPClassifier trains log-loss: its backprop takes y - t as the output delta, which is the gradient of
            squared error only through an identity output, so a sigmoid output with squared error (XOR) cannot be
            expressed; that run uses log-loss and says so.
  not expressible: tied weights (RecursiveNet).
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import peer_common  # noqa: E402

NO_EARLY_STOP = 2 ** 31 - 1


class ReplayOrder(np.random.RandomState):
    """Makes MLPClassifier.fit(shuffle=True) visit epoch e's rows in order[e] (see the module docstring)."""

    def __init__(self, orders):
        super().__init__(0)
        self.orders = orders
        self.epoch = 0
        self.current = np.arange(orders.shape[1])

    def shuffle(self, x):
        perm = self.orders[self.epoch]
        inv = np.empty_like(self.current)
        inv[self.current] = np.arange(len(self.current))
        x[...] = inv[perm]
        self.current = perm
        self.epoch += 1

    def __repr__(self):
        return "ReplayOrder(the exported order)"


class SklearnEngine:
    name = "sklearn"

    def __init__(self, w):
        import sklearn
        from sklearn.neural_network import MLPClassifier

        self.sklearn, self.MLPClassifier, self.w = sklearn, MLPClassifier, w
        if any(l.get("repeat", 1) != 1 for l in w.layers):
            raise NotExpressible("MLPClassifier has no tied (shared) layers: RecursiveNet cannot be expressed")
        hidden = {l["activation"] for l in w.layers[:-1]}
        if len(hidden) != 1 or not hidden <= {"relu", "sigmoid"}:
            raise NotExpressible("hidden activations %s: MLPClassifier takes one of relu/logistic for all" % hidden)
        self.activation = "relu" if hidden == {"relu"} else "logistic"
        self.mse = w.loss == "mse"
        if self.mse:
            self.training_loss = ("log-loss on a logistic output (MLPClassifier cannot train a sigmoid output on "
                                  "squared error)")
        else:
            self.training_loss = "the workload's loss"
        self.hidden_sizes = tuple(l["out"] for l in w.layers[:-1])
        self.classes = np.arange(w.classes)

    def _new(self, init):
        clf = self.MLPClassifier(
            hidden_layer_sizes=self.hidden_sizes, activation=self.activation, solver="sgd", learning_rate="constant",
            learning_rate_init=self.w.lr, batch_size=self.w.batch, momentum=0.0, nesterovs_momentum=False,
            alpha=0.0, shuffle=False, max_iter=self.w.epochs, tol=0.0,
            n_iter_no_change=NO_EARLY_STOP, early_stopping=False, warm_start=False,
            random_state=0 if self.w.order is None else ReplayOrder(self.w.order))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.partial_fit(self.w.x[:1], self.w.y[:1], classes=self.classes)
        for i, (W, b) in enumerate(init):
            if clf.coefs_[i].shape != W.shape:
                raise SystemExit("sklearn layer %d has shape %s, the export %s" % (i, clf.coefs_[i].shape, W.shape))
            clf.coefs_[i][...] = W
            clf.intercepts_[i][...] = b
        clf.n_iter_, clf.t_, clf.loss_curve_, clf.best_loss_, clf._no_improvement_count = 0, 0, [], np.inf, 0
        del clf._optimizer
        return clf

    def fresh(self, init):
        return self._new(init)

    def _for_fit(self, clf, epochs):
        """The settings fit() trains with (get_params() reports these)."""
        clf.max_iter = epochs
        clf.shuffle = not self.w.full_batch  # True: each epoch's order comes from ReplayOrder
        clf.warm_start = True  # keep the injected weights: no re-initialisation
        return clf

    def train(self, clf, epochs):
        """sklearn's own loop: fit() runs all epochs, in the exported order (ReplayOrder) or data order."""
        self._for_fit(clf, epochs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.fit(self.w.x, self.w.y)

    def train_epoch(self, clf, e, record=None, max_steps=None):
        """One epoch through partial_fit on the rows in epoch e's order (shuffle=False)."""
        rows = self.w.epoch_rows(e)
        x, y = (self.w.x, self.w.y) if rows is None else (self.w.x[rows], self.w.y[rows])
        if max_steps is not None:
            x, y = x[:max_steps * self.w.batch], y[:max_steps * self.w.batch]
        clf.shuffle = False
        clf.warm_start = False  # partial_fit keeps the weights anyway; warm_start would demand every class per call
        if record is not None:
            backprop = clf._backprop

            def recording(*a, **kw):
                r = backprop(*a, **kw)
                record.append(float(r[0]))
                return r

            clf._backprop = recording
        try:
            clf.partial_fit(x, y)
        finally:
            if record is not None:
                del clf._backprop
        return clf.loss_

    def outputs(self, clf, x):
        p = clf.predict_proba(x).astype(np.float64)
        return p[:, 1:2] if self.mse else p

    def predict(self, clf, x):
        return clf.predict(x)

    def order_check(self):
        """fit() with the replayed order vs partial_fit per epoch: bit-identical weights after 2 epochs?"""
        w = self.w
        if w.order is None:
            return "full batch: shuffle=False, rows in data order"
        if w.n > 10000 or w.epochs < 2:
            return "not run (%d rows, %d epochs)" % (w.n, w.epochs)
        a = self._new(w.inits[0][1])
        self.train(a, 2)
        b = self._new(w.inits[0][1])
        for e in range(2):
            self.train_epoch(b, e)
        same = all(np.array_equal(p, q) for p, q in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_))
        if not same:
            raise SystemExit("sklearn: fit() with the replayed order and partial_fit per epoch disagree after 2 "
                             "epochs; the order replay does not work with this scikit-learn version")
        return "fit() with ReplayOrder == partial_fit per epoch, bit for bit, after 2 epochs"

    def describe(self):
        params = self._for_fit(self._new(self.w.inits[0][1]), self.w.epochs).get_params()
        return {"engine_version": "scikit-learn " + self.sklearn.__version__,
                "sklearn_version": self.sklearn.__version__,
                "get_params": {k: v if isinstance(v, (int, float, str, bool, type(None), tuple)) else repr(v)
                               for k, v in sorted(params.items())},
                "training_loss": self.training_loss,
                "partial_fit_runs": "shuffle=False, warm_start=False, one call per epoch on the rows in its order",
                "order_check": self.order_check(),
                "optimizer": {"kind": "MLPClassifier solver=sgd", "lr": self.w.lr, "momentum": params["momentum"],
                              "nesterov": params["nesterovs_momentum"], "weight_decay": params["alpha"],
                              "batch": params["batch_size"], "dtype": "float32"}}


class NotExpressible(Exception):
    pass


def main():
    args = peer_common.common_args(__doc__.splitlines()[0]).parse_args()
    w = peer_common.Workload(args.dir)
    try:
        engine = SklearnEngine(w)
    except NotExpressible as e:
        import json
        print(json.dumps({"engine": "sklearn", "workload": args.workload, "threads": args.threads,
                          "skipped": "not expressible: %s" % e, "runs": []}))
        return
    if args.check_only:
        import json
        print(json.dumps({"engine": "sklearn", "checks": peer_common.check_inits(engine, w),
                          "details": engine.describe()}))
        return
    peer_common.run(engine, w, args)


if __name__ == "__main__":
    main()
