#!/usr/bin/python3
"""Export an OFA-MobileNetV3 w1.0 sub-network to ONNX (random weights).

A plain PyTorch re-implementation of the sub-network OFA extracts for a
genome (once-for-all ofa_mbv3.py / MBConvLayer / SEModule, w1.0), so the ONNX
importer can be checked against cim-space's generated layer list. Nothing is
downloaded; weights are random (seeded).

  ofa_mbv3_export.py --genome 'ks=...;e=...;d=...' [--resolution 224]
                     [--opset 13] -o subnet.onnx

The genome is in gene values, compact (`ks=3,5,...;e=...;d=...`) or DyNAS-T
dict form (`{'ks': [...], 'e': [...], 'd': [...]}`). Prints the parameter
count (BN gamma/beta and biases included) and conv + linear MACs, the
counting convention of the measured data.
"""
import argparse
import ast
import sys

import torch
import torch.nn as nn

STAGE_WIDTH = [24, 40, 80, 112, 160]
STAGE_STRIDE = [2, 2, 2, 1, 2]
STAGE_HSWISH = [False, False, True, True, True]
STAGE_SE = [False, True, False, True, True]


def make_divisible(v, divisor=8):
    n = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if n < 0.9 * v:
        n += divisor
    return n


def parse_genome(text):
    text = text.strip()
    if text.startswith("{"):
        raw = ast.literal_eval(text)
        genes = {k: v for k, v in raw.items() if k in ("ks", "e", "d")}
    else:
        genes = {}
        for part in text.split(";"):
            if not part.strip():
                continue
            key, _, values = part.partition("=")
            genes[key.strip()] = [int(x) for x in values.split(",")]
    for key, count, allowed in (("ks", 20, (3, 5, 7)), ("e", 20, (3, 4, 6)),
                                ("d", 5, (2, 3, 4))):
        if key not in genes:
            sys.exit("ofa_mbv3_export: genome: missing gene '%s'" % key)
        if len(genes[key]) != count:
            sys.exit("ofa_mbv3_export: genome: gene '%s': expected %d values, "
                     "found %d" % (key, count, len(genes[key])))
        for i, v in enumerate(genes[key]):
            active = key == "d" or i % 4 < genes.get("d", [4] * 5)[i // 4]
            if active and v not in allowed:
                sys.exit("ofa_mbv3_export: genome: gene %s[%d]: expected one "
                         "of %s, found %r" % (key, i, allowed, v))
    return genes


def conv_bn(cin, cout, k, stride, groups, act):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


class SqueezeExcite(nn.Module):
    def __init__(self, channels):
        super().__init__()
        squeeze = make_divisible(channels // 4)
        self.reduce = nn.Conv2d(channels, squeeze, 1, bias=True)
        self.expand = nn.Conv2d(squeeze, channels, 1, bias=True)
        self.relu = nn.ReLU()
        self.gate = nn.Hardsigmoid()

    def forward(self, x):
        y = x.mean(dim=(2, 3), keepdim=True)
        return x * self.gate(self.expand(self.relu(self.reduce(y))))


class MBConv(nn.Module):
    def __init__(self, cin, cout, kernel, stride, expand, act, se):
        super().__init__()
        mid = make_divisible(round(cin * expand))
        self.expand = conv_bn(cin, mid, 1, 1, 1, act)
        self.depthwise = conv_bn(mid, mid, kernel, stride, mid, act)
        self.se = SqueezeExcite(mid) if se else None
        self.project = conv_bn(mid, cout, 1, 1, 1, None)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.depthwise(self.expand(x))
        if self.se is not None:
            y = self.se(y)
        y = self.project(y)
        return x + y if self.residual else y


class FirstBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.depthwise = conv_bn(16, 16, 3, 1, 16, nn.ReLU)
        self.pointwise = conv_bn(16, 16, 1, 1, 1, None)

    def forward(self, x):
        return x + self.pointwise(self.depthwise(x))


class OfaMbv3Subnet(nn.Module):
    def __init__(self, genes):
        super().__init__()
        self.first_conv = conv_bn(3, 16, 3, 2, 1, nn.Hardswish)
        blocks = [FirstBlock()]
        cin = 16
        for stage in range(5):
            act = nn.Hardswish if STAGE_HSWISH[stage] else nn.ReLU
            for i in range(genes["d"][stage]):
                slot = 4 * stage + i
                blocks.append(MBConv(cin, STAGE_WIDTH[stage], genes["ks"][slot],
                                     STAGE_STRIDE[stage] if i == 0 else 1,
                                     genes["e"][slot], act, STAGE_SE[stage]))
                cin = STAGE_WIDTH[stage]
        self.blocks = nn.Sequential(*blocks)
        self.final_expand = conv_bn(cin, 960, 1, 1, 1, nn.Hardswish)
        self.feature_mix = nn.Sequential(nn.Conv2d(960, 1280, 1, bias=False),
                                         nn.Hardswish())
        self.classifier = nn.Linear(1280, 1000)

    def forward(self, x):
        x = self.final_expand(self.blocks(self.first_conv(x)))
        x = self.feature_mix(x.mean(dim=(2, 3), keepdim=True))
        return self.classifier(torch.flatten(x, 1))


def count_macs(model, resolution):
    macs = []

    def conv_hook(module, inputs, output):
        k = module.kernel_size[0] * module.kernel_size[1]
        macs.append(output.numel() * (module.in_channels // module.groups) * k)

    def linear_hook(module, inputs, output):
        macs.append(module.in_features * module.out_features)

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    with torch.no_grad():
        model(torch.zeros(1, 3, resolution, resolution))
    for h in hooks:
        h.remove()
    return sum(macs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--genome", required=True)
    parser.add_argument("--resolution", type=int, default=224)
    parser.add_argument("--opset", type=int, default=13)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    if not 13 <= args.opset <= 17:
        sys.exit("ofa_mbv3_export: --opset: expected 13..17, found %d" % args.opset)
    if not (128 <= args.resolution <= 224 and args.resolution % 4 == 0):
        sys.exit("ofa_mbv3_export: --resolution: expected 128..224 in steps "
                 "of 4, found %d" % args.resolution)
    genes = parse_genome(args.genome)
    torch.manual_seed(args.seed)
    model = OfaMbv3Subnet(genes).eval()
    params = sum(p.numel() for p in model.parameters())
    macs = count_macs(model, args.resolution)
    dummy = torch.randn(1, 3, args.resolution, args.resolution)
    torch.onnx.export(model, dummy, args.output, opset_version=args.opset,
                      input_names=["input"], output_names=["logits"],
                      do_constant_folding=True)
    print("params %d macs %d resolution %d opset %d wrote %s"
          % (params, macs, args.resolution, args.opset, args.output))


if __name__ == "__main__":
    main()
