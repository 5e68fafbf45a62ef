#!/usr/bin/python3
"""Plot the fronts of the CiMNet reproduction (scripts/reproduce_cimnet.sh).

usage: plot_fronts.py RESULTS_DIR [OUTPUT_STEM]
       plot_fronts.py RESULTS_DIR --energy [OUTPUT_STEM]
Draws, for every mode, the non-dominated (cycles, top-1) staircase of the
union of its seeds' fronts, the per-seed front points faintly, each marked by
its accuracy source (python/cimplot.py: measured filled, predicted hollow,
...), and the baseline as a star. With --energy, the same for the energy
legs (RESULTS_DIR/energy and RESULTS_DIR/edp): (energy, top-1) and (EDP,
top-1) side by side.
Writes OUTPUT_STEM.png and OUTPUT_STEM.pdf (default RESULTS_DIR/fronts or
RESULTS_DIR/fronts_energy).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cimplot  # noqa: E402

MODES = [("model_default", "(b) model-only, default hardware", "tab:blue"),
         ("model_best", "(c) model-only, best single hardware", "tab:orange"),
         ("joint", "(d) joint model + hardware", "tab:green")]
# The energy legs: results subdirectory, front column, axis label.
ENERGY_LEGS = [("energy", "energy_pj", "energy per inference (pJ, log scale)"),
               ("edp", "edp_pj_us", "energy-delay product (pJ x us, log scale)")]


def read(path):
    return cimplot.read_csv(path)[1]


def draw(ax, results, column, base):
    """Every mode's staircase of (column, top-1) over its seeds' fronts."""
    sources = set()
    for mode, label, color in MODES:
        mode_dir = os.path.join(results, mode)
        if not os.path.isdir(mode_dir):
            continue
        points = []
        for seed in sorted(os.listdir(mode_dir)):
            for r in read(os.path.join(mode_dir, seed, "front.csv")):
                points.append((float(r[column]), float(r["accuracy"]), r["accuracy_source"]))
        sources.update(cimplot.scatter_by_source(ax, points, color, s=14, alpha=0.35))
        xs, ys = cimplot.step_xy(cimplot.staircase([(c, a) for c, a, _ in points]))
        ax.plot(xs, ys, color=color, label=label, linewidth=1.6)
    ax.scatter(float(base[column]), float(base["accuracy"]), marker="*", s=220,
               color="black", zorder=5, label="(a) baseline: most accurate measured, default hw")
    ax.set_xscale("log")
    ax.set_ylabel("ImageNet top-1 (%)")
    ax.grid(True, which="both", alpha=0.3)
    return sources


def save(fig, stem):
    fig.tight_layout()
    fig.savefig(stem + ".png", dpi=150)
    fig.savefig(stem + ".pdf", metadata={"CreationDate": None})  # same input, same bytes
    print("wrote %s.png and %s.pdf" % (stem, stem))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    results = argv[1]
    if argv[2:3] == ["--energy"]:
        return energy_main(results, argv[3] if len(argv) > 3 else
                           os.path.join(results, "fronts_energy"))
    stem = argv[2] if len(argv) > 2 else os.path.join(results, "fronts")
    base = read(os.path.join(results, "baseline.csv"))[0]
    plt = cimplot.pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 5))
    sources = draw(ax, results, "cycles", base)
    ax.set_xlabel("cycles per inference (log scale)")
    ax.set_title("OFA-MobileNetV3 x CiM hardware: fronts over all seeds")
    handles = ax.get_legend_handles_labels()[0] + cimplot.provenance_handles(sources)
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    save(fig, stem)
    return 0


def energy_main(results, stem):
    """The energy legs: (energy, top-1) and (EDP, top-1) side by side."""
    base = read(os.path.join(results, "baseline.csv"))[0]
    plt = cimplot.pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    sources = set()
    for ax, (leg, column, label) in zip(axes, ENERGY_LEGS):
        sources |= draw(ax, os.path.join(results, leg), column, base)
        ax.set_xlabel(label)
        ax.set_title("objectives: accuracy, %s (energy hardware space)" % leg)
    handles = axes[0].get_legend_handles_labels()[0] + cimplot.provenance_handles(sources)
    axes[0].legend(handles=handles, loc="lower right", fontsize=8)
    save(fig, stem)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
