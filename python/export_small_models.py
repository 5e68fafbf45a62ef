#!/usr/bin/python3
"""Export two small whole models with random weights and their PyTorch
reference outputs, for functional verification with cim-run.

  export_small_models.py --out DIR [--models cnn,transformer] [--seed 0]

For each model writes DIR/<model>/ in the ONNX test-directory layout:
  model.onnx                       (opset 17, weights inside)
  test_data_set_0/input_0.pb       (the input, ONNX TensorProto)
  test_data_set_0/output_0.pb      (PyTorch's output, computed at export)
  input.npy, output.npy            (the same tensors as NumPy files)

Models (eval mode, seeded random weights, random BatchNorm statistics):
  cnn          1x3x16x16 -> 1x10: conv3x3+BN+ReLU, depthwise 3x3+BN+hardswish,
               pointwise 1x1+BN, residual add, BN, max pooling, grouped 3x3
               conv, average pooling, global average pooling, linear. The
               exporter folds a BN that follows a conv into the conv; the BN
               after the residual add stays a BatchNormalization node.
  transformer  1x8x16 -> 1x8x16: pre-norm block: LayerNorm, 2-head
               self-attention (Q/K/V linears, Q K^T batch matmul, softmax,
               attention x V, output linear), residual, LayerNorm, GELU MLP
               (16 -> 32 -> 16), residual.
Nothing is downloaded.
"""

import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn as nn


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(8), nn.ReLU())
        self.dw = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1, groups=8,
                                          bias=False),
                                nn.BatchNorm2d(8), nn.Hardswish())
        self.pw = nn.Sequential(nn.Conv2d(8, 8, 1, bias=False),
                                nn.BatchNorm2d(8))
        # After the residual add, so the exporter cannot fold it into a conv.
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.grouped = nn.Sequential(nn.Conv2d(8, 12, 3, padding=1, groups=2),
                                     nn.ReLU())
        self.avg = nn.AvgPool2d(2, count_include_pad=False)
        self.head = nn.Linear(12, 10)

    def forward(self, x):
        x = self.stem(x)
        x = self.bn(x + self.pw(self.dw(x)))
        x = self.pool(x)
        x = self.avg(self.grouped(x))
        x = x.mean(dim=(2, 3))
        return self.head(x)


class TransformerBlock(nn.Module):
    def __init__(self, dim=16, heads=2, hidden=32):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.norm1 = nn.LayerNorm(dim)
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def split(self, t):
        b, n, _ = t.shape
        return t.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x):
        b, n, d = x.shape
        h = self.norm1(x)
        q, k, v = self.split(self.q(h)), self.split(self.k(h)), self.split(
            self.v(h))
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(
            self.head_dim)
        attn = torch.softmax(scores, dim=-1)
        o = torch.matmul(attn, v).transpose(1, 2).reshape(b, n, d)
        x = x + self.proj(o)
        return x + self.fc2(self.act(self.fc1(self.norm2(x))))


MODELS = {
    "cnn": (SmallCnn, (1, 3, 16, 16)),
    "transformer": (TransformerBlock, (1, 8, 16)),
}


def randomize_norms(model, gen):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.copy_(torch.randn(c, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(c, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(c, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(c, generator=gen) * 0.1)
        elif isinstance(m, nn.LayerNorm):
            d = m.normalized_shape[0]
            m.weight.data.copy_(torch.rand(d, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(d, generator=gen) * 0.1)


def export(name, out_dir, seed):
    cls, shape = MODELS[name]
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    model = cls().eval()
    with torch.no_grad():
        randomize_norms(model, gen)
        x = torch.randn(*shape, generator=gen)
        y = model(x)
    d = os.path.join(out_dir, name)
    data = os.path.join(d, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    torch.onnx.export(model, (x,), path, opset_version=17,
                      input_names=["x"], output_names=["y"],
                      do_constant_folding=False)
    onnx.checker.check_model(onnx.load(path))
    xs, ys = x.numpy().astype(np.float32), y.numpy().astype(np.float32)
    for fname, arr in (("input_0.pb", xs), ("output_0.pb", ys)):
        with open(os.path.join(data, fname), "wb") as f:
            f.write(numpy_helper.from_array(arr).SerializeToString())
    np.save(os.path.join(d, "input.npy"), xs)
    np.save(os.path.join(d, "output.npy"), ys)
    print("%s: %s -> %s" % (name, "x".join(map(str, xs.shape)),
                            "x".join(map(str, ys.shape))))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--models", default="cnn,transformer")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    for name in args.models.split(","):
        if name not in MODELS:
            sys.exit("error: unknown model '%s' (known: %s)" %
                     (name, ", ".join(sorted(MODELS))))
        export(name, args.out, args.seed)


if __name__ == "__main__":
    main()
