#!/usr/bin/python3
"""Write a matmul test case: gen_matmul_case.py DIR M K N.

DIR/model.mlir: y = a * w + b with w (K x N) and b (N) as dense constants;
DIR/a.npy: the input; DIR/y.npy: the expected output computed by numpy
(an implementation independent of cim-run). Small integers keep every sum
exact in f32."""

import os
import sys

import numpy as np

d, m, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(d, exist_ok=True)
a = ((np.arange(m * k).reshape(m, k) * 7) % 11 - 5).astype(np.float32)
w = ((np.arange(k * n).reshape(k, n) * 5) % 13 - 6).astype(np.float32)
b = (np.arange(n) % 3 - 1).astype(np.float32)
y = a @ w + b


def dense(arr):
    return "dense<%s>" % np.array2string(
        arr, separator=", ", threshold=10**9, max_line_width=10**9,
        formatter={"float_kind": lambda v: "%.1f" % v})


with open(os.path.join(d, "model.mlir"), "w") as f:
    f.write("""#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @gemm(%%a: tensor<%(m)dx%(k)dxf32>) -> tensor<%(m)dx%(n)dxf32> {
  %%zero = arith.constant 0.0 : f32
  %%w = arith.constant %(w)s : tensor<%(k)dx%(n)dxf32>
  %%b = arith.constant %(b)s : tensor<%(n)dxf32>
  %%e = tensor.empty() : tensor<%(m)dx%(n)dxf32>
  %%f = linalg.fill ins(%%zero : f32) outs(%%e : tensor<%(m)dx%(n)dxf32>) -> tensor<%(m)dx%(n)dxf32>
  %%mm = linalg.matmul ins(%%a, %%w : tensor<%(m)dx%(k)dxf32>, tensor<%(k)dx%(n)dxf32>)
                      outs(%%f : tensor<%(m)dx%(n)dxf32>) -> tensor<%(m)dx%(n)dxf32>
  %%y = linalg.generic {indexing_maps = [#id, #row, #id],
                       iterator_types = ["parallel", "parallel"]}
      ins(%%mm, %%b : tensor<%(m)dx%(n)dxf32>, tensor<%(n)dxf32>)
      outs(%%e : tensor<%(m)dx%(n)dxf32>) attrs = {cim.vector_op = #cim.vector_op<bias>} {
  ^bb0(%%x: f32, %%c: f32, %%o: f32):
    %%s = arith.addf %%x, %%c : f32
    linalg.yield %%s : f32
  } -> tensor<%(m)dx%(n)dxf32>
  return %%y : tensor<%(m)dx%(n)dxf32>
}
""" % {"m": m, "k": k, "n": n, "w": dense(w), "b": dense(b)})
np.save(os.path.join(d, "a.npy"), a)
np.save(os.path.join(d, "y.npy"), y.astype(np.float32))
