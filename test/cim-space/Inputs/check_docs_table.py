#!/usr/bin/python3
"""Checks docs/predictors.md against what the code produces.

  check_docs_table.py cycles DOC < cim-space cycles-study output
      every (space, train, test) result must match its row of the cycles
      table: tau and Spearman within 0.02, MAPE within 1 point. Small
      cost-model changes pass; a change that moves the numbers more means
      the table is stale (rerun the study and update it).
  check_docs_table.py accuracy DOC MODEL.json
      the accuracy table row must equal the model's CV metrics.
"""
import json
import sys


def table_rows(doc, columns):
    rows = []
    for line in open(doc):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == columns and line.startswith("|") and not cells[0].startswith(("-", "space", "features")):
            rows.append(cells)
    return rows


mode, doc = sys.argv[1], sys.argv[2]
if mode == "cycles":
    rows = {(r[0], r[1], r[2]): r[3:] for r in table_rows(doc, 6)}
    space = None
    checked = 0
    for line in sys.stdin:
        words = line.split()
        if words and words[0] == "space":
            space = words[1]
        elif words and words[0] == "train":
            fields = dict(zip(words[0::2], words[1::2]))
            key = (space, fields["train"], fields["test"])
            if key not in rows:
                sys.exit("no docs row for %s" % (key,))
            got = [float(fields["kendall_tau"]), float(fields["spearman"]),
                   float(fields["mape_percent"])]
            want = [float(x) for x in rows[key]]
            tolerance = [0.02, 0.02, 1.0]
            if any(abs(g - w) > t for g, w, t in zip(got, want, tolerance)):
                sys.exit("%s: docs say %s, the code gives %s (stale table?)"
                         % (key, rows[key], got))
            checked += 1
    print("checked %d cycles rows" % checked)
    sys.exit(0 if checked else "no study output")
else:
    cv = json.load(open(sys.argv[3]))["cross_validation"]
    want = ["%.4f" % cv[k] for k in ("mae", "rmse", "mape_percent", "kendall_tau", "spearman")]
    rows = [r[1:] for r in table_rows(doc, 6) if r[0].startswith("one-hot")]
    if rows != [want]:
        sys.exit("docs accuracy row %s, committed model %s" % (rows, want))
    print("accuracy row matches the committed model")
