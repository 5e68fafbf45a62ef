#!/usr/bin/python3
"""Count multiply-accumulates of conv/linear/matmul layers, two independent
ways, for the importer's MAC tests:

  count_macs.py --mlir FILE   from the imported linalg ops (textual IR)
  count_macs.py --onnx FILE   from the ONNX graph (onnx shape inference)

Prints "<label> MACs <n> GMACs <n/1e9 to 2 decimals>".
"""

import argparse
import re
import sys

TENSOR = re.compile(r"tensor<([0-9x]+)x[a-z0-9]+>")


def prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def mlir_macs(path):
    total = 0
    with open(path) as f:
        for line in f:
            m = re.search(r"= linalg\.(conv_2d_nchw_fchw|depthwise_conv_2d_nchw_chw|"
                          r"conv_2d_ngchw_gfchw|matmul|batch_matmul) ", line)
            if not m:
                continue
            operands = line[line.index(" ins("):]
            shapes = [[int(d) for d in t.split("x")]
                      for t in TENSOR.findall(operands)]
            # ins(input, filter/rhs) outs(init) -> result type
            lhs, rhs, out = shapes[0], shapes[1], shapes[2]
            op = m.group(1)
            if op == "conv_2d_nchw_fchw":
                total += prod(out) * prod(rhs[1:])
            elif op == "depthwise_conv_2d_nchw_chw":
                total += prod(out) * prod(rhs[1:])
            elif op == "conv_2d_ngchw_gfchw":
                total += prod(out) * prod(rhs[2:])
            else:  # matmul, batch_matmul: out elements times K
                total += prod(out) * lhs[-1]
    return total


def onnx_macs(path):
    import onnx
    model = onnx.shape_inference.infer_shapes(onnx.load(path))
    g = model.graph
    shapes = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        shapes[vi.name] = [d.dim_value for d in vi.type.tensor_type.shape.dim]
    for t in g.initializer:
        shapes[t.name] = list(t.dims)
    total = 0
    for n in g.node:
        if n.op_type == "Conv":
            w = shapes[n.input[1]]
            total += prod(shapes[n.output[0]]) * prod(w[1:])
        elif n.op_type == "Gemm":
            trans_a = [a.i for a in n.attribute if a.name == "transA"]
            a = shapes[n.input[0]]
            k = a[0] if trans_a and trans_a[0] else a[1]
            total += prod(shapes[n.output[0]]) * k
        elif n.op_type == "MatMul":
            total += prod(shapes[n.output[0]]) * shapes[n.input[0]][-1]
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mlir")
    p.add_argument("--onnx")
    p.add_argument("--label", default="model")
    a = p.parse_args()
    if bool(a.mlir) == bool(a.onnx):
        sys.exit("count_macs.py: give exactly one of --mlir, --onnx")
    macs = mlir_macs(a.mlir) if a.mlir else onnx_macs(a.onnx)
    print("%s MACs %d GMACs %.2f" % (a.label, macs, macs / 1e9))


if __name__ == "__main__":
    main()
