#!/usr/bin/python3
"""Plot one cim-opt-search run directory (the --out layout).

Draws the run's front (from front.csv) as a top-1 vs cycles staircase over all
its evaluations (evaluations.csv, faint), each point marked by where its
accuracy came from (accuracy_source: measured, predicted, extrapolated,
evaluated, none). A run without accuracy (hardware-only or --evaluate on a
space with no data: accuracy_source=none) is drawn as cycles per evaluation,
its fastest point(s) marked. Works for every mode (joint, model-only,
hardware-only) and space; mode and space come from summary.json when present.

  /usr/bin/python3 python/plot_run.py RUN_DIR [-o OUT.png|OUT.pdf] [--title T] [--summary]

--summary prints, per accuracy source, how many evaluations and how many front
points carry it (lines 'source NAME evaluations N front M'). Errors (not a run
directory, unreadable or malformed CSV, unknown output type) are one line on
stderr and exit status 1.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cimplot  # noqa: E402

PROG = "plot_run.py"
NEEDED = ["accuracy", "accuracy_source", "cycles"]


class RunError(Exception):
    pass


def load_csv(path):
    try:
        header, rows = cimplot.read_csv(path)
    except OSError as e:
        raise RunError("cannot read %s: %s" % (path, e.strerror))
    except (UnicodeDecodeError, ValueError) as e:
        raise RunError("%s: not a CSV file: %s" % (path, e))
    missing = [c for c in NEEDED if c not in header]
    if missing:
        raise RunError("%s: missing column(s) %s (not a cim-opt-search CSV)"
                       % (path, ", ".join(missing)))
    for line, row in enumerate(rows, start=2):
        try:
            int(row["cycles"])
            cimplot.accuracy(row)
        except (TypeError, ValueError):
            raise RunError("%s:%d: expected a cycles count and an accuracy, found "
                           "cycles '%s', accuracy '%s'" % (path, line, row["cycles"],
                                                           row["accuracy"]))
    return rows


def load_run(run_dir):
    if not os.path.isdir(run_dir):
        raise RunError("%s: not a directory" % run_dir)
    evaluations = os.path.join(run_dir, "evaluations.csv")
    if not os.path.isfile(evaluations):
        raise RunError("%s: not a cim-opt-search run directory (no evaluations.csv)"
                       % run_dir)
    run = {"evaluations": load_csv(evaluations), "front": None, "settings": {}}
    front = os.path.join(run_dir, "front.csv")
    if os.path.isfile(front):  # absent while a run is unfinished
        run["front"] = load_csv(front)
    summary = os.path.join(run_dir, "summary.json")
    if os.path.isfile(summary):
        try:
            with open(summary) as f:
                run["settings"] = json.load(f).get("settings", {})
        except (OSError, ValueError) as e:
            raise RunError("%s: cannot read: %s" % (summary, e))
    return run


def summary_lines(run):
    front = run["front"] or []
    evaluations = {}
    on_front = {}
    for r in run["evaluations"]:
        evaluations[r["accuracy_source"]] = evaluations.get(r["accuracy_source"], 0) + 1
    for r in front:
        on_front[r["accuracy_source"]] = on_front.get(r["accuracy_source"], 0) + 1
    settings = run["settings"]
    lines = ["mode %s, space %s" % (settings.get("mode", "unknown"),
                                     settings.get("supernet", "unknown")),
             "evaluations %d, front %s" % (len(run["evaluations"]),
                                           len(front) if run["front"] is not None
                                           else "missing (no front.csv)")]
    for source in cimplot.source_order(list(evaluations) + list(on_front)):
        lines.append("source %s evaluations %d front %d"
                     % (source, evaluations.get(source, 0), on_front.get(source, 0)))
    return lines


def default_title(run, run_dir):
    settings = run["settings"]
    name = os.path.basename(os.path.normpath(os.path.abspath(run_dir)))
    parts = [settings.get("supernet"), settings.get("mode")]
    if settings.get("seed") is not None:
        parts.append("seed %s" % settings["seed"])
    described = ", ".join(p for p in parts if p)
    return "%s: %s" % (name, described) if described else name


def plot(run, out, title):
    plt = cimplot.pyplot()
    evaluations = run["evaluations"]
    front = run["front"] or []
    fig, ax = plt.subplots(figsize=(7.5, 5))
    with_accuracy = [r for r in evaluations if cimplot.accuracy(r) is not None]
    sources = set(r["accuracy_source"] for r in evaluations + front)
    faint = dict(s=12, alpha=0.25, zorder=2, linewidths=0.8)
    strong = dict(s=40, alpha=0.95, zorder=4, linewidths=1.2)
    line_handles = []
    if with_accuracy:
        cimplot.scatter_by_source(
            ax, [(int(r["cycles"]), cimplot.accuracy(r), r["accuracy_source"])
                 for r in with_accuracy], "0.45", **faint)
        pts = [(int(r["cycles"]), cimplot.accuracy(r), r["accuracy_source"])
               for r in front if cimplot.accuracy(r) is not None]
        cimplot.scatter_by_source(ax, pts, "tab:blue", **strong)
        stairs = cimplot.staircase([(c, a) for c, a, _ in pts])
        if stairs:
            xs, ys = cimplot.step_xy(stairs)
            line_handles += ax.plot(xs, ys, color="tab:blue", linewidth=1.5, zorder=3,
                                    label="front (%d point%s)" % (
                                        len(front), "" if len(front) == 1 else "s"))
        ax.set_xscale("log")
        ax.set_xlabel("cycles per inference (log scale)")
        ax.set_ylabel("top-1 accuracy (%)")
    else:
        # No accuracy anywhere: cycles is the only objective.
        index = {r.get("eval_idx"): i for i, r in enumerate(evaluations)}
        cimplot.scatter_by_source(
            ax, [(i, int(r["cycles"]), r["accuracy_source"])
                 for i, r in enumerate(evaluations)], "0.45", **faint)
        cimplot.scatter_by_source(
            ax, [(index.get(r.get("eval_idx"), 0), int(r["cycles"]), r["accuracy_source"])
                 for r in front], "tab:blue", **strong)
        if evaluations:
            best, xs, ys = None, [], []
            for i, r in enumerate(evaluations):
                c = int(r["cycles"])
                best = c if best is None else min(best, c)
                xs.append(i)
                ys.append(best)
            line_handles += ax.step(xs, ys, where="post", color="tab:blue", linewidth=1.5,
                                    label="fewest cycles so far")
            ax.set_yscale("log")
        ax.set_xlabel("evaluation (in evaluation order)")
        ax.set_ylabel("cycles per inference (log scale)")
    if not evaluations:
        ax.text(0.5, 0.5, "no evaluations", transform=ax.transAxes,
                ha="center", va="center", color="0.4")
    elif run["front"] is None:
        ax.text(0.5, 0.95, "no front.csv (unfinished run): evaluations only",
                transform=ax.transAxes, ha="center", va="top", color="0.4")
    elif not front:
        ax.text(0.5, 0.95, "empty front", transform=ax.transAxes,
                ha="center", va="top", color="0.4")
    handles = line_handles + cimplot.provenance_handles(sources)
    if evaluations:
        from matplotlib.lines import Line2D
        handles.append(Line2D([], [], linestyle="none", marker="o", color="0.45",
                              alpha=0.4, label="all %d evaluations (faint)" % len(evaluations)))
    if handles:
        ax.legend(handles=handles, loc="best", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, format=os.path.splitext(out)[1][1:].lower(),
                **({"dpi": 150} if out.lower().endswith(".png") else {}))
    plt.close(fig)


def main(argv):
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__.split("\n\n")[0],
        epilog="Example: /usr/bin/python3 python/plot_run.py results/quickstart "
               "-o front.png --summary")
    parser.add_argument("run_dir", metavar="RUN_DIR",
                        help="a cim-opt-search --out directory")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="output file, .png or .pdf (default RUN_DIR/front.png)")
    parser.add_argument("--title", help="plot title (default: directory, space, mode, seed)")
    parser.add_argument("--summary", action="store_true",
                        help="print the number of evaluations and front points per "
                             "accuracy source")
    args = parser.parse_args(argv)
    out = args.output or os.path.join(args.run_dir, "front.png")
    try:
        if os.path.splitext(out)[1].lower() not in (".png", ".pdf"):
            raise RunError("%s: unknown output type (expected .png or .pdf)" % out)
        run = load_run(args.run_dir)
        if args.summary:
            print("\n".join(summary_lines(run)))
        plot(run, out, args.title if args.title is not None
             else default_title(run, args.run_dir))
    except RunError as e:
        print("%s: error: %s" % (PROG, e), file=sys.stderr)
        return 1
    except OSError as e:
        print("%s: error: %s: %s" % (PROG, e.filename or out, e.strerror), file=sys.stderr)
        return 1
    print("wrote %s" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
