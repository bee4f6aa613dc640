#!/usr/bin/python3
"""Charts of `spacetime bench peers` with Debian's python3-matplotlib, from the peers.json the bench wrote:

  training-time.png     grouped bars: training time per workload (groups) and engine (bars), each engine at its best
                        thread setting, log scale, min-max as error bars, the value on each bar
  accuracy-vs-time.png  one panel per workload: test accuracy (XOR: share of converged seeds) against training time;
                        † marks a peer that trains another loss (scikit-learn on XOR: log-loss)
"""
import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402

ENGINES = ["spacetime", "numpy", "sklearn", "pytorch"]
COLORS = {"spacetime": "#1b7837", "numpy": "#4575b4", "sklearn": "#f46d43", "pytorch": "#762a83"}


def fmt(s):
    if s < 1e-3:
        return "%.3g µs" % (s * 1e6)
    if s < 1:
        return "%.3g ms" % (s * 1e3)
    return "%.3g s" % s


def best_rows(data):
    rows = {}
    for r in data["rows"]:
        if r.get("best") and r.get("train_s_median") is not None:
            rows[(r["workload"], r["engine"])] = r
    return rows


def footer(data):
    m = data["machine"]
    return "%s, %s cores; load average %s (start) / %s (end)" % (m.get("cpu"), m.get("cores"),
                                                                m.get("load_average_start"), m.get("load_average_end"))


def training_time(data, rows, out):
    workloads = [w["workload"] for w in data["workloads"]]
    engines = [e for e in ENGINES if any((w, e) in rows for w in workloads)]
    width = 0.8 / max(1, len(engines))
    fig, ax = plt.subplots(figsize=(2.6 * len(workloads) + 2, 5))
    for i, e in enumerate(engines):
        xs, ys, lo, hi = [], [], [], []
        for j, w in enumerate(workloads):
            r = rows.get((w, e))
            if r is None:
                continue
            xs.append(j + (i - (len(engines) - 1) / 2) * width)
            ys.append(r["train_s_median"])
            lo.append(r["train_s_median"] - (r.get("train_s_min") or r["train_s_median"]))
            hi.append((r.get("train_s_max") or r["train_s_median"]) - r["train_s_median"])
        bars = ax.bar(xs, ys, width, label=e, color=COLORS.get(e), yerr=[lo, hi], capsize=2)
        for b, y, h in zip(bars, ys, hi):
            ax.annotate(fmt(y), (b.get_x() + b.get_width() / 2, y + h), textcoords="offset points", xytext=(0, 3),
                        ha="center", va="bottom", fontsize=7, rotation=90)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
    ax.yaxis.set_minor_formatter(NullFormatter())
    lo_, hi_ = ax.get_ylim()
    ax.set_ylim(lo_, hi_ * 8)  # room for the labels
    ax.set_xticks(range(len(workloads)))
    ax.set_xticklabels(workloads)
    ax.set_ylabel("training time (median; log scale)")
    ax.set_title("Training time per workload and engine (each at its best thread setting)")
    ax.legend(ncol=len(engines), loc="upper center", fontsize=8)
    fig.text(0.01, 0.01, footer(data), fontsize=7)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    path = os.path.join(out, "training-time.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def accuracy_vs_time(data, rows, out):
    workloads = [w["workload"] for w in data["workloads"]]
    fig, axes = plt.subplots(1, len(workloads), figsize=(3.6 * len(workloads), 3.8), squeeze=False)
    for ax, w in zip(axes[0], workloads):
        for k, e in enumerate(ENGINES):
            r = rows.get((w, e))
            if r is None:
                continue
            if w == "xor":
                y = 100.0 * (r.get("converged") or 0) / max(1, r.get("seeds") or 1)
            else:
                y = 100.0 * r["test_accuracy"]
            ax.scatter([r["train_s_median"]], [y], color=COLORS.get(e), s=40, label=e)
            label = e + (" †" if str(r.get("status", "")).startswith("ok; trains") else "")
            ax.annotate(label, (r["train_s_median"], y), textcoords="offset points", xytext=(4, 4 - 9 * k), fontsize=7)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
        ax.xaxis.set_minor_formatter(NullFormatter())
        lo_, hi_ = ax.get_xlim()
        ax.set_xlim(lo_ / 2, hi_ * 2)
        ys = [c.get_offsets()[0][1] for c in ax.collections]
        if ys:
            ax.set_ylim(max(0, min(ys) - 2), min(100, max(ys) + 2) + 0.5)
        ax.set_title(w, fontsize=9)
        ax.set_xlabel("training time (log)")
        ax.set_ylabel("converged seeds, %" if w == "xor" else "test accuracy, %")
        ax.grid(True, alpha=0.3)
    fig.text(0.01, 0.01, footer(data), fontsize=7)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    path = os.path.join(out, "accuracy-vs-time.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(args.json, encoding="utf-8") as f:
        data = json.load(f)
    rows = best_rows(data)
    print(json.dumps({"files": [training_time(data, rows, args.out), accuracy_vs_time(data, rows, args.out)]}))


if __name__ == "__main__":
    main()
