#!/usr/bin/python3
"""A test-only accuracy evaluator with a formula and injectable faults.

usage: formula_evaluator.py [--log FILE] [--fault KIND --counter FILE
                            [--on-call N]] BATCH.csv RESULT.csv

top1 = 70 + (sum of the numbers in the genome text mod 2000) / 100, rounded
to 4 decimals: made up, computable by any test from the genome text alone.
--log appends each genome asked for. With --fault, the N-th call (counted in
the --counter file; every call without --on-call) breaks the protocol:
missing (last row left out), extra (a row for candidate n), duplicate (row 0
twice), nonnumeric (top1 'n/a'), range (top1 150), header (no top1 column),
exit (status 3 after printing to stderr), sleep (30 s), noresult (exit 0
without writing RESULT.csv).
"""
import argparse
import csv
import re
import sys
import time


def formula(genome):
    total = sum(float(x) for x in re.findall(r"\d+(?:\.\d+)?", genome))
    return round(70 + (total % 2000) / 100, 4)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log")
    parser.add_argument("--fault")
    parser.add_argument("--counter")
    parser.add_argument("--on-call", type=int, default=0)
    parser.add_argument("batch")
    parser.add_argument("result")
    args = parser.parse_args()

    with open(args.batch, newline="") as f:
        batch = list(csv.DictReader(f))
    fault = args.fault
    if fault and args.counter:
        try:
            calls = int(open(args.counter).read() or 0)
        except FileNotFoundError:
            calls = 0
        calls += 1
        open(args.counter, "w").write(str(calls))
        if args.on_call and calls != args.on_call:
            fault = None

    rows = [[item["candidate"], "%.4f" % formula(item["genome"])] for item in batch]
    header = ["candidate", "top1"]
    if fault == "missing":
        rows = rows[:-1]
    elif fault == "extra":
        rows.append([str(len(batch)), "70"])
    elif fault == "duplicate":
        rows.append(rows[0])
    elif fault == "nonnumeric":
        rows[0][1] = "n/a"
    elif fault == "range":
        rows[0][1] = "150"
    elif fault == "header":
        header = ["candidate", "accuracy"]
    elif fault == "exit":
        sys.stderr.write("formula_evaluator: out of GPU memory (injected)\n")
        sys.exit(3)
    elif fault == "sleep":
        time.sleep(30)
    elif fault == "noresult":
        sys.exit(0)
    if args.log:
        with open(args.log, "a") as log:
            for item in batch:
                log.write(item["genome"] + "\n")
    with open(args.result, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
