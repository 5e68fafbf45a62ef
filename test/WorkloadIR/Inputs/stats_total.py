#!/usr/bin/python3
"""Print the MAC total of a cim-workload-stats JSON file as
"<label> MACs <n> GMACs <n/1e9 to 2 decimals> layers <n>" (summed over its
functions), for comparison with test/Inputs/count_macs.py."""

import argparse
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stats", help="cim-workload-stats JSON output")
    parser.add_argument("--label", default="stats")
    args = parser.parse_args()
    with open(args.stats) as f:
        stats = json.load(f)
    macs = sum(fn["total"]["macs"] for fn in stats["functions"])
    # Recount from the rows so the totals are checked as well.
    rows = sum(op["macs"] for fn in stats["functions"] for op in fn["ops"])
    if rows != macs:
        raise SystemExit("row MACs %d != total MACs %d" % (rows, macs))
    layers = sum(fn["layers"] for fn in stats["functions"])
    print("%s MACs %d GMACs %.2f layers %d" % (args.label, macs, macs / 1e9,
                                               layers))


if __name__ == "__main__":
    main()
