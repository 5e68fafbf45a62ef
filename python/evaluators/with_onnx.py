#!/usr/bin/python3
"""Wraps an accuracy evaluator so that it gets each candidate as ONNX.

  cim-opt-search --accuracy-evaluator 'python/evaluators/with_onnx.py
      [--opset 13] -- YOUR_EVALUATOR [ARGS...]' ...

cim-opt-search appends BATCH.csv and RESULT.csv (docs/search.md, "Accuracy
from your own evaluator"). For every candidate of BATCH.csv this exports the
OFA-MobileNetV3 w1.0 sub-network of its genome to ONNX
(python/ofa_mbv3_export.py: seeded random weights, the architecture only;
the resolution from the genome's `r=` gene, else 224) as
onnx/candidate_<i>.onnx beside BATCH.csv, writes batch_onnx.csv with an
extra `onnx` column (absolute paths), and runs
`YOUR_EVALUATOR ARGS... batch_onnx.csv RESULT.csv`, passing its exit status
back. Spaces other than ofa_mbv3 / ofa_mbv3_r: use --accuracy-evaluator-ir
(workload IR) instead.
"""
import argparse
import csv
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))


def fail(message):
    sys.stderr.write("with_onnx: error: %s\n" % message)
    sys.exit(1)


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        fail("expected '-- YOUR_EVALUATOR [ARGS...]' before BATCH.csv "
             "RESULT.csv")
    split = argv.index("--")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--opset", type=int, default=13)
    args = parser.parse_args(argv[:split])
    rest = argv[split + 1:]
    if len(rest) < 3:
        fail("expected YOUR_EVALUATOR, then BATCH.csv and RESULT.csv")
    inner, batch_path, result_path = rest[:-2], rest[-2], rest[-1]

    import torch
    from ofa_mbv3_export import OfaMbv3Subnet, parse_genome

    with open(batch_path, newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        batch = list(reader)
    if "candidate" not in header or "genome" not in header:
        fail("%s: expected the columns candidate and genome" % batch_path)
    out_dir = os.path.join(os.path.dirname(os.path.abspath(batch_path)),
                           "onnx")
    os.makedirs(out_dir, exist_ok=True)
    for item in batch:
        genome = item["genome"].strip()
        resolution = 224
        for part in genome.split(";"):
            key, _, value = part.partition("=")
            if key.strip() == "r":
                resolution = int(value)
        path = os.path.join(out_dir, "candidate_%s.onnx" % item["candidate"])
        torch.manual_seed(0)
        model = OfaMbv3Subnet(parse_genome(genome)).eval()
        dummy = torch.zeros(1, 3, resolution, resolution)
        torch.onnx.export(model, dummy, path, opset_version=args.opset,
                          input_names=["input"], output_names=["logits"],
                          do_constant_folding=True)
        item["onnx"] = path
    wrapped = os.path.join(os.path.dirname(os.path.abspath(batch_path)),
                           "batch_onnx.csv")
    with open(wrapped, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header + ["onnx"])
        writer.writeheader()
        writer.writerows(batch)
    sys.exit(subprocess.call(inner + [wrapped, result_path]))


if __name__ == "__main__":
    main()
