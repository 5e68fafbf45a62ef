#!/usr/bin/python3
"""Execute the generated test models whose lowering has no libonnx-testdata
counterpart (grouped/depthwise conv, SAME padding, constant-folded
BatchNorm, Gemm transposes, broadcast MatMul, ceil-mode and
count_include_pad pooling, coerced Softmax, Gather, Slice/Split) and compare
with torch.nn.functional / numpy computing the same ONNX semantics.

  numeric_torch.py CIM_TRANSLATE INPUTS_DIR
"""

import os
import sys
import tempfile

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numeric_testdata import compare  # noqa: E402

rng = np.random.default_rng(7)


def weights(path):
    m = onnx.load(path)
    return {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def t(a):
    return torch.from_numpy(np.array(a, dtype=np.float32))


def conv(x, w, b=None, stride=1, dilation=1, groups=1, pads=(0, 0, 0, 0)):
    # pads = top, left, bottom, right (ONNX order) -> F.pad(left, right, top, bottom)
    xp = F.pad(t(x), (pads[1], pads[3], pads[0], pads[2]))
    return F.conv2d(xp, t(w), None if b is None else t(b), stride=stride,
                    dilation=dilation, groups=groups).numpy()


def cases(d):
    W = lambda name: weights(os.path.join(d, name + ".onnx"))
    x = rand(1, 3, 8, 8)
    w = W("conv_pad_bias")
    yield "conv_pad_bias", [x], [conv(x, w["w"], w["b"], pads=(1, 1, 1, 1))]
    x = rand(1, 2, 9, 9)
    yield "conv_stride_dilation", [x], [conv(x, W("conv_stride_dilation")["w"],
                                             stride=2, dilation=2)]
    x = rand(1, 1, 5, 5)
    yield "conv_same_upper", [x], [conv(x, W("conv_same_upper")["w"],
                                        pads=(0, 0, 1, 1))]
    yield "conv_same_lower", [x], [conv(x, W("conv_same_lower")["w"],
                                        pads=(1, 1, 0, 0))]
    x = rand(1, 4, 6, 6)
    yield "conv_depthwise", [x], [conv(x, W("conv_depthwise")["w"], groups=4,
                                       pads=(1, 1, 1, 1))]
    yield "conv_grouped", [x], [conv(x, W("conv_grouped")["w"], groups=2,
                                     pads=(1, 1, 1, 1))]
    x = rand(1, 2, 5, 5)
    yield "conv_depthwise_multiplier", [x], [
        conv(x, W("conv_depthwise_multiplier")["w"], groups=2)]
    a = rand(4, 2)
    g = W("gemm_trans_alpha_beta")
    yield "gemm_trans_alpha_beta", [a], [2.0 * a.T @ g["b"].T + 0.5 * g["c"]]
    a, b = rand(2, 1, 4, 5), rand(3, 5, 6)
    yield "matmul_broadcast", [a, b], [np.matmul(a, b)]
    a = rand(1, 5, 4)
    yield "matmul_linear", [a], [a @ W("matmul_linear")["w"]]
    x = rand(1, 1, 5, 5)
    yield "maxpool_pads", [x], [F.max_pool2d(t(x), 3, 2, padding=1).numpy()]
    x = rand(1, 1, 6, 6)
    yield "maxpool_ceil", [x], [F.max_pool2d(t(x), 3, 2, ceil_mode=True).numpy()]
    x = rand(1, 1, 4, 4)
    for inc in (0, 1):
        yield "avgpool_include_pad_%d" % inc, [x], [
            F.avg_pool2d(t(x), 3, 1, padding=1,
                         count_include_pad=bool(inc)).numpy()]
    x = rand(1, 3, 4, 4)
    yield "global_pools", [x], [x.mean(axis=(2, 3), keepdims=True),
                                x.max(axis=(2, 3), keepdims=True)]
    x = rand(1, 2, 3, 3)
    bn = W("batchnorm")
    yield "batchnorm", [x], [F.batch_norm(t(x), t(bn["m"]), t(bn["v"]),
                                          t(bn["s"]), t(bn["b"]),
                                          eps=1.0).numpy()]
    x = rand(2, 5, 4)
    ln = W("layernorm")
    yield "layernorm", [x], [F.layer_norm(t(x), (4,), t(ln["g"]), t(ln["b"]),
                                          eps=1e-5).numpy()]
    ln = W("layernorm_decomposed")
    yield "layernorm_decomposed", [x], [F.layer_norm(t(x), (4,), t(ln["g"]),
                                                     t(ln["b"]),
                                                     eps=1e-5).numpy()]
    x = rand(2, 3, 4)
    yield "softmax_opset11_coerced", [x], [
        F.softmax(t(x.reshape(2, 12)), dim=1).numpy().reshape(2, 3, 4)]
    x = rand(1, 5, 4)
    yield "gather", [x], [x[:, 0], x[:, [3, 4, 1]]]
    a, b = rand(2, 2, 3), rand(2, 4, 3)
    c = np.concatenate([a, b], axis=1)
    yield "concat_slice_split", [a, b], [c[:, 1:-1:2], c[:, :1], c[:, 1:]]
    x = rand(1, 4, 8)
    yield "gelu_erf", [x], [F.gelu(t(x)).numpy()]
    x = rand(2, 3)
    y = np.maximum(x, 0)
    y = torch.sigmoid(t(y)).numpy()
    y = np.clip(0.25 * y + 0.375, 0, 1)
    y = y * np.clip(y / 6 + 0.5, 0, 1)
    y = torch.erf(t(np.tanh(y))).numpy()
    y = np.sqrt(1.0 / np.exp(-y))
    y = np.where(y > 0, y, 0.125 * y)
    yield "activations", [x], [np.clip(y, 0, 6)]


def main():
    tool, d = sys.argv[1], sys.argv[2]
    results = []
    with tempfile.TemporaryDirectory() as work:
        for name, inputs, refs in cases(d):
            refs = [np.asarray(r, dtype=np.float32) for r in refs]
            r = compare(tool, os.path.join(d, name + ".onnx"), inputs, refs, work)
            print("%s: %s" % (name, r), flush=True)
            results.append(r)
    print("summary: %d match, %d other" % (results.count("match"),
                                           len(results) - results.count("match")))


if __name__ == "__main__":
    main()
