#!/usr/bin/python3
"""Recomputes `cim-space accuracy` predictions from the model JSON alone.

Reads the tool's output on stdin; for every `top1 <v> source predicted|
extrapolated ... genome <compact>` line, one-hot encodes the genome (OFA-MBv3:
stage s owns slots 4s..4s+3, slots at or beyond d[s] are all-zero) and checks
intercept + coefficients . features == v to the printed 4 decimals.
"""
import json
import sys

model = json.load(open(sys.argv[1]))
checked = 0
for line in sys.stdin:
    words = line.split()
    if not words or words[0] != "top1" or words[3] not in ("predicted", "extrapolated"):
        continue
    genes = dict(part.split("=") for part in words[-1].split(";"))
    values = {k: [float(x) for x in v.split(",")] for k, v in genes.items()}
    depth = values["d"]
    y = model["intercept"]
    column = 0
    for group in model["features"]["genes"]:
        for i in range(group["count"]):
            value = values[group["name"]][i]
            active = group["name"] not in ("ks", "e") or i % 4 < depth[i // 4]
            if active:
                y += model["coefficients"][column + group["values"].index(value)]
            column += len(group["values"])
    if abs(round(y, 4) - float(words[1])) > 1e-9:
        sys.exit("mismatch: tool %s, recomputed %.6f" % (words[1], y))
    checked += 1
print("checked %d predictions" % checked)
sys.exit(0 if checked else "no predicted rows in the input")
