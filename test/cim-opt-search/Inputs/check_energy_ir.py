#!/usr/bin/python3
"""The search's energy, EDP and area of a sub-network equal cim-sim's.

usage: check_energy_ir.py EVALUATE.csv SIM.json

EVALUATE.csv is `cim-opt-search --evaluate` (layer list -> mapNetwork ->
the mapper's memoized action counts), SIM.json is `cim-sim --analytic --json`
of the same genome emitted as workload IR and compiled with cim-opt (plans
rebuilt from the lowered schedule). Both print shortest round-trip doubles,
so equality is exact. Also checks cim-sim's own totals: its layers' energies
sum to its total (within rounding) and edp_pj_us = total_pj x latency_us.
"""
import csv
import json
import sys


def main():
    ev = list(csv.DictReader(open(sys.argv[1], newline="")))
    net = json.load(open(sys.argv[2]))["networks"]
    if len(ev) != 1 or len(net) != 1:
        sys.exit("expected one row and one network")
    ev, net = ev[0], net[0]
    energy = net["energy"]
    pairs = [("energy_pj", float(ev["energy_pj"]), energy["total_pj"]),
             ("edp_pj_us", float(ev["edp_pj_us"]), energy["edp_pj_us"]),
             ("area_mm2", float(ev["area_mm2"]), net["area"]["total_mm2"])]
    for name, fast, sim in pairs:
        if fast != sim:
            print("MISMATCH: %s: --evaluate %r, cim-sim %r" % (name, fast, sim))
            return 1
    layers = sum(layer["energy"]["total_pj"] for layer in net["layers"])
    if abs(layers - energy["total_pj"]) > 1e-9 * energy["total_pj"]:
        print("MISMATCH: cim-sim layers sum to %r, total %r"
              % (layers, energy["total_pj"]))
        return 1
    latency = net["cycles"] / net["clock_mhz"]
    if abs(energy["edp_pj_us"] - energy["total_pj"] * latency) > \
            1e-12 * energy["edp_pj_us"]:
        print("MISMATCH: edp is not energy x latency")
        return 1
    print("energy agrees on %s: %.6g pJ, EDP %.6g pJ*us, %.4f mm^2, %d layers"
          % (net["hardware"], energy["total_pj"], energy["edp_pj_us"],
             net["area"]["total_mm2"], len(net["layers"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
