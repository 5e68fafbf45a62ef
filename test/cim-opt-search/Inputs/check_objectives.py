#!/usr/bin/python3
"""Independent checks of a cim-opt-search run with any --objectives.

usage: check_objectives.py RUN_DIR CLOCK_MHZ

Reads the objectives (names, senses, reference point) from summary.json and
recomputes, with deliberately simple code: the hypervolume of every
generation in 1 to 3 dimensions by counting grid cells (every cell between
consecutive distinct coordinates whose lower corner a point weakly
dominates), the on_front flags and front.csv by pairwise domination, and for
every row EDP = energy_pj x cycles / CLOCK_MHZ and a positive area.
"""
import itertools
import json
import sys

from check_run import front_flags, read

COLUMN = {"accuracy": "accuracy", "cycles": "cycles", "energy": "energy_pj",
          "edp": "edp_pj_us", "area": "area_mm2"}


def hypervolume_grid(points, ref):
    pts = [p for p in points if all(x < r for x, r in zip(p, ref))]
    axes = [sorted(set([p[d] for p in pts] + [ref[d]])) for d in range(len(ref))]
    volume = 0.0
    for index in itertools.product(*[range(len(a) - 1) for a in axes]):
        corner = [axes[d][i] for d, i in enumerate(index)]
        if any(all(p[d] <= corner[d] for d in range(len(ref))) for p in pts):
            size = 1.0
            for d, i in enumerate(index):
                size *= axes[d][i + 1] - axes[d][i]
            volume += size
    return volume


def main():
    run, clock = sys.argv[1], float(sys.argv[2])
    rows = read(run + "/evaluations.csv")
    summary = json.load(open(run + "/summary.json"))
    objectives = summary["objectives"]
    names = [o["name"] for o in objectives]
    signs = [-1.0 if o["sense"] == "maximize" else 1.0 for o in objectives]
    ref = [s * r for s, r in zip(signs, summary["hypervolume_reference_point"])]
    errors = []
    if summary["settings"]["objectives"] != ",".join(names):
        errors.append("settings.objectives %r, objectives %r"
                      % (summary["settings"]["objectives"], names))

    def point(r):
        return tuple(s * float(r[COLUMN[n]]) for s, n in zip(signs, names))

    count = 0
    for g in summary["generations"]:
        count += g["evaluations"]
        expected = hypervolume_grid([point(r) for r in rows[:count]], ref)
        if abs(expected - g["hypervolume"]) > 1e-9 * max(1.0, expected):
            errors.append("generation %d: hypervolume %r, expected %r"
                          % (g["generation"], g["hypervolume"], expected))

    front_ids = front_flags(rows, [point(r) for r in rows], errors)
    if set(r["eval_idx"] for r in read(run + "/front.csv")) != front_ids:
        errors.append("front.csv rows differ from the non-dominated rows")

    for r in rows:
        energy, edp = float(r["energy_pj"]), float(r["edp_pj_us"])
        expected = energy * int(r["cycles"]) / clock
        if energy <= 0 or abs(edp - expected) > 1e-12 * expected:
            errors.append("row %s: edp %r, energy x cycles / clock %r"
                          % (r["eval_idx"], edp, expected))
        if not float(r["area_mm2"]) > 0:
            errors.append("row %s: area %s" % (r["eval_idx"], r["area_mm2"]))

    for e in errors[:20]:
        print("error:", e)
    print("checked %s: %d rows, %d generations, %d front points: %s"
          % (",".join(names), len(rows), len(summary["generations"]),
             len(front_ids), "ok" if not errors else "%d errors" % len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
