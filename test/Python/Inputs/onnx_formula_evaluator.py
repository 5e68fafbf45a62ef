#!/usr/bin/python3
"""Test-only evaluator behind with_onnx.py: checks that every candidate's
ONNX file is a valid model whose input is 1x3x224x224 and whose Conv count
matches its genome (a first conv, the first block, 2-3 convs per active
MBConv block by expand ratio, the final expand and feature-mix convs), then
answers formula_evaluator's made-up top1.

usage: onnx_formula_evaluator.py BATCH.csv RESULT.csv
"""
import csv
import os
import sys

import onnx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "cim-opt-search", "Inputs"))
from formula_evaluator import formula  # noqa: E402

batch_path, result_path = sys.argv[1], sys.argv[2]
rows = []
with open(batch_path, newline="") as f:
    for item in csv.DictReader(f):
        model = onnx.load(item["onnx"])
        onnx.checker.check_model(model)
        dims = [d.dim_value for d in
                model.graph.input[0].type.tensor_type.shape.dim]
        genes = dict(p.split("=") for p in item["genome"].split(";"))
        d = [int(x) for x in genes["d"].split(",")]
        e = [int(x) for x in genes["e"].split(",")]
        # stem conv, first block (depthwise + project), head: final expand,
        # feature mix, classifier is Gemm/MatMul (not counted); each active
        # block: expand (e > 1 always here), depthwise, project, plus 2 SE
        # convs in SE stages (stages 1, 3, 4).
        se = [False, True, False, True, True]
        want = 1 + 2 + 2
        for stage in range(5):
            for block in range(d[stage]):
                want += 3 + (2 if se[stage] else 0)
        convs = sum(1 for n in model.graph.node if n.op_type == "Conv")
        if dims != [1, 3, 224, 224] or convs != want:
            sys.exit("onnx_formula_evaluator: %s: input %s, %d convs, expected "
                     "[1, 3, 224, 224] and %d" % (item["onnx"], dims, convs,
                                                  want))
        rows.append((item["candidate"], formula(item["genome"])))
with open(result_path, "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["candidate", "top1"])
    writer.writerows(rows)
