#!/usr/bin/python3
"""Compares an exported ONNX sub-network with `cim-space layers` output.

argv: model.onnx layers.txt. Checks, in network order, that every Conv node's
weight shape [Cout, Cin/g, k, k] and group count equal the generated conv
layers' (out_channels, in_channels/groups, kernel, groups), and that the
Gemm is 1280 -> 1000. Prints node counts.
"""
import sys
from collections import Counter

import onnx

model = onnx.load(sys.argv[1])
shapes = {t.name: list(t.dims) for t in model.graph.initializer}
onnx_convs = []
gemms = []
for node in model.graph.node:
    if node.op_type == "Conv":
        group = next((a.i for a in node.attribute if a.name == "group"), 1)
        onnx_convs.append((shapes[node.input[1]], group))
    elif node.op_type == "Gemm":
        gemms.append(shapes[node.input[1]])

generated = []
for line in open(sys.argv[2]):
    words = line.split()
    if len(words) > 8 and words[0].isdigit() and words[2] == "conv":
        cin, cout, kernel, groups = int(words[3]), int(words[4]), int(words[5]), int(words[7])
        generated.append(([cout, cin // groups, kernel, kernel], groups))

if onnx_convs != generated:
    for i, (a, b) in enumerate(zip(onnx_convs, generated)):
        if a != b:
            sys.exit("conv %d: onnx %s, generated %s" % (i, a, b))
    sys.exit("conv count: onnx %d, generated %d" % (len(onnx_convs), len(generated)))
if gemms != [[1000, 1280]]:
    sys.exit("gemm: expected one 1000x1280 weight, found %s" % gemms)
counts = Counter(n.op_type for n in model.graph.node)
print("opset %d" % model.opset_import[0].version)
print("convs %d match; gemm 1280->1000" % len(onnx_convs))
print("nodes " + " ".join("%s=%d" % kv for kv in sorted(counts.items())))
