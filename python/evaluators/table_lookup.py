#!/usr/bin/python3
"""Accuracy evaluator for cim-opt-search --accuracy-evaluator: a table lookup.

  cim-opt-search --accuracy-evaluator 'python/evaluators/table_lookup.py
      TABLE.csv [--log ASKED.txt]' ...

cim-opt-search appends BATCH.csv and RESULT.csv to the command
(docs/search.md, "Accuracy from your own evaluator"). TABLE.csv has the
columns `genome` (genome text as cim-opt-search writes it in BATCH.csv,
e.g. its own DIR/evaluated_accuracy.csv) and `top1`. Every candidate of the
batch must be in the table: a missing one is an error (exit 1) naming it,
so a lookup never invents a value. --log appends each genome asked for, one
per line (tests use it to show that a resumed run never asks twice).
"""
import argparse
import csv
import os
import sys


def fail(message):
    sys.stderr.write("table_lookup: error: %s\n" % message)
    sys.exit(1)


def read_table(path):
    try:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or "genome" not in reader.fieldnames \
                    or "top1" not in reader.fieldnames:
                fail("%s: expected the columns genome and top1" % path)
            table = {}
            for line, row in enumerate(reader, start=2):
                genome = row["genome"].strip()
                if genome in table:
                    fail("%s:%d: genome %s appears twice" % (path, line, genome))
                table[genome] = row["top1"].strip()
            return table
    except OSError as error:
        fail("%s: %s" % (path, error.strerror))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("table")
    parser.add_argument("--log", help="append each genome asked for")
    parser.add_argument("batch")
    parser.add_argument("result")
    args = parser.parse_args()
    table = read_table(args.table)
    with open(args.batch, newline="") as f:
        batch = list(csv.DictReader(f))
    rows = []
    for item in batch:
        genome = item["genome"].strip()
        if genome not in table:
            fail("candidate %s: genome %s is not in %s"
                 % (item["candidate"], genome, args.table))
        rows.append((item["candidate"], table[genome]))
    if args.log:
        with open(args.log, "a") as log:
            for item in batch:
                log.write(item["genome"].strip() + "\n")
    # Written beside the result and renamed: a reader never sees half a file.
    partial = args.result + ".partial"
    with open(partial, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["candidate", "top1"])
        writer.writerows(rows)
    os.replace(partial, args.result)


if __name__ == "__main__":
    main()
