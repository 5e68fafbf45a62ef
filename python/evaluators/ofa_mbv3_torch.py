#!/usr/bin/python3
"""Accuracy evaluator template for cim-opt-search --accuracy-evaluator:
OFA-MobileNetV3 (w1.0) sub-networks in PyTorch, scored on an ImageFolder.

  cim-opt-search --supernet ofa_mbv3 --accuracy-evaluator
      'python/evaluators/ofa_mbv3_torch.py --weights SUPERNET.pt
       --data VAL_DIR [--resolution 224] [--limit N] [--calibrate N]
       [--device cuda]' ...

cim-opt-search appends BATCH.csv and RESULT.csv (docs/search.md, "Accuracy
from your own evaluator"). For each candidate the sub-network of its genome
is built (python/ofa_mbv3_export.py's OfaMbv3Subnet: OFA's MBConv stages,
SE and h-swish, w1.0), its weights are taken from the supernet state dict
--weights the way OFA extracts a sub-network (first blocks of each stage,
first channels, centre crop of larger kernels), optionally its batch-norm
statistics are re-estimated on --calibrate images (OFA's
set_running_statistics), and top-1 on the ImageFolder --data is written.

--weights is a state dict of OfaMbv3Subnet for the largest genome (ks 7,
e 6, d 4 everywhere) in this module's parameter names; an OFA checkpoint
must be converted to these names first (OFA's elastic-kernel transform
matrices are not applied: kernels are centre-cropped). --save-random-weights
writes such a file with seeded random weights (tests; nothing downloads).
Class k of the logits is the k-th class folder in sorted order (ImageNet's
synset folders give the standard order).
"""
import argparse
import csv
import os
import re
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ofa_mbv3_export import OfaMbv3Subnet, parse_genome  # noqa: E402

LARGEST = {"ks": [7] * 20, "e": [6] * 20, "d": [4] * 5}


def fail(message):
    sys.stderr.write("ofa_mbv3_torch: error: %s\n" % message)
    sys.exit(1)


def supernet_key(key, genes):
    """The supernet parameter a sub-network parameter is cut from: block j
    of the sub-network is block i of stage s, supernet block 1 + 4 s + i."""
    match = re.match(r"blocks\.(\d+)\.(.*)", key)
    if not match or match.group(1) == "0":
        return key
    index = int(match.group(1)) - 1
    for stage, depth in enumerate(genes["d"]):
        if index < depth:
            return "blocks.%d.%s" % (1 + 4 * stage + index, match.group(2))
        index -= depth
    raise KeyError(key)


def cut(weight, shape):
    """First channels of every dimension; spatial dimensions (of a 4-D
    convolution weight) centre-cropped."""
    slices = []
    for dim, size in enumerate(shape):
        start = (weight.shape[dim] - size) // 2 if dim >= 2 else 0
        slices.append(slice(start, start + size))
    return weight[tuple(slices)]


def build(genes, supernet):
    model = OfaMbv3Subnet(genes)
    state = model.state_dict()
    for key, value in state.items():
        source = supernet.get(supernet_key(key, genes))
        if source is None:
            fail("--weights: no parameter %s (for %s)" % (
                supernet_key(key, genes), key))
        if source.dim() != value.dim() or any(
                s < v for s, v in zip(source.shape, value.shape)):
            fail("--weights: parameter %s has shape %s, smaller than the "
                 "sub-network's %s" % (supernet_key(key, genes),
                                       tuple(source.shape), tuple(value.shape)))
        state[key] = cut(source, value.shape).clone()
    model.load_state_dict(state)
    return model


def loader(data, resolution, limit, batch_size):
    import torchvision.datasets as datasets
    import torchvision.transforms as transforms
    transform = transforms.Compose([
        transforms.Resize(int(round(resolution / 0.875))),
        transforms.CenterCrop(resolution),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    dataset = datasets.ImageFolder(data, transform)
    if limit:
        dataset = torch.utils.data.Subset(dataset,
                                          range(min(limit, len(dataset))))
    return torch.utils.data.DataLoader(dataset, batch_size=batch_size,
                                       shuffle=False)


def calibrate(model, images, device):
    """OFA set_running_statistics: batch-norm mean/var re-estimated as the
    plain average over the calibration images."""
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.reset_running_stats()
            module.momentum = None
    model.train()
    with torch.no_grad():
        for x, _ in images:
            model(x.to(device))
    model.eval()


def top1(model, images, device):
    correct = total = 0
    with torch.no_grad():
        for x, y in images:
            predicted = model(x.to(device)).argmax(dim=1).cpu()
            correct += int((predicted == y).sum())
            total += len(y)
    if total == 0:
        fail("--data: no images")
    return 100.0 * correct / total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", required=True,
                        help="supernet state dict (see the module docstring)")
    parser.add_argument("--data", help="ImageFolder to score on")
    parser.add_argument("--resolution", type=int, default=224)
    parser.add_argument("--limit", type=int, default=0,
                        help="score the first N images only")
    parser.add_argument("--calibrate", type=int, default=0,
                        help="re-estimate batch norm on the first N images")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--save-random-weights", action="store_true",
                        help="write seeded random supernet weights to "
                             "--weights and exit")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("paths", nargs="*", metavar="BATCH.csv RESULT.csv")
    args = parser.parse_args()

    if args.save_random_weights:
        torch.manual_seed(args.seed)
        torch.save(OfaMbv3Subnet(LARGEST).state_dict(), args.weights)
        return
    if len(args.paths) != 2 or not args.data:
        fail("expected --data DIR and the paths BATCH.csv RESULT.csv")
    batch_path, result_path = args.paths
    try:
        supernet = torch.load(args.weights, map_location="cpu",
                              weights_only=True)
    except (OSError, RuntimeError) as error:
        fail("--weights %s: %s" % (args.weights, error))
    with open(batch_path, newline="") as f:
        batch = list(csv.DictReader(f))
    device = torch.device(args.device)
    images = loader(args.data, args.resolution, args.limit, args.batch_size)
    calibration = (loader(args.data, args.resolution, args.calibrate,
                          args.batch_size) if args.calibrate else None)
    rows = []
    for item in batch:
        model = build(parse_genome(item["genome"]), supernet).to(device).eval()
        if calibration is not None:
            calibrate(model, calibration, device)
        rows.append([item["candidate"], "%.4f" % top1(model, images, device)])
        sys.stderr.write("candidate %s: top1 %s\n" % tuple(rows[-1]))
    partial = result_path + ".partial"
    with open(partial, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["candidate", "top1"])
        writer.writerows(rows)
    os.replace(partial, result_path)


if __name__ == "__main__":
    main()
