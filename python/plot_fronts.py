#!/usr/bin/python3
"""Plot the fronts of the CiMNet reproduction (scripts/reproduce_cimnet.sh).

usage: plot_fronts.py RESULTS_DIR [OUTPUT_STEM]
Draws, for every mode, the non-dominated (cycles, top-1) staircase of the
union of its seeds' fronts, the per-seed front points faintly, measured
points filled and predicted ones hollow, and the baseline as a star.
Writes OUTPUT_STEM.png and OUTPUT_STEM.pdf (default RESULTS_DIR/fronts).
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MODES = [("model_default", "(b) model-only, default hardware", "tab:blue"),
         ("model_best", "(c) model-only, best single hardware", "tab:orange"),
         ("joint", "(d) joint model + hardware", "tab:green")]


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def staircase(points):
    pts = sorted(points, key=lambda p: (p[0], -p[1]))
    front, best = [], float("-inf")
    for c, a in pts:
        if a > best:
            front.append((c, a))
            best = a
    return front


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    results = argv[1]
    stem = argv[2] if len(argv) > 2 else os.path.join(results, "fronts")
    base = read(os.path.join(results, "baseline.csv"))[0]
    fig, ax = plt.subplots(figsize=(7.5, 5))
    for mode, label, color in MODES:
        mode_dir = os.path.join(results, mode)
        if not os.path.isdir(mode_dir):
            continue
        union = []
        for seed in sorted(os.listdir(mode_dir)):
            rows = read(os.path.join(mode_dir, seed, "front.csv"))
            for r in rows:
                c, a = int(r["cycles"]), float(r["accuracy"])
                union.append((c, a))
                ax.scatter(c, a, s=14, color=color, alpha=0.35,
                           facecolors=color if r["accuracy_source"] == "measured" else "none")
        front = staircase(union)
        xs, ys = [], []
        for c, a in front:
            if xs:
                xs.append(c)
                ys.append(ys[-1])
            xs.append(c)
            ys.append(a)
        ax.plot(xs, ys, color=color, label=label, linewidth=1.6)
    ax.scatter(int(base["cycles"]), float(base["accuracy"]), marker="*", s=220,
               color="black", zorder=5, label="(a) baseline: most accurate measured, default hw")
    ax.set_xscale("log")
    ax.set_xlabel("cycles per inference (log scale)")
    ax.set_ylabel("ImageNet top-1 (%)  [filled: measured, hollow: ridge-predicted]")
    ax.set_title("OFA-MobileNetV3 x CiM hardware: fronts over all seeds")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(stem + ".png", dpi=150)
    fig.savefig(stem + ".pdf")
    print("wrote %s.png and %s.pdf" % (stem, stem))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
