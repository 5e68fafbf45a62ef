#!/usr/bin/python3
"""A cycles-only run (no accuracy source): every row's accuracy is empty with
source none; the last generation's hypervolume equals REF - min cycles; the
front is the rows with the fewest cycles.

usage: check_cycles_only.py RUN_DIR REF
"""
import csv
import json
import sys

run, ref = sys.argv[1], float(sys.argv[2])
rows = list(csv.DictReader(open(run + "/evaluations.csv")))
assert all(r["accuracy"] == "" and r["accuracy_source"] == "none" for r in rows)
fewest = min(int(r["cycles"]) for r in rows)
summary = json.load(open(run + "/summary.json"))
hv = summary["generations"][-1]["hypervolume"]
assert hv == ref - fewest, (hv, ref - fewest)
front = {r["eval_idx"] for r in rows if r["on_front"] == "1"}
assert front == {r["eval_idx"] for r in rows if int(r["cycles"]) == fewest}, front
print("cycles-only run: %d rows, hypervolume and front: ok" % len(rows))
