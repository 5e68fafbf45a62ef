#!/usr/bin/python3
"""Independent checks of a cim-opt-search output directory.

usage: check_run.py RUN_DIR MEASURED_CSV BASE_HW_JSON

Recomputes, with deliberately simple code, what the tool reports: the
hypervolume of every generation (grid-cell counting, not a sweep), the
on_front flags and front.csv (pairwise domination), the accuracy source and
value of measured rows, and the hardware invariants of every decoded row.
"""
import csv
import json
import sys


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def dominates(a, b):
    return all(x <= y for x, y in zip(a, b)) and any(x < y for x, y in zip(a, b))


def front_flags(rows, pts, errors):
    """eval_idx of the non-dominated rows (minimised points `pts`); a row
    whose on_front flag disagrees is an error."""
    front_ids = set()
    for i, p in enumerate(pts):
        on = not any(dominates(q, p) for q in pts)
        if on:
            front_ids.add(rows[i]["eval_idx"])
        if (rows[i]["on_front"] == "1") != on:
            errors.append("row %d: on_front %s, expected %d"
                          % (i, rows[i]["on_front"], on))
    return front_ids


def hypervolume_grid(points, ref):
    """Area dominated by `points` (minimised) inside `ref`: sum of the grid
    cells (between consecutive distinct coordinates) whose lower-left corner
    some point weakly dominates."""
    pts = [p for p in points if p[0] < ref[0] and p[1] < ref[1]]
    xs = sorted(set([p[0] for p in pts] + [ref[0]]))
    ys = sorted(set([p[1] for p in pts] + [ref[1]]))
    area = 0.0
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            if any(p[0] <= xs[i] and p[1] <= ys[j] for p in pts):
                area += (xs[i + 1] - xs[i]) * (ys[j + 1] - ys[j])
    return area


def main():
    run, measured_path, base_path = sys.argv[1:4]
    rows = read(run + "/evaluations.csv")
    summary = json.load(open(run + "/summary.json"))
    errors = []

    if [int(r["eval_idx"]) for r in rows] != list(range(len(rows))):
        errors.append("eval_idx is not 0..n-1")
    if summary["evaluations"] != len(rows):
        errors.append("summary evaluations %s != rows %d"
                      % (summary["evaluations"], len(rows)))

    # Hypervolume per generation on (-accuracy, cycles).
    ref_acc, ref_cycles = summary["hypervolume_reference_point"]
    ref = (-ref_acc, ref_cycles)
    count = 0
    for g in summary["generations"]:
        count += g["evaluations"]
        prefix = rows[:count]
        pts = [(-float(r["accuracy"]), float(r["cycles"])) for r in prefix]
        expected = hypervolume_grid(pts, ref)
        if abs(expected - g["hypervolume"]) > 1e-9 * max(1.0, expected):
            errors.append("generation %d: hypervolume %r, expected %r"
                          % (g["generation"], g["hypervolume"], expected))
        trusted = [(-float(r["accuracy"]), float(r["cycles"])) for r in prefix
                   if r["accuracy_source"] == "measured"]
        expected = hypervolume_grid(trusted, ref)
        if abs(expected - g["trusted_hypervolume"]) > 1e-9 * max(1.0, expected):
            errors.append("generation %d: trusted hypervolume %r, expected %r"
                          % (g["generation"], g["trusted_hypervolume"], expected))
        box = (100.0 - ref_acc) * ref_cycles
        if abs(g["hypervolume_normalized"] - g["hypervolume"] / box) > 1e-12:
            errors.append("normalized hypervolume is not hv / box")

    # Front flags by pairwise domination.
    pts = [(-float(r["accuracy"]), float(r["cycles"])) for r in rows]
    front_ids = front_flags(rows, pts, errors)
    front = read(run + "/front.csv")
    if set(r["eval_idx"] for r in front) != front_ids:
        errors.append("front.csv rows differ from the non-dominated rows")
    if summary.get("front_size") != len(front_ids):
        errors.append("front_size %s != %d" % (summary.get("front_size"),
                                               len(front_ids)))

    # Accuracy provenance against the measured table.
    genes = [f"ks{i}" for i in range(20)] + [f"e{i}" for i in range(20)] + \
        [f"d{i}" for i in range(5)]
    table = {}
    for r in read(measured_path):
        table[tuple(int(r[g]) for g in genes)] = float(r["top1"])
    if all(g in rows[0] for g in genes):
        for r in rows:
            key = tuple(0 if r[g] == "-" else int(r[g]) for g in genes)
            if key in table:
                if r["accuracy_source"] != "measured" or \
                        float(r["accuracy"]) != table[key]:
                    errors.append("row %s: measured network not reported as "
                                  "measured %r" % (r["eval_idx"], table[key]))
            elif r["accuracy_source"] != "predicted":
                errors.append("row %s: source %s for an unmeasured network"
                              % (r["eval_idx"], r["accuracy_source"]))

    # Hardware invariants of the space (docs/hardware.md).
    base = json.load(open(base_path))
    mem, arr, vec = base["memory"], base["array"], base["vector"]
    sram = mem["gb_bytes"] + arr["cores"] * mem["lb_bytes"]
    bandwidth = mem["gb_bytes_per_cycle"] + arr["cores"] * mem["lb_bytes_per_cycle"]
    lanes = arr["cores"] * vec["lanes_per_core"]
    for r in rows:
        cores = int(r["cores"])
        if int(r["gb_bytes"]) + cores * int(r["lb_bytes"]) != sram:
            errors.append("row %s: SRAM invariant broken" % r["eval_idx"])
        if int(r["gb_bytes_per_cycle"]) + cores * int(r["lb_bytes_per_cycle"]) \
                != bandwidth:
            errors.append("row %s: bandwidth invariant broken" % r["eval_idx"])
        if cores * int(r["vector_lanes_per_core"]) != lanes:
            errors.append("row %s: vector-lane invariant broken" % r["eval_idx"])
        if "hw_array_shape" in r and r["hw_array_shape"] != \
                "%sx%s" % (r["rows"], r["cols"]):
            errors.append("row %s: array shape gene and decoded shape differ"
                          % r["eval_idx"])

    for e in errors[:20]:
        print("error:", e)
    print("checked %d rows, %d generations: %s"
          % (len(rows), len(summary["generations"]),
             "ok" if not errors else "%d errors" % len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
