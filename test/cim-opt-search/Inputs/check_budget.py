#!/usr/bin/python3
"""Checks a run made with --accuracy-evaluator formula_evaluator.py and
--evaluator-budget, independently of cim-opt-search (its own one-hot ridge
in numpy, its own reading of the files).

usage: check_budget.py RUN_DIR --budget K [--measured TABLE.csv] [--refit]

For every generation g:
* at most K networks in DIR/evaluated_accuracy.csv were asked by g, except
  while no predictor exists (fewer than 10 known networks, with --refit and
  no table), when every network is;
* an `evaluated` row's network is in the cache, asked by g or earlier, with
  formula(genes) as its value; a `measured` row's is in TABLE with its value;
* a `predicted` row's network was not evaluated by g or earlier, and its
  accuracy is the prediction of a ridge (alpha 3, one-hot genes, centred)
  fitted on TABLE's rows, plus with --refit the networks evaluated before g;
* the networks evaluated at g are the ones that predictor ranked highest:
  none of g's predicted rows is predicted above any of them.
"""
import argparse
import csv
import re
import sys

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from formula_evaluator import formula  # noqa: E402

# OFA-MobileNetV3 genes: 20 kernel sizes, 20 expand ratios, 5 depths; 0 or
# '-' marks an inactive gene.
GROUPS = [("ks", 20, [3, 5, 7]), ("e", 20, [3, 4, 6]), ("d", 5, [2, 3, 4])]
SLOTS = [(g + str(i), values) for g, n, values in GROUPS for i in range(n)]


def fail(message):
    sys.exit("check_budget: " + message)


def key_of_values(values):
    return tuple(0 if v in ("-", "0", "") else int(float(v)) for v in values)


def key_of_text(text):
    parts = dict(p.split("=") for p in text.split(";"))
    return key_of_values([v for g, _, _ in GROUPS for v in parts[g].split(",")])


def features(key):
    row = []
    for (_, values), v in zip(SLOTS, key):
        row += [1.0 if v == value else 0.0 for value in values]
    return row


def ridge(keys, top1):
    x = np.array([features(k) for k in keys])
    y = np.array(top1)
    xm, ym = x.mean(axis=0), y.mean()
    xc, yc = x - xm, y - ym
    w = np.linalg.solve(xc.T @ xc + 3.0 * np.eye(x.shape[1]), xc.T @ yc)
    return lambda key: float(np.array(features(key)) @ w + ym - xm @ w)


parser = argparse.ArgumentParser()
parser.add_argument("run")
parser.add_argument("--budget", type=int, required=True)
parser.add_argument("--measured")
parser.add_argument("--refit", action="store_true")
args = parser.parse_args()

table = {}
if args.measured:
    with open(args.measured, newline="") as f:
        for row in csv.DictReader(f):
            table[key_of_values([row[s] for s, _ in SLOTS])] = float(row["top1"])
cache = {}
with open(args.run + "/evaluated_accuracy.csv", newline="") as f:
    for row in csv.DictReader(f):
        cache[key_of_text(row["genome"])] = (float(row["top1"]),
                                             int(row["generation"]))
with open(args.run + "/evaluations.csv", newline="") as f:
    rows = list(csv.DictReader(f))

counts = {"measured": 0, "evaluated": 0, "predicted": 0}
generations = sorted({int(r["generation"]) for r in rows})
for g in generations:
    asked = [k for k, (_, gen) in cache.items() if gen == g]
    known = list(table.items()) + \
        [(k, v) for k, (v, gen) in cache.items() if gen < g and args.refit]
    predictor = ridge([k for k, _ in known], [v for _, v in known]) \
        if len(known) >= 10 else None
    if predictor and len(asked) > args.budget:
        fail("generation %d asked %d networks, budget %d"
             % (g, len(asked), args.budget))
    lowest_asked = min((predictor(k) for k in asked), default=None) \
        if predictor else None
    for r in (r for r in rows if int(r["generation"]) == g):
        key = key_of_values([r[s] for s, _ in SLOTS])
        source, accuracy = r["accuracy_source"], float(r["accuracy"])
        counts[source] = counts.get(source, 0) + 1
        where = "evaluation %s (generation %d)" % (r["eval_idx"], g)
        if source == "measured":
            want = table.get(key)
        elif source == "evaluated":
            if key not in cache or cache[key][1] > g:
                fail(where + ": evaluated but not asked by then")
            want = cache[key][0]
            if want != formula(" ".join(str(v) for v in key if v)):
                fail(where + ": cached value is not the evaluator's")
        elif source == "predicted":
            if key in cache and cache[key][1] <= g:
                fail(where + ": predicted although evaluated")
            if not predictor:
                fail(where + ": predicted while no predictor exists")
            want = predictor(key)
            if lowest_asked is not None and want > lowest_asked + 1e-9:
                fail(where + ": predicted %.6f, above a network the "
                     "evaluator was asked for (%.6f)" % (want, lowest_asked))
        else:
            fail(where + ": unexpected source " + source)
        if want is None or abs(accuracy - want) > 1e-6:
            fail("%s: %s accuracy %s, expected %s"
                 % (where, source, accuracy, want))
print("checked %d rows in %d generations: %d measured, %d evaluated, "
      "%d predicted: ok" % (len(rows), len(generations), counts["measured"],
                            counts["evaluated"], counts["predicted"]))
