#!/usr/bin/python3
"""Prints a cim-opt-search front.csv as a readable table.

  /usr/bin/python3 python/print_front.py RUN_DIR/front.csv

One row per front point, most accurate first: accuracy and where it came from
(measured / predicted / extrapolated), cycles per inference, MACs, the term
that bounded the most cycles, the hardware (array shape, cores x arrays per
core, global/local buffer KiB, NoC/LB bandwidth in bytes per cycle) and the
network genes (ks / e / d, inactive genes shown as '-').
"""
import csv
import sys


def main(path):
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        sys.exit("print_front.py: cannot read %s: %s" % (path, e.strerror))
    needed = ["accuracy", "accuracy_source", "cycles", "macs", "bounding_term"]
    if rows:
        missing = [c for c in needed if c not in rows[0]]
        if missing:
            sys.exit("print_front.py: %s: missing column(s) %s" % (path, ", ".join(missing)))
    rows.sort(key=lambda r: (-float(r["accuracy"] or 0), int(r["cycles"])))

    def genes(r, prefix, n):
        return ",".join(r.get("%s%d" % (prefix, i), "") for i in range(n))

    header = ("top-1 %", "source", "cycles", "MMACs", "bound", "array",
              "cores x arrays", "GB/LB KiB", "NoC/LB B/c")
    table = [header]
    for r in rows:
        hw = ("-", "-", "-", "-")
        if "rows" in r and r["rows"] not in ("", "-"):
            hw = ("%sx%s" % (r["rows"], r["cols"]),
                  "%s x %s" % (r["cores"], r["arrays_per_core"]),
                  "%d/%d" % (int(r["gb_bytes"]) // 1024, int(r["lb_bytes"]) // 1024),
                  "%s/%s" % (r["gb_bytes_per_cycle"], r["lb_bytes_per_cycle"]))
        table.append(("%.3f" % float(r["accuracy"]), r["accuracy_source"], r["cycles"],
                      "%.1f" % (int(r["macs"]) / 1e6), r["bounding_term"]) + hw)
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths)))
    print("%d point(s) on the front" % len(rows))
    if rows and "ks0" in rows[0]:
        print("networks (ks / e / d) in the same order:")
        for r in rows:
            print("  ks=%s;e=%s;d=%s" % (genes(r, "ks", 20), genes(r, "e", 20), genes(r, "d", 5)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
