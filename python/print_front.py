#!/usr/bin/python3
"""Prints a cim-opt-search front.csv as a readable table.

  /usr/bin/python3 python/print_front.py RUN_DIR/front.csv

One row per front point, most accurate first (fastest first when the run has
no accuracy): accuracy and where it came from (measured / predicted /
extrapolated / none), cycles per inference, MACs, the term that bounded the
most cycles, the hardware (array shape, cores x arrays per core, global/local
buffer KiB, NoC/LB bandwidth in bytes per cycle).

Then each point's genome as text that `cim-opt-search --evaluate`, `--subnet`,
`--emit-subnet` and `cim-space layers --genome` accept: the sub-network genes
(`-` for an inactive gene) followed, for a joint or hardware-only run, by the
hardware genes (`hw_<gene>=<label>`), which `--evaluate ... --write-hw FILE`
turns into a hardware JSON file. A hardware-only run's fixed sub-network and a
model-only run's fixed hardware file are read from summary.json beside the CSV.
"""
import csv
import json
import os
import re
import sys

# Columns that follow the genes in every cim-opt-search CSV.
FIRST_FIELD_COLUMN = "rows"


def gene_text(header, row):
    """The genome of a row as compact text, gene groups in column order."""
    start = header.index("generation") + 1
    end = header.index(FIRST_FIELD_COLUMN)
    groups = []  # [name, [values]]
    for column in header[start:end]:
        if column.startswith("hw_"):
            groups.append([column, [row[column]]])
            continue
        name = re.sub(r"\d+$", "", column)
        if name == "resolution":
            name = "r"
        if groups and groups[-1][0] == name:
            groups[-1][1].append(row[column])
        else:
            groups.append([name, [row[column]]])
    return ";".join("%s=%s" % (name, ",".join(values)) for name, values in groups)


def run_settings(path):
    summary = os.path.join(os.path.dirname(os.path.abspath(path)), "summary.json")
    try:
        with open(summary) as f:
            return json.load(f).get("settings", {})
    except (OSError, ValueError):
        return {}


def main(path):
    try:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            rows = list(reader)
    except OSError as e:
        sys.exit("print_front.py: cannot read %s: %s" % (path, e.strerror))
    needed = ["generation", FIRST_FIELD_COLUMN, "accuracy", "accuracy_source",
              "cycles", "macs", "bounding_term"]
    missing = [c for c in needed if c not in header]
    if missing:
        sys.exit("print_front.py: %s: missing column(s) %s" % (path, ", ".join(missing)))
    rows.sort(key=lambda r: (-float(r["accuracy"] or 0), int(r["cycles"])))

    header_line = ("top-1 %", "source", "cycles", "MMACs", "bound", "array",
                   "cores x arrays", "GB/LB KiB", "NoC/LB B/c")
    table = [header_line]
    for r in rows:
        hw = ("%sx%s" % (r["rows"], r["cols"]),
              "%s x %s" % (r["cores"], r["arrays_per_core"]),
              "%d/%d" % (int(r["gb_bytes"]) // 1024, int(r["lb_bytes"]) // 1024),
              "%s/%s" % (r["gb_bytes_per_cycle"], r["lb_bytes_per_cycle"]))
        accuracy = "%.3f" % float(r["accuracy"]) if r["accuracy"] else "-"
        table.append((accuracy, r["accuracy_source"], r["cycles"],
                      "%.1f" % (int(r["macs"]) / 1e6), r["bounding_term"]) + hw)
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header_line))]
    for row in table:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths)))
    print("%d point(s) on the front" % len(rows))
    if not rows:
        return
    settings = run_settings(path)
    fixed_subnet = settings.get("subnet", "")
    print("genomes in the same order (for --evaluate GENOME [--write-hw FILE]):")
    for r in rows:
        text = gene_text(header, r)
        if fixed_subnet:
            text = fixed_subnet + ";" + text
        print("  " + text)
    if settings.get("hw"):
        print("hardware of every point: %s (--mode model-only --hw)" % settings["hw"])


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    main(sys.argv[1])
