#!/usr/bin/python3
"""A made-up accuracy table for tests of spaces without measured data.

usage: synthetic_accuracy.py CIM_SPACE SPACE ROWS SEED OUT.csv

Reads the space's gene groups from `cim-space describe`, draws ROWS random
genomes (distinct) and gives each top1 = 70 + the sum of its value indices /
10 (synthetic, test-only: a rank the ridge predictor can learn). Columns are
the gene columns as cim-opt-search names them, then top1.
"""
import random
import re
import subprocess
import sys

cim_space, space, rows, seed, out = sys.argv[1:]
text = subprocess.run([cim_space, "describe", "--space", space], check=True,
                      capture_output=True, text=True).stdout
groups = [(m.group(1), int(m.group(2)), m.group(3).split(", "))
          for m in re.finditer(r"^  (\w+)\[(\d+)\] in \{([^}]*)\}$", text, re.M)]
header = []
for name, count, _ in groups:
    header += [name] if count == 1 else ["%s%d" % (name, i) for i in range(count)]
rng = random.Random(int(seed))
seen = set()
with open(out, "w") as f:
    f.write(",".join(header + ["top1"]) + "\n")
    while len(seen) < int(rows):
        indices = [rng.randrange(len(values)) for _, count, values in groups
                   for _ in range(count)]
        if tuple(indices) in seen:
            continue
        seen.add(tuple(indices))
        values, position = [], 0
        for _, count, choices in groups:
            for _ in range(count):
                values.append(choices[indices[position]])
                position += 1
        f.write(",".join(values + ["%.4f" % (70 + sum(indices) / 10)]) + "\n")
