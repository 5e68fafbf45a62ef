#!/usr/bin/python3
"""Write small tensors for the Run tests: make_tensors.py DIR.

Values are chosen by hand so the expected outputs can be checked by hand
(see the tests that use them)."""

import os
import sys

import numpy as np
from onnx import numpy_helper

d = sys.argv[1]
os.makedirs(d, exist_ok=True)


def save(name, arr):
    np.save(os.path.join(d, name + ".npy"), arr)
    with open(os.path.join(d, name + ".pb"), "wb") as f:
        f.write(numpy_helper.from_array(arr).SerializeToString())


# matmul.mlir: a * [[1, 2], [3, 4], [5, 6]].
save("a", np.array([[1, 0, 1], [0, 1, 0]], np.float32))
# Row 0 = w[0] + w[2] = [6, 8]; row 1 = w[1] = [3, 4].
save("y", np.array([[6, 8], [3, 4]], np.float32))
# One element off by 0.5: abs error 0.5, relative 0.5 / 6.5.
save("y_off", np.array([[6.5, 8], [3, 4]], np.float32))
save("a_wrong_shape", np.zeros((3, 2), np.float32))
save("a_wrong_dtype", np.zeros((2, 3), np.float64))
with open(os.path.join(d, "garbage.npy"), "wb") as f:
    f.write(b"not a numpy file")
