#!/usr/bin/python3
"""Analysis of the CiMNet reproduction runs (scripts/reproduce_cimnet.sh).

Subcommands:
  baseline-genome DATA_CSV
      Print the most accurate measured network (ties: first row) as a compact
      genome 'ks=..;e=..;d=..' and its top-1.
  select-networks OUT_CSV MAX FRONT_CSV...
      Union of the networks on the given fronts (by gene columns), at most
      MAX of them spread evenly over accuracy, written with gene columns.
  report RESULTS_DIR
      Iso-accuracy cycle reductions of every mode over the baseline, per
      seed and summarised; worst-case regrets of the joint-front hardware;
      min/median/max-cycles joint points' hardware normalised to the default.
      Writes RESULTS_DIR/report.md and RESULTS_DIR/report.json.
"""
import csv
import json
import math
import os
import statistics
import sys

GENES = [f"ks{i}" for i in range(20)] + [f"e{i}" for i in range(20)] + \
    [f"d{i}" for i in range(5)]
HW_PARAMS = ["rows", "cols", "cores", "arrays_per_core", "gb_bytes", "lb_bytes",
             "gb_bytes_per_cycle", "lb_bytes_per_cycle", "vector_lanes_per_core"]
MODES = [("model_default", "(b) model-only, default hardware"),
         ("model_best", "(c) model-only, best single hardware"),
         ("joint", "(d) joint")]
# Iso-accuracy levels: points below the baseline's top-1 (0.1 = "within 0.1").
LEVELS = [0.1, 0.5, 1.0, 2.0]


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def compact(row):
    def values(prefix, n):
        return ",".join("0" if row[f"{prefix}{i}"] in ("-", "") else
                        row[f"{prefix}{i}"] for i in range(n))
    return "ks=%s;e=%s;d=%s" % (values("ks", 20), values("e", 20), values("d", 5))


def baseline_genome(data_csv):
    rows = read(data_csv)
    best = max(rows, key=lambda r: float(r["top1"]))  # max keeps the first tie
    print(compact(best), best["top1"])


def select_networks(out_csv, limit, fronts):
    seen = {}
    for path in fronts:
        for r in read(path):
            key = tuple(r[g] for g in GENES)
            seen.setdefault(key, float(r["accuracy"]))
    items = sorted(seen.items(), key=lambda kv: kv[1])
    if len(items) > limit:
        step = (len(items) - 1) / (limit - 1)
        items = [items[round(i * step)] for i in range(limit)]
    with open(out_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(GENES + ["accuracy"])
        for key, acc in items:
            w.writerow(list(key) + [acc])
    print("selected %d of %d front networks" % (len(items), len(seen)))


def front_points(run_dir, measured_only):
    pts = []
    for r in read(os.path.join(run_dir, "front.csv")):
        if measured_only and r["accuracy_source"] != "measured":
            continue
        pts.append((float(r["accuracy"]), int(r["cycles"]), r))
    return pts


def best_cycles_at(points, accuracy):
    """Fewest cycles among points with at least `accuracy` (None if none).
    With measured_only the front file is the all-points front filtered, so
    this is a lower bound search over the measured front members."""
    ok = [c for a, c, _ in points if a >= accuracy]
    return min(ok) if ok else None


def measured_front(run_dir):
    """Non-dominated measured points of the whole archive."""
    pts = [(float(r["accuracy"]), int(r["cycles"]), r)
           for r in read(os.path.join(run_dir, "evaluations.csv"))
           if r["accuracy_source"] == "measured"]
    return [p for p in pts
            if not any((q[0] >= p[0] and q[1] <= p[1]) and
                       (q[0] > p[0] or q[1] < p[1]) for q in pts)]


def spread(values):
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    return {"mean": statistics.mean(vals),
            "std": statistics.stdev(vals) if len(vals) > 1 else 0.0,
            "min": min(vals), "max": max(vals), "n": len(vals),
            "missing": len(values) - len(vals)}


def fmt(s):
    if s is None:
        return "none"
    text = "%.2fx (%.2f-%.2f, sd %.2f)" % (s["mean"], s["min"], s["max"], s["std"])
    if s["missing"]:
        text += ", %d seed(s) without a point" % s["missing"]
    return text


def report(results):
    base = read(os.path.join(results, "baseline.csv"))[0]
    base_acc, base_cycles = float(base["accuracy"]), int(base["cycles"])
    default_hw = json.load(open(os.path.join(results, "default_hardware.json")))
    seeds = sorted(d for d in os.listdir(os.path.join(results, "joint"))
                   if d.startswith("seed"))
    out = {"baseline": {"subnet": base["subnet"], "accuracy": base_acc,
                        "accuracy_source": base["accuracy_source"],
                        "cycles": base_cycles}, "seeds": seeds, "modes": {}}
    lines = ["| mode | accuracy points | " +
             " | ".join("acc >= %.2f (-%s)" % (base_acc - l, l) for l in LEVELS) + " |",
             "|---|---|" + "---|" * len(LEVELS)]
    for mode, title in MODES:
        entry = {}
        for kind in ("all", "measured"):
            per_level = {}
            for level in LEVELS:
                values = []
                for seed in seeds:
                    run = os.path.join(results, mode, seed)
                    pts = (front_points(run, False) if kind == "all"
                           else measured_front(run))
                    best = best_cycles_at(pts, base_acc - level)
                    values.append(None if best is None else base_cycles / best)
                per_level[str(level)] = {"per_seed": values, "summary": spread(values)}
            entry[kind] = per_level
            lines.append("| %s | %s | " % (title, "measured + predicted" if kind == "all"
                                           else "measured only") +
                         " | ".join(fmt(per_level[str(l)]["summary"]) for l in LEVELS) + " |")
        out["modes"][mode] = entry

    # Hardware on the joint fronts: min / median / max cycles points of the
    # union of the joint fronts, normalised to the default configuration.
    joint = []
    for seed in seeds:
        joint += front_points(os.path.join(results, "joint", seed), False)
    joint.sort(key=lambda p: p[1])
    picks = {"min": joint[0], "median": joint[len(joint) // 2], "max": joint[-1]}
    default = {"rows": default_hw["array"]["rows"], "cols": default_hw["array"]["cols"],
               "cores": default_hw["array"]["cores"],
               "arrays_per_core": default_hw["array"]["arrays_per_core"],
               "gb_bytes": default_hw["memory"]["gb_bytes"],
               "lb_bytes": default_hw["memory"]["lb_bytes"],
               "gb_bytes_per_cycle": default_hw["memory"]["gb_bytes_per_cycle"],
               "lb_bytes_per_cycle": default_hw["memory"]["lb_bytes_per_cycle"],
               "vector_lanes_per_core": default_hw["vector"]["lanes_per_core"]}
    hw_lines = ["| joint point | accuracy | cycles | " + " | ".join(HW_PARAMS) + " |",
                "|---|---|---|" + "---|" * len(HW_PARAMS)]
    out["joint_hardware"] = {}
    for name, (acc, cyc, row) in picks.items():
        ratios = {p: int(row[p]) / default[p] for p in HW_PARAMS}
        out["joint_hardware"][name] = {"accuracy": acc, "cycles": cyc,
                                       "source": row["accuracy_source"],
                                       "normalized": ratios}
        hw_lines.append("| %s | %.3f (%s) | %d | " % (name, acc, row["accuracy_source"], cyc) +
                        " | ".join("%.3g" % ratios[p] for p in HW_PARAMS) + " |")

    # Worst-case regret of each configuration on the joint fronts.
    regret_lines = []
    regret_path = os.path.join(results, "regret", "regret.csv")
    if os.path.exists(regret_path):
        table = read(regret_path)
        hw_cols = [k for k in table[0] if k.startswith("hw_")]
        regret_lines = ["| configuration | on a joint front | chosen | worst-case regret | mean regret |",
                        "|---|---|---|---|---|"]
        shown = [r for r in table if r["on_input_front"] == "1" or r["chosen"] == "1"]
        shown.sort(key=lambda r: float(r["worst_regret"]))
        for r in shown:
            regret_lines.append("| %s | %s | %s | %.1f%% | %.1f%% |" % (
                " ".join(r[c] for c in hw_cols), "yes" if r["on_input_front"] == "1" else "no",
                "yes" if r["chosen"] == "1" else "", 100 * float(r["worst_regret"]),
                100 * float(r["mean_regret"])))
        out["regret"] = [{c: r[c] for c in hw_cols + ["worst_regret", "mean_regret",
                                                      "on_input_front", "chosen"]}
                         for r in shown]

    text = ["Baseline (a): most accurate measured network %s, top-1 %.3f (%s), "
            "%d cycles on the default hardware." % (base["subnet"], base_acc,
                                                     base["accuracy_source"], base_cycles),
            "", "Cycle reduction over the baseline at iso-accuracy (mean over %d seeds, "
            "(min-max, sd)); a point counts when its top-1 is at least the column's level:"
            % len(seeds), ""] + lines + ["", "Hardware of the joint fronts' min / median / "
                                         "max-cycles points, normalised to the default:",
                                         ""] + hw_lines
    if regret_lines:
        text += ["", "Worst-case regret (cycles over each network's own best configuration, "
                 "max over the selected joint-front networks) of the configurations on "
                 "the joint fronts and of the chosen one:", ""] + regret_lines
    with open(os.path.join(results, "report.md"), "w") as f:
        f.write("\n".join(text) + "\n")
    with open(os.path.join(results, "report.json"), "w") as f:
        json.dump(out, f, indent=2)
    print("\n".join(text))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "baseline-genome" and len(argv) == 3:
        baseline_genome(argv[2])
    elif cmd == "select-networks" and len(argv) >= 5:
        select_networks(argv[2], int(argv[3]), argv[4:])
    elif cmd == "report" and len(argv) == 3:
        report(argv[2])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
