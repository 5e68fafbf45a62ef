#!/usr/bin/python3
"""Export torchvision classifiers to ONNX with random weights.

Nothing is downloaded: every model is built with weights=None and seeded
random initialisation, so the exported graphs have the real architecture
(shapes, ops, MACs) but meaningless accuracy.

  /usr/bin/python3 python/export_torchvision.py --out DIR [--models a,b]
      [--opset 17] [--batch 1]
"""

import argparse
import os
import sys
import time

MODELS = {
    "mobilenet_v3_large": 224,
    "mobilenet_v3_small": 224,
    "resnet18": 224,
    "resnet50": 224,
    "efficientnet_b0": 224,
    "vit_b_16": 224,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated subset of: " + ",".join(MODELS))
    parser.add_argument("--opset", type=int, default=17,
                        help="ONNX opset, 13..17 (default 17)")
    parser.add_argument("--batch", type=int, default=1)
    args = parser.parse_args()

    if not 13 <= args.opset <= 17:
        sys.exit("export_torchvision.py: --opset must be in 13..17, got %d"
                 % args.opset)
    names = [m for m in args.models.split(",") if m]
    unknown = [m for m in names if m not in MODELS]
    if unknown:
        sys.exit("export_torchvision.py: unknown model(s) %s; known: %s"
                 % (",".join(unknown), ",".join(MODELS)))

    import torch
    import torchvision

    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(0)
    for name in names:
        start = time.time()
        model = getattr(torchvision.models, name)(weights=None).eval()
        res = MODELS[name]
        example = torch.randn(args.batch, 3, res, res)
        path = os.path.join(args.out, name + ".onnx")
        # Grad mode stays on: under no_grad, nn.MultiheadAttention takes its
        # fused fast path (aten::_native_multi_head_attention), which has no
        # ONNX export; with grad enabled it traces to MatMul/Softmax ops.
        torch.onnx.export(model, example, path, opset_version=args.opset,
                          input_names=["input"], output_names=["logits"],
                          do_constant_folding=True)
        print("%s: %s (%.1f MB, %.1f s)" % (name, path,
                                            os.path.getsize(path) / 1e6,
                                            time.time() - start))


if __name__ == "__main__":
    main()
