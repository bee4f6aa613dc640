#!/usr/bin/python3
"""What every peer script of `spacetime bench mnist` and `spacetime bench peers` shares: the export loader, the
protocol driver (check, warm-up, timed repeats, per-epoch evaluation, inference latency) and the facts every
result carries (BLAS kernel, timer, peak RSS). NumPy only; the engines (peer_numpy, peer_sklearn, peer_torch)
plug into run() through a small adapter:

  fresh(init)                       a model holding the initial tensors of one init (untimed)
  train(state, epochs)              the timed training loop: epochs 0..epochs-1 in the exported order
  train_epoch(state, e, record, max_steps)
                                    one epoch (record: append each step's loss; max_steps: stop early)
  outputs(state, x)                 network outputs, float64: softmax probabilities, or the sigmoid output [n x 1]
  predict(state, x)                 predicted classes: the timed inference call
  describe()                        engine facts (versions, every optimizer option)

Export layout (written by dev.spacetime.bench.mnist.PeerExport): manifest.json; train_x.f32 [n x f], train_y.i32,
test_x.f32, test_y.i32; order.i32 [epochs x n] (absent for full-batch training: the rows in data order); per init
the tensors <layer>.W.f32 [in x out] (the engine's layout, row-major) and <layer>.b.f32 [out], in the init's folder
(manifest "inits"; without it one init in the export folder itself). A layer with "repeat": D is applied D times
with the same (tied) weights: RecursiveNet's shared layer.
"""
import json
import os
import platform
import resource
import sys
import time

import numpy as np

F32 = np.dtype("<f4")
TRIAL_FACTOR = 3.0
I32 = np.dtype("<i4")


class Workload:
    """The exported workload: rows, labels, the inits (seed, [(W [in x out], b)]), the order, the training set-up."""

    def __init__(self, d):
        with open(os.path.join(d, "manifest.json"), encoding="utf-8") as f:
            m = json.load(f)
        if m.get("format") != "spacetime-peer-export" or m.get("version") != 1:
            raise SystemExit("%s: not a version-1 spacetime peer export (format=%r, version=%r)"
                             % (d, m.get("format"), m.get("version")))
        self.m = m
        self.dir = d
        n, t, feat = m["n_train"], m["n_test"], m["features"]
        self.x = self._arr(m["train_x"], F32, (n, feat))
        self.y = self._arr(m["train_y"], I32, (n,))
        self.xt = self._arr(m["test_x"], F32, (t, feat))
        self.yt = self._arr(m["test_y"], I32, (t,))
        self.layers = m["layers"]
        inits = m.get("inits") or [{"seed": m["seed"], "dir": "."}]
        self.inits = [(i["seed"], [(self._arr(os.path.join(i["dir"], l["weight"]), F32, (l["in"], l["out"])),
                                    self._arr(os.path.join(i["dir"], l["bias"]), F32, (l["out"],)))
                                   for l in self.layers]) for i in inits]
        self.order = None if m.get("order") is None else self._arr(m["order"], I32, (m["epochs"], n))
        self.batch = min(m["batch"], n)
        self.full_batch = self.batch == n
        self.lr = m["lr"]
        self.epochs = m["epochs"]
        self.loss = m.get("loss_id", "softmax-cross-entropy")
        self.classes = m["classes"]
        self.n = n

    def _arr(self, name, dtype, shape):
        a = np.fromfile(os.path.join(self.dir, name), dtype=dtype)
        want = int(np.prod(shape))
        if a.size != want:
            raise SystemExit("%s holds %d values, the manifest says %s = %d" % (name, a.size, shape, want))
        return a.reshape(shape)

    def epoch_rows(self, e):
        """Row indices of epoch e (0-based) in visiting order, or None for full batch (all rows in data order)."""
        return None if self.order is None else self.order[e]

    def first_batch(self):
        return np.arange(self.batch) if self.order is None else self.order[0][:self.batch]


def load_export(d):
    """The first init of the workload in `d`: (manifest, x, y, x_test, y_test, [(W [in x out], b)], order)."""
    w = Workload(d)
    return w.m, w.x, w.y, w.xt, w.yt, w.inits[0][1], w.order


def loss_of_outputs(outputs, labels, loss):
    """The workload's loss, in float64, from network outputs: softmax probabilities (cross-entropy, mean over the
    rows) or the sigmoid output [n x 1] against the 0/1 label (squared error, mean over the rows)."""
    o = np.asarray(outputs, dtype=np.float64)
    labels = np.asarray(labels)
    if loss == "mse":
        return float(np.mean((o[:, 0] - labels) ** 2))
    return float(-np.mean(np.log(np.maximum(o[np.arange(len(labels)), labels], 1e-300))))


def accuracy_of_outputs(outputs, labels, loss):
    o = np.asarray(outputs)
    pred = (o[:, 0] > 0.5).astype(np.int64) if loss == "mse" else o.argmax(axis=1)
    return float(np.mean(pred == np.asarray(labels)))


def softmax64(logits):
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def blas_info():
    """What threadpoolctl sees loaded: the BLAS (and OpenMP) library, its kernel architecture and thread count."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return [{"error": "threadpoolctl is not installed (apt-get install python3-threadpoolctl)"}]
    keep = ("user_api", "internal_api", "prefix", "version", "architecture", "threading_layer", "num_threads",
            "filepath")
    return [{k: e.get(k) for k in keep if k in e} for e in threadpool_info()]


def timer_info(samples=200000):
    """time.perf_counter_ns: the resolution the OS claims, and what consecutive reads show (the smallest non-zero
    step, and the median cost of one read)."""
    info = time.get_clock_info("perf_counter")
    t = np.empty(samples, dtype=np.int64)
    for i in range(samples):
        t[i] = time.perf_counter_ns()
    d = np.diff(t)
    pos = d[d > 0]
    return {"timer": "time.perf_counter_ns (%s)" % info.implementation,
            "claimed_resolution_ns": info.resolution * 1e9,
            "observed_granularity_ns": int(pos.min()) if pos.size else None,
            "read_cost_median_ns": float(np.median(d))}


def peak_rss_bytes():
    """VmHWM of this process's memory map. Not ru_maxrss: Linux carries that over execve, so a peer started by a
    big JVM would report the JVM's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def percentile(sorted_values, q):
    """The same rank as the engine's LatencyStats: sorted[ceil(q * (n - 1))]."""
    return float(sorted_values[int(np.ceil(q * (len(sorted_values) - 1)))])


def common_args(description):
    import argparse
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--dir", required=True, help="the exported workload")
    ap.add_argument("--workload", default="", help="workload name (reported back)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--placement", default="", help="how the process was placed (reported back as given)")
    ap.add_argument("--pinned", action="store_true")
    ap.add_argument("--repeats", type=int, default=1, help="timed trainings per init")
    ap.add_argument("--warmup-epochs", type=int, default=1, help="epochs of the one untimed warm-up training")
    ap.add_argument("--with-eval", action="store_true", help="also time trainings that evaluate the test rows each epoch")
    ap.add_argument("--latency-calls", type=int, default=0, help="timed predictions of the test rows (0: none)")
    ap.add_argument("--check-steps", type=int, default=3, help="training losses of the first steps reported")
    ap.add_argument("--budget-seconds", type=float, default=0,
                    help="skip the timed trainings when the warm-up says they would take longer (0: no limit)")
    ap.add_argument("--trial-against", type=float, default=0,
                    help="the warm-up seconds of this engine on 1 thread: a warm-up more than %g times slower says "
                         "this thread setting is not the engine's best, and the timed trainings are skipped (0: off)"
                         % TRIAL_FACTOR)
    ap.add_argument("--check-only", action="store_true",
                    help="print the initial outputs and loss of every init on the first batch, and stop")
    return ap


def check_inits(engine, w):
    """Initial outputs and loss of every init on epoch 1's first batch (the same rows in every engine)."""
    rows = w.first_batch()
    out = []
    for seed, init in w.inits:
        o = engine.outputs(engine.fresh(init), w.x[rows])
        out.append({"seed": seed, "rows": int(len(rows)), "initial_outputs": np.asarray(o, np.float64).ravel().tolist(),
                    "initial_loss": loss_of_outputs(o, w.y[rows], w.loss)})
    return out


def first_steps(engine, w, init, k):
    state = engine.fresh(init)
    rec = []
    e = 0
    while len(rec) < k and e < w.epochs:
        engine.train_epoch(state, e, rec, k - len(rec))
        e += 1
    return rec[:k]


def run(engine, w, args):
    """The protocol: check, warm-up, timed trainings, optional per-epoch evaluation and inference latency; prints
    ONE JSON line on stdout (progress on stderr)."""
    name = engine.name

    def log(msg):
        print("%s %d thread(s): %s" % (name, args.threads, msg), file=sys.stderr, flush=True)

    if args.check_only:
        print(json.dumps({"engine": name, "checks": check_inits(engine, w)}))
        return

    result = {"engine": name, "workload": args.workload, "threads": args.threads, "pinned": args.pinned,
              "placement": args.placement, "repeats": args.repeats, "epochs": w.epochs, "skipped": None}
    check = {"inits": check_inits(engine, w),
             "first_step_losses": first_steps(engine, w, w.inits[0][1], args.check_steps),
             "training_loss": engine.training_loss}

    warm_epochs = max(1, min(args.warmup_epochs, w.epochs))
    state = engine.fresh(w.inits[0][1])
    t0 = time.perf_counter()
    engine.train(state, warm_epochs)
    warmup = time.perf_counter() - t0
    log("warm-up %d epoch(s) %.3f s" % (warm_epochs, warmup))
    result["warmup_seconds"] = warmup
    result["warmup_epochs"] = warm_epochs

    trainings = len(w.inits) * args.repeats * (2 if args.with_eval else 1)
    estimate = warmup / warm_epochs * w.epochs * trainings
    result["estimated_seconds"] = estimate
    runs, last_state = [], None
    if args.trial_against > 0 and warmup > TRIAL_FACTOR * args.trial_against:
        result["skipped"] = ("tried: its warm-up took %.2f s, %.1fx the %.2f s on 1 thread, so this is not the "
                             "engine's best setting; timed trainings skipped"
                             % (warmup, warmup / args.trial_against, args.trial_against))
        log("skipped: " + result["skipped"])
    elif args.budget_seconds > 0 and estimate > args.budget_seconds:
        result["skipped"] = ("the warm-up (%.2f s for %d epoch(s)) puts the %d timed trainings of %d epochs at about "
                             "%.0f s, over the budget of %.0f s" % (warmup, warm_epochs, trainings, w.epochs, estimate,
                                                                    args.budget_seconds))
        log("skipped: " + result["skipped"])
    else:
        for seed, init in w.inits:
            secs = []
            for r in range(args.repeats):
                state = engine.fresh(init)
                t0 = time.perf_counter()
                engine.train(state, w.epochs)
                secs.append(time.perf_counter() - t0)
            o = engine.outputs(state, w.xt)
            runs.append({"seed": seed, "train_seconds": secs, "test_loss": loss_of_outputs(o, w.yt, w.loss),
                         "test_accuracy": accuracy_of_outputs(o, w.yt, w.loss),
                         "final_outputs": np.asarray(o, np.float64).ravel().tolist() if w.loss == "mse" else None})
            runs[-1]["converged"] = runs[-1]["test_accuracy"] == 1.0
            if last_state is None:
                last_state = state
            log("seed %s: %s s, test accuracy %.4f" % (seed, ", ".join("%.4f" % s for s in secs),
                                                        runs[-1]["test_accuracy"]))
    result["runs"] = runs

    result["with_eval"] = None
    if args.with_eval and result["skipped"] is None:
        train_s, eval_s = [], []
        for r in range(args.repeats):
            state = engine.fresh(w.inits[0][1])
            tt = te = 0.0
            for e in range(w.epochs):
                t0 = time.perf_counter()
                engine.train_epoch(state, e, None, None)
                t1 = time.perf_counter()
                o = engine.outputs(state, w.xt)
                loss_of_outputs(o, w.yt, w.loss)
                accuracy_of_outputs(o, w.yt, w.loss)
                te += time.perf_counter() - t1
                tt += t1 - t0
            train_s.append(tt)
            eval_s.append(te)
        o = engine.outputs(state, w.xt)
        result["with_eval"] = {"train_seconds": train_s, "eval_seconds": eval_s,
                               "test_accuracy": accuracy_of_outputs(o, w.yt, w.loss)}
        log("with per-epoch evaluation: training %s s, evaluation %s s"
            % (", ".join("%.4f" % s for s in train_s), ", ".join("%.4f" % s for s in eval_s)))

    result["inference"] = None
    if args.latency_calls > 0 and last_state is not None:
        result["inference"] = latency(engine, last_state, w.xt, args.latency_calls)
        log("predicting the %d test rows: p50 %.2f us, p99 %.2f us"
            % (len(w.xt), result["inference"]["p50_us"], result["inference"]["p99_us"]))

    env_keys = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    details = {"numpy_version": np.__version__, "python": platform.python_version(),
               "python_executable": sys.executable, "blas": blas_info(),
               "affinity": sorted(os.sched_getaffinity(0)), "env": {k: os.environ.get(k) for k in env_keys},
               "timer": timer_info()}
    details.update(engine.describe())
    result["check"] = check
    result["peak_rss_bytes"] = peak_rss_bytes()
    result["details"] = details
    print(json.dumps(result))


def latency(engine, state, x, calls):
    """Predicted classes of all of x per call: max(2,000, calls / 5) untimed calls, then `calls` calls timed one by
    one with time.perf_counter_ns."""
    for _ in range(max(2000, calls // 5)):
        engine.predict(state, x)
    ns = np.empty(calls, dtype=np.int64)
    clock = time.perf_counter_ns
    for i in range(calls):
        t0 = clock()
        engine.predict(state, x)
        ns[i] = clock() - t0
    ns.sort()
    return {"rows": int(len(x)), "calls": calls, "p50_us": percentile(ns, 0.50) / 1e3,
            "p99_us": percentile(ns, 0.99) / 1e3, "mean_us": float(ns.mean()) / 1e3,
            "timer": "time.perf_counter_ns"}
