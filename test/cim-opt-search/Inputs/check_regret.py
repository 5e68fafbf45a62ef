#!/usr/bin/python3
"""Recompute cim-opt-search --hw-regret's regrets from its raw simulations.

usage: check_regret.py OUT_DIR
regret(n, h) = m(n, h) / min over h' m(n, h') - 1 for the metric m, the last
column of regret_cycles.csv (cycles, energy_pj, ...); a configuration's
worst-case regret is the max over networks; the chosen one has the least.
"""
import csv
import sys


def main():
    out = sys.argv[1]
    raw = list(csv.DictReader(open(out + "/regret_cycles.csv", newline="")))
    table = list(csv.DictReader(open(out + "/regret.csv", newline="")))
    hw = [k for k in raw[0] if k.startswith("hw_")]
    metric = list(raw[0].keys())[-1]
    cycles = {}
    for r in raw:
        cycles[(r["network"], tuple(r[k] for k in hw))] = float(r[metric])
    networks = sorted(set(n for n, _ in cycles))
    configs = sorted(set(c for _, c in cycles))
    best = {n: min(cycles[(n, c)] for c in configs) for n in networks}
    worst = {c: max(cycles[(n, c)] / best[n] - 1 for n in networks)
             for c in configs}
    errors = 0
    for r in table:
        c = tuple(r[k] for k in hw)
        if abs(float(r["worst_regret"]) - worst[c]) > 1e-12:
            print("error: %s worst_regret %s, expected %r"
                  % (c, r["worst_regret"], worst[c]))
            errors += 1
    chosen = [tuple(r[k] for k in hw) for r in table if r["chosen"] == "1"]
    least = min(worst.values())
    if len(chosen) != 1 or worst[chosen[0]] != least:
        print("error: chosen %r is not the least worst-case regret %r"
              % (chosen, least))
        errors += 1
    print("checked %s of %d networks x %d configurations: %s"
          % (metric, len(networks), len(configs),
             "ok" if not errors else "errors"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
