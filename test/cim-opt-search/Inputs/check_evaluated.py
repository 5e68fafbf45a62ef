#!/usr/bin/python3
"""Checks a run whose accuracy came from formula_evaluator.py, independently
of cim-opt-search: every row's accuracy is recomputed from its gene columns.

usage: check_evaluated.py RUN_DIR [--measured TABLE.csv] [--asked LOG]
                          [--disjoint LOG_A LOG_B]

Rows whose model genes are a row of TABLE (gene columns and top1, copied
from an evaluations.csv, '-' for inactive genes) must be `measured` with the
table's value; every other row `evaluated` with formula(genes). --asked: the
evaluator's log holds every evaluated network once and nothing else.
--disjoint: no genome is in both logs.
"""
import argparse
import csv
import re
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from formula_evaluator import formula  # noqa: E402


def model_columns(header):
    start = header.index("generation") + 1
    end = header.index("rows")
    return [c for c in header[start:end] if not c.startswith("hw_")]


def fail(message):
    sys.exit("check_evaluated: " + message)


parser = argparse.ArgumentParser()
parser.add_argument("run")
parser.add_argument("--measured")
parser.add_argument("--asked")
parser.add_argument("--disjoint", nargs=2)
args = parser.parse_args()

with open(args.run + "/evaluations.csv", newline="") as f:
    reader = csv.DictReader(f)
    header = reader.fieldnames
    rows = list(reader)
columns = model_columns(header)
table = {}
if args.measured:
    with open(args.measured, newline="") as f:
        for row in csv.DictReader(f):
            table[tuple(row[c] for c in columns)] = float(row["top1"])

counts = {"measured": 0, "evaluated": 0}
evaluated_models = set()
for row in rows:
    key = tuple(row[c] for c in columns)
    accuracy = float(row["accuracy"])
    if key in table:
        want_source, want = "measured", table[key]
    else:
        want_source = "evaluated"
        want = formula(" ".join(v for v in key if v != "-"))
        evaluated_models.add(key)
    if row["accuracy_source"] != want_source or abs(accuracy - want) > 1e-9:
        fail("row %s: expected %s %.4f, found %s %s" % (
            row["eval_idx"], want_source, want, row["accuracy_source"],
            row["accuracy"]))
    counts[want_source] += 1

if args.asked:
    asked = [line.strip() for line in open(args.asked) if line.strip()]
    if len(asked) != len(set(asked)):
        fail("%s: a genome was asked for twice" % args.asked)
    if len(asked) != len(evaluated_models):
        fail("%s: %d genomes asked, %d evaluated networks in the run" % (
            args.asked, len(asked), len(evaluated_models)))
if args.disjoint:
    a, b = ({line.strip() for line in open(p) if line.strip()}
            for p in args.disjoint)
    if a & b:
        fail("%d genome(s) asked in both %s and %s" % (len(a & b), *args.disjoint))
print("checked %d rows: %d measured, %d evaluated: ok" % (
    len(rows), counts["measured"], counts["evaluated"]))
