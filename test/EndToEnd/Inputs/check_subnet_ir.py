#!/usr/bin/python3
"""The two paths from a supernet genome to cycles must agree.

usage:
  check_subnet_ir.py compare EVALUATE.csv SIM.json
      EVALUATE.csv is `cim-opt-search --evaluate` (the search's fast path:
      genome -> layer list -> mapNetwork), SIM.json is `cim-sim --json` of the
      same genome emitted as workload IR and compiled with cim-opt. Checks
      that cycles, MACs, the bytes of every level and the bounding term are
      identical, and re-derives the simulator's network totals from its
      layers: cycles and bytes are the layers' sums, every cycle is bounded
      by one term, and the bound is the term with the most bounded cycles
      summed over the layers (ties in the order of TERMS). Prints one line;
      exits 1 on any disagreement.
  check_subnet_ir.py bounds SIM.json...
      Prints the distinct network bounding terms of the given reports.
"""
import csv
import json
import sys

TERMS = ["compute", "dram", "gb", "lb", "vector", "program", "hop", "fill"]
LEVELS = ["dram", "gb", "lb"]


def fail(message):
    print("MISMATCH: " + message)
    sys.exit(1)


def network_of(path):
    with open(path) as f:
        networks = json.load(f)["networks"]
    if len(networks) != 1:
        fail("%s: expected one network, found %d" % (path, len(networks)))
    return networks[0]


def bound_of(bounded):
    best = TERMS[0]
    for term in TERMS[1:]:
        if bounded[term] > bounded[best]:
            best = term
    return best


def compare(evaluate_path, sim_path):
    with open(evaluate_path, newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != 1:
        fail("%s: expected one row, found %d" % (evaluate_path, len(rows)))
    ev = rows[0]
    net = network_of(sim_path)
    layers = net["layers"]

    # The simulator's totals, re-derived from its layers.
    for key in ["cycles", "macs"]:
        total = sum(layer[key] for layer in layers)
        if total != net[key]:
            fail("cim-sim %s %d, its layers sum to %d" % (key, net[key], total))
    for level in LEVELS:
        total = sum(layer["bytes"][level] for layer in layers)
        if total != net["bytes"][level]:
            fail("cim-sim %s bytes %d, its layers sum to %d"
                 % (level, net["bytes"][level], total))
    bounded = {t: sum(layer["bounded_cycles"][t] for layer in layers)
               for t in TERMS}
    if bounded != net["bounded_cycles"]:
        fail("cim-sim bounded cycles %s, its layers sum to %s"
             % (net["bounded_cycles"], bounded))
    if sum(bounded.values()) != net["cycles"]:
        fail("bounded cycles sum to %d, cycles are %d"
             % (sum(bounded.values()), net["cycles"]))
    for layer in layers:
        if bound_of(layer["bounded_cycles"]) != layer["bound"]:
            fail("layer %s: bound %s, its bounded cycles %s"
                 % (layer["name"], layer["bound"], layer["bounded_cycles"]))
    if bound_of(bounded) != net["bound"]:
        fail("cim-sim bound %s, the term with the most bounded cycles is %s"
             % (net["bound"], bound_of(bounded)))

    # The two paths.
    pairs = [("cycles", int(ev["cycles"]), net["cycles"]),
             ("macs", int(ev["macs"]), net["macs"]),
             ("bound", ev["bounding_term"], net["bound"])]
    pairs += [(level + "_bytes", int(ev[level + "_bytes"]),
               net["bytes"][level]) for level in LEVELS]
    for name, fast, sim in pairs:
        if fast != sim:
            fail("%s: --evaluate %s, cim-sim %s" % (name, fast, sim))
    if ev["hw"] != net["hardware"]:
        fail("hardware: --evaluate %s, cim-sim %s" % (ev["hw"], net["hardware"]))
    print("agree on %s: cycles %d, bound %s, bytes dram %d gb %d lb %d, "
          "%d layers" % (net["hardware"], net["cycles"], net["bound"],
                         net["bytes"]["dram"], net["bytes"]["gb"],
                         net["bytes"]["lb"], len(layers)))


def bounds(paths):
    print("bounding terms: " +
          " ".join(sorted({network_of(p)["bound"] for p in paths})))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "bounds":
        bounds(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
