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
  doc-blocks RESULTS_DIR
      Print the generated blocks of docs/results.md computed from RESULTS_DIR
      (with the energy legs' blocks: iso-accuracy energy and EDP reductions,
      RESULTS_DIR/energy and RESULTS_DIR/edp)
      (python/docgen.py writes them into the doc; scripts/regen_docs.sh --long).
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


def commas(n):
    return "{:,}".format(n)


def seed_runs(results, mode):
    mode_dir = os.path.join(results, mode)
    return [os.path.join(mode_dir, d) for d in sorted(os.listdir(mode_dir))
            if d.startswith("seed")]


def seed_range(dirs):
    seeds = [int(os.path.basename(d)[4:]) for d in dirs]
    if seeds == list(range(seeds[0], seeds[0] + len(seeds))):
        return "%d-%d" % (seeds[0], seeds[-1]) if len(seeds) > 1 else str(seeds[0])
    return ", ".join(map(str, seeds))


def summary_of(run):
    with open(os.path.join(run, "summary.json")) as f:
        return json.load(f)


def level_text(level):
    return "%g" % level


def cell(summary, seeds):
    text = "%.2fx (%.2f-%.2f, sd %.2f)" % (summary["mean"], summary["min"],
                                           summary["max"], summary["std"])
    if summary["missing"]:
        text += "; %d of %d seeds reach the level" % (summary["n"], seeds)
    return text


def hw_label(row):
    return "%s / %s cores / %s / %s" % (row["hw_array_shape"], row["hw_cores"],
                                        row["hw_gb_sram_percent"],
                                        row["hw_gb_bandwidth_percent"])


def doc_blocks(results):
    """The generated blocks of docs/results.md, by name, from a results
    directory of scripts/reproduce_cimnet.sh."""
    blocks = {}
    base = read(os.path.join(results, "baseline.csv"))[0]
    base_acc, base_cycles = float(base["accuracy"]), int(base["cycles"])
    runs = {mode: seed_runs(results, mode) for mode, _ in MODES}
    summaries = {mode: [summary_of(r) for r in runs[mode]] for mode, _ in MODES}
    first = summaries["joint"][0]
    ref_acc, ref_cycles = first["hypervolume_reference_point"]
    nseeds = len(runs["joint"])
    seeds_text = seed_range(runs["joint"])
    evaluations = {m: sum(s["evaluations"] for s in summaries[m]) for m, _ in MODES}
    total = sum(evaluations.values())
    per_run = sorted(set(s["evaluations"] for m, _ in MODES for s in summaries[m]))

    # Joint-front networks and the regret table's inputs.
    joint_rows = []
    for run in runs["joint"]:
        joint_rows += read(os.path.join(run, "front.csv"))
    union = {tuple(r[g] for g in GENES) for r in joint_rows}
    selected = read(os.path.join(results, "regret", "networks.csv"))
    sel_acc = [float(r["accuracy"]) for r in selected]
    regret_sims = len(read(os.path.join(results, "regret", "regret_cycles.csv")))
    regret = read(os.path.join(results, "regret", "regret.csv"))
    blocks["reproduction-runs"] = "\n".join([
        "Settings read from the runs: population %d, %d generations (%s evaluations "
        "per run), seeds %s, reference point top-1 %g %%, %s cycles (2 x the "
        "baseline's)." % (first["population"], first["generations_run"],
                          " / ".join(commas(n) for n in per_run), seeds_text, ref_acc,
                          commas(int(ref_cycles))),
        "",
        "Budget: %s simulated candidates over the three modes plus %s simulations "
        "for the regret table (%d networks x %d configurations). The union of the "
        "%d joint fronts holds %d networks; the %d spread evenly over accuracy "
        "(%.1f to %.1f %% top-1) go into the regret table."
        % (commas(total), commas(regret_sims), len(selected), len(regret), nseeds,
           len(union), len(selected), min(sel_acc), max(sel_acc))])

    # Iso-accuracy cycle reductions.
    values = {}
    head = "| mode | " + " | ".join(
        "top-1 >= %.2f (-%s)" % (base_acc - l, level_text(l)) for l in LEVELS) + " |"
    iso = [head, "|---|" + "---|" * len(LEVELS)]
    seed_lines = ["| mode | " + " | ".join("-" + level_text(l) for l in LEVELS) + " |",
                  "|---|" + "---|" * len(LEVELS)]
    for mode, title in MODES:
        cells, per_seed = [], []
        for level in LEVELS:
            vals = []
            for run in runs[mode]:
                best = best_cycles_at(front_points(run, False), base_acc - level)
                vals.append(None if best is None else base_cycles / best)
            values[(mode, level)] = spread(vals)
            cells.append(cell(values[(mode, level)], nseeds) if values[(mode, level)]
                         else "no seed reaches the level")
            per_seed.append(", ".join("-" if v is None else "%.2f" % v for v in vals))
        iso.append("| %s | %s |" % (title, " | ".join(cells)))
        seed_lines.append("| %s | %s |" % (title.split(" ")[0], " | ".join(per_seed)))
    hv = {}
    for mode, _ in MODES:
        hv[mode] = [s["generations"][-1]["hypervolume_normalized"] for s in summaries[mode]]
    hv_text = ", ".join("%s %.3f-%.3f (mean %.3f)" % (title.split(" ")[0], min(hv[m]),
                                                     max(hv[m]), statistics.mean(hv[m]))
                        for m, title in MODES)

    def order(a, b):
        ahead = [level_text(l) for l in LEVELS if values[(a, l)] and values[(b, l)] and
                 values[(a, l)]["mean"] > values[(b, l)]["mean"]]
        behind = [level_text(l) for l in LEVELS if values[(a, l)] and values[(b, l)] and
                  values[(a, l)]["mean"] < values[(b, l)]["mean"]]
        return ("ahead at %s" % ", ".join("-" + x for x in ahead) if ahead else
                "ahead at no level") + ("; behind at %s" % ", ".join("-" + x for x in behind)
                                        if behind else "")
    last = {}
    for mode in ("joint", "model_best"):
        gens = summaries[mode][0]["generations"][-6:]
        last[mode] = (gens[0]["hypervolume_normalized"], gens[-1]["hypervolume_normalized"])
    blocks["reproduction-iso"] = "\n".join(
        iso + ["", "Per seed (seeds %s; \"-\": no front point at that level):" % seeds_text, ""]
        + seed_lines +
        ["", "Normalised hypervolume of the final archive (HV / (%g x %s)), seeds %s: %s."
         % (100 - ref_acc, commas(int(ref_cycles)), seeds_text, hv_text),
         "",
         "Mean reduction of (c) against (d): %s. Of (b) against (d): %s. Seed %s's "
         "normalised hypervolume over the last six generations: (d) %.4f -> %.4f, "
         "(c) %.4f -> %.4f." % (order("model_best", "joint"), order("model_default", "joint"),
                                os.path.basename(runs["joint"][0])[4:],
                                last["joint"][0], last["joint"][1],
                                last["model_best"][0], last["model_best"][1])])

    # Provenance.
    sources = {}
    for mode, _ in MODES:
        for s in summaries[mode]:
            for k, v in s["details"]["accuracy_sources_this_session"].items():
                sources[k] = sources.get(k, 0) + v
    fallback = first["details"]["accuracy"].get("fallback", {})
    front_rows = [r for mode, _ in MODES for run in runs[mode]
                  for r in read(os.path.join(run, "front.csv"))]
    front_sources = {}
    for r in front_rows:
        front_sources[r["accuracy_source"]] = front_sources.get(r["accuracy_source"], 0) + 1
    trusted = max(s["generations"][-1]["trusted_hypervolume_normalized"]
                  for m, _ in MODES for s in summaries[m])
    top_front = max(float(r["accuracy"]) for r in front_rows)
    blocks["reproduction-provenance"] = (
        "Accuracy sources of the %s searched candidates: %s; of the %d front points "
        "(all modes and seeds): %s. The ridge predictor's 5-fold CV on the %s measured "
        "networks: MAE %.3f points, Kendall tau %.3f. Largest trusted (measured-only) "
        "normalised hypervolume of any run: %.3f. Most accurate front point: %.3f %% "
        "(%s); the baseline, the most accurate measured network: %.3f %%."
        % (commas(total), ", ".join("%s %s" % (k, commas(v)) for k, v in sorted(sources.items())
                                    if v),
           len(front_rows), ", ".join("%s %d" % kv for kv in sorted(front_sources.items())),
           commas(first["details"]["accuracy"]["measured_networks"]),
           fallback.get("cv_mae_points", float("nan")),
           fallback.get("cv_kendall_tau", float("nan")), trusted, top_front,
           max(front_rows, key=lambda r: float(r["accuracy"]))["accuracy_source"], base_acc))

    # Regret.
    chosen = next(r for r in regret if r["chosen"] == "1")
    sims = read(os.path.join(results, "regret", "regret_cycles.csv"))
    by_net = {}
    for r in sims:
        by_net.setdefault(r["network"], []).append(r)
    hw_cols = ["hw_array_shape", "hw_cores", "hw_gb_sram_percent", "hw_gb_bandwidth_percent"]
    fastest, behind = 0, []
    for net, rows in sorted(by_net.items(), key=lambda kv: int(kv[0])):
        best = min(rows, key=lambda r: int(r["cycles"]))
        mine = next(r for r in rows if all(r[c] == chosen[c] for c in hw_cols))
        if int(mine["cycles"]) == int(best["cycles"]):
            fastest += 1
        else:
            behind.append((int(mine["cycles"]) / int(best["cycles"]) - 1, net, best))

    def percent(x):
        return "%.2g %%" % (100 * x) if 100 * x < 0.1 else "%.1f %%" % (100 * x)
    if behind:
        worst = max(behind, key=lambda b: b[0])
        rest = ("; for the other %d it is at most %s slower than the fastest (network "
                "%s: %s)" % (len(behind), percent(worst[0]), worst[1], hw_label(worst[2])))
    else:
        rest = ""
    text = [("The chosen configuration, **%sx%s arrays, %s cores (%s arrays each), %s %% of "
             "the SRAM in the global buffer, %s %% of the bandwidth budget on the "
             "global-buffer NoC**, is the fastest chip (or tied) for %d of the %d networks%s "
             "(worst-case regret %s, mean %s). Configurations that appear on at least one "
             "joint front, and the chosen one:")
            % (chosen["rows"], chosen["cols"], chosen["cores"], chosen["arrays_per_core"],
               chosen["hw_gb_sram_percent"], chosen["hw_gb_bandwidth_percent"],
               fastest, len(by_net), rest, percent(float(chosen["worst_regret"])),
               percent(float(chosen["mean_regret"]))), "",
            "| array shape | cores | GB share of SRAM (%) | GB share of bandwidth (%) | "
            "worst-case regret | mean regret |", "|---|---|---|---|---|---|"]
    shown = sorted((r for r in regret if r["on_input_front"] == "1" or r["chosen"] == "1"),
                   key=lambda r: (float(r["worst_regret"]), float(r["mean_regret"])))
    for r in shown:
        cells = [r["hw_array_shape"], r["hw_cores"], r["hw_gb_sram_percent"],
                 r["hw_gb_bandwidth_percent"], percent(float(r["worst_regret"]))]
        if r["chosen"] == "1":
            cells = ["**%s**" % c for c in cells[:4]] + ["**%s (chosen)**" % cells[4]]
        text.append("| %s | %s |" % (" | ".join(cells), percent(float(r["mean_regret"]))))
    counts = {}
    for r in joint_rows:
        key = tuple(r[c] for c in hw_cols)
        counts[key] = counts.get(key, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    text += ["", "Of the %d joint-front points (%d seeds), %s." % (
        len(joint_rows), nseeds, ", ".join(
            "%d use %s%s" % (n, "/".join(k), " (the chosen one)"
                             if all(chosen[c] == v for c, v in zip(hw_cols, k)) else "")
            for k, n in top))]
    blocks["reproduction-regret"] = "\n".join(text)

    # Hardware of the joint fronts, normalised to the default.
    default_hw = json.load(open(os.path.join(results, "default_hardware.json")))
    default = {"rows": default_hw["array"]["rows"], "cols": default_hw["array"]["cols"],
               "cores": default_hw["array"]["cores"],
               "arrays_per_core": default_hw["array"]["arrays_per_core"],
               "gb_bytes": default_hw["memory"]["gb_bytes"],
               "lb_bytes": default_hw["memory"]["lb_bytes"],
               "gb_bytes_per_cycle": default_hw["memory"]["gb_bytes_per_cycle"],
               "lb_bytes_per_cycle": default_hw["memory"]["lb_bytes_per_cycle"],
               "vector_lanes_per_core": default_hw["vector"]["lanes_per_core"]}
    joint = sorted(((float(r["accuracy"]), int(r["cycles"]), r) for r in joint_rows),
                   key=lambda p: p[1])
    picks = [("min cycles", joint[0]), ("median", joint[len(joint) // 2]),
             ("max cycles", joint[-1])]
    text = ["| joint point | top-1 | cycles | rows | cols | cores | arrays/core | GB bytes | "
            "LB bytes | GB B/cycle | LB B/cycle | lanes/core |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    arrays = []
    for name, (acc, cyc, row) in picks:
        text.append("| %s | %.3f (%s) | %s | %s |" % (
            name, acc, row["accuracy_source"], commas(cyc),
            " | ".join("%.3g" % (int(row[p]) / default[p]) for p in HW_PARAMS)))
        arrays.append("%s: %s x %s = %s arrays of %sx%s" % (
            name, row["cores"], row["arrays_per_core"],
            commas(int(row["cores"]) * int(row["arrays_per_core"])), row["rows"], row["cols"]))
    text += ["", "%s; the default: %d x %d = %d of %dx%d." % (
        "; ".join(arrays), default["cores"], default["arrays_per_core"],
        default["cores"] * default["arrays_per_core"], default["rows"], default["cols"])]
    blocks["reproduction-hardware"] = "\n".join(text)
    blocks.update(energy_blocks(results))
    return blocks


ENERGY_LEGS = [("energy", "energy_pj", "energy per inference"),
               ("edp", "edp_pj_us", "EDP")]
ENERGY_HW_GENES = ["hw_array_shape", "hw_cores", "hw_gb_sram_percent",
                   "hw_gb_bandwidth_percent", "hw_adc_bits", "hw_sram_bytes"]


def best_value_at(run, column, accuracy):
    """Least `column` among the run's front points with at least `accuracy`."""
    ok = [float(r[column]) for r in read(os.path.join(run, "front.csv"))
          if float(r["accuracy"]) >= accuracy]
    return min(ok) if ok else None


def energy_hw_label(row):
    return "%s, %s cores, GB %s %% of SRAM, NoC %s %% of bandwidth, %s-bit ADC, " \
        "%s MiB SRAM" % (row["hw_array_shape"], row["hw_cores"], row["hw_gb_sram_percent"],
                         row["hw_gb_bandwidth_percent"], row["hw_adc_bits"],
                         "%g" % (int(row["hw_sram_bytes"]) / 2 ** 20))


def energy_blocks(results):
    """The energy legs' blocks of docs/results.md: iso-accuracy energy and EDP
    reductions of every mode over the baseline, and the hardware picked."""
    base = read(os.path.join(results, "baseline.csv"))[0]
    base_acc = float(base["accuracy"])
    head = "| objective | mode | " + " | ".join(
        "top-1 >= %.2f (-%s)" % (base_acc - l, level_text(l)) for l in LEVELS) + " |"
    table = [head, "|---|---|" + "---|" * len(LEVELS)]
    notes, hardware = [], []
    for leg, column, title in ENERGY_LEGS:
        leg_dir = os.path.join(results, leg)
        base_value = float(base[column])
        runs = {mode: seed_runs(leg_dir, mode) for mode, _ in MODES}
        nseeds = len(runs["joint"])
        means = {}
        for mode, mode_title in MODES:
            cells = []
            for level in LEVELS:
                vals = []
                for run in runs[mode]:
                    best = best_value_at(run, column, base_acc - level)
                    vals.append(None if best is None else base_value / best)
                summary = spread(vals)
                means[(mode, level)] = summary["mean"] if summary else None
                cells.append(cell(summary, nseeds) if summary else "no seed reaches the level")
            table.append("| %s | %s | %s |" % (title, mode_title, " | ".join(cells)))
        first = summary_of(runs["joint"][0])
        hv = {m: [summary_of(r)["generations"][-1]["hypervolume_normalized"] for r in runs[m]]
              for m, _ in MODES}
        unit = "pJ x us" if leg == "edp" else "pJ"
        notes.append(
            "%s: baseline %s %s on the default chip; reference point top-1 %g %%, %s %s "
            "(2 x the baseline); %d seeds (%s), %s evaluations per run; normalised "
            "hypervolume %s." % (
                title[0].upper() + title[1:], "%.4g" % base_value, unit,
                first["hypervolume_reference_point"][0],
                "%.4g" % first["hypervolume_reference_point"][1], unit, nseeds,
                seed_range(runs["joint"]), commas(first["evaluations"]),
                ", ".join("%s %.3f-%.3f (mean %.3f)" % (t.split(" ")[0], min(hv[m]), max(hv[m]),
                                                        statistics.mean(hv[m]))
                          for m, t in MODES)))
        # The best single chip (regret) and the joint fronts' hardware.
        regret = read(os.path.join(leg_dir, "regret", "regret.csv"))
        chosen = next(r for r in regret if r["chosen"] == "1")
        joint_rows = [r for run in runs["joint"] for r in read(os.path.join(run, "front.csv"))]
        counts = {}
        for r in joint_rows:
            key = tuple(r[g] for g in ENERGY_HW_GENES)
            counts[key] = counts.get(key, 0) + 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        adc = {}
        for r in joint_rows:
            adc[r["hw_adc_bits"]] = adc.get(r["hw_adc_bits"], 0) + 1
        ranked = sorted(joint_rows, key=lambda r: float(r[column]))
        picks = [("least " + leg, ranked[0]), ("median", ranked[len(ranked) // 2]),
                 ("most " + leg, ranked[-1])]
        hardware.append(
            "**%s.** Best single chip (least worst-case %s regret over %d joint-front "
            "networks, of %d configurations): %s, %s arrays per core; worst-case regret "
            "%.1f %%, mean %.1f %%. Of the %d joint-front points, %s. ADC bits on the "
            "joint fronts: %s." % (
                title[0].upper() + title[1:], leg,
                len(read(os.path.join(leg_dir, "regret", "networks.csv"))), len(regret),
                energy_hw_label(chosen), chosen["arrays_per_core"],
                100 * float(chosen["worst_regret"]), 100 * float(chosen["mean_regret"]),
                len(joint_rows),
                ", ".join("%d use %s" % (n, "/".join(k)) for k, n in top),
                ", ".join("%s bits %d" % kv for kv in sorted(adc.items(), key=lambda kv: int(kv[0])))))
        hardware += ["", "| joint point (%s) | top-1 | %s | cycles | hardware | arrays |" % (
            leg, column), "|---|---|---|---|---|---|"]
        for name, r in picks:
            hardware.append("| %s | %.3f (%s) | %.4g | %s | %s | %s x %s of %sx%s |" % (
                name, float(r["accuracy"]), r["accuracy_source"], float(r[column]),
                commas(int(r["cycles"])), energy_hw_label(r), r["cores"],
                r["arrays_per_core"], r["rows"], r["cols"]))
        hardware.append("")
    return {"reproduction-energy": "\n".join(table + [""] + notes),
            "reproduction-energy-hardware": "\n".join(hardware).rstrip()}


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
    elif cmd == "doc-blocks" and len(argv) == 3:
        for name, text in sorted(doc_blocks(argv[2]).items()):
            print("== %s\n%s\n" % (name, text))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
