#!/usr/bin/python3
"""Writes the seed corpora fuzz/corpus/<harness>/ from the repository's own
test inputs and configurations (docs/reliability.md, "Fuzzing").

Usage: fuzz/make_seeds.py [--cim-opt PATH]

Seeds are small valid (and a few invalid) inputs the fuzzer mutates from;
they are committed, and this script says where each comes from. With
--cim-opt, the cim_sim corpus also gets the lowered IR of the test networks
(cim-opt --cim-map --cim-lower). Comment lines (RUN/CHECK) are stripped.
"""
import glob
import hashlib
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "fuzz", "corpus")
cim_opt = None
if len(sys.argv) == 3 and sys.argv[1] == "--cim-opt":
    cim_opt = sys.argv[2]

# First-byte selectors of genome_text and accuracy_csv: the index into
# cim::searchSpaceNames() (ofa_mbv3, ofa_mbv3_r, ofa_resnet50, vit_b16);
# genome_text's index 4 is the bundled hardware space.
MBV3, MBV3_R, RESNET50, VIT, HW = range(5)


def read(path):
    with open(os.path.join(root, path), "rb") as f:
        return f.read()


def put(harness, data, name=None):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(corpus, harness)
    os.makedirs(d, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def chunks(path, marker, comment):
    """The split-input-file chunks of a test, comment lines dropped."""
    text = read(path).decode()
    for chunk in text.split(marker):
        lines = [l for l in chunk.splitlines() if not l.lstrip().startswith(comment)]
        body = "\n".join(lines).strip()
        if body:
            yield body + "\n"


# ONNX importer: every small binary model of the importer tests, and the
# text-syntax models.
for path in sorted(glob.glob(os.path.join(root, "test/cim-translate/Inputs/*.onnx"))):
    if os.path.getsize(path) <= 8192:
        put("onnx_import", read(path), os.path.basename(path))
for chunk in chunks("test/cim-translate/text-models.onnxtext", "// -----", "#"):
    put("onnx_import", chunk)
for chunk in chunks("test/cim-translate/hostile-attributes.onnxtext", "// -----", "#"):
    put("onnx_import", chunk)

# Hardware JSON: the bundled configurations.
for path in ["configs/hw/default.json"] + sorted(
        os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "configs/hw/macros/*.json"))):
    put("hardware_json", read(path), os.path.basename(path))

# Hardware spaces: the bundled one (its base a file name) and the test's
# (its base inline).
put("hardware_space", read("configs/hw-space/default.json"), "default.json")
put("hardware_space", read("test/Inputs/small-hw-space.json"), "small-hw-space.json")

# Genome text, per space: compact and dict spellings from the tests.
threes = ",".join(["3"] * 20)
put("genome_text", bytes([MBV3]) + ("ks=%s;e=%s;d=2,2,2,2,2" % (threes, threes)).encode(), "mbv3-compact")
put("genome_text", bytes([MBV3]) + ("{'ks': [%s], 'e': [%s], 'd': [2,2,2,2,2]}" % (threes, threes)).encode(), "mbv3-dict")
put("genome_text", bytes([MBV3_R]) + ("{'wid': None, 'ks': [3,3,3,5,3,3,5,5,5,3,3,3,3,5,5,7,5,3,5,3], 'e': [3,3,4,3,3,3,3,4,3,3,4,3,3,3,3,3,3,3,4,3], 'd': [2,2,2,2,2], 'r': [224]}").encode(), "mbv3r-dict")
put("genome_text", bytes([MBV3_R]) + ("ks=%s;e=%s;d=2,2,2,2,2;r=128" % (threes, threes)).encode(), "mbv3r-compact")
put("genome_text", bytes([RESNET50]) + b"d=0,1,2,0,1;e=0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35;w=0,1,2,0,1,2", "resnet50-compact")
put("genome_text", bytes([VIT]) + b"num_layers=10;num_attention_heads=6,6,6,6,6,6,6,6,6,6,12,12;vit_intermediate_sizes=1024,1024,1024,1024,1024,1024,1024,1024,1024,1024,3072,3072", "vit-compact")
put("genome_text", bytes([HW]) + b"hw_array_shape=64x64;hw_cores=4;hw_gb_sram_percent=75;hw_gb_bandwidth_percent=20", "hw")

# Accuracy CSV: the test table, and the head of the bundled measurements.
put("accuracy_csv", bytes([MBV3_R]) + read("test/Inputs/tiny-accuracy.csv"), "tiny-accuracy")
head = b"\n".join(read("data/ofa_mbv3_w10_imagenet.csv").splitlines()[:6]) + b"\n"
put("accuracy_csv", bytes([MBV3_R]) + head, "ofa-mbv3-head")

# cim dialect + simulators: the lowered timeline tests, the schedule-op
# tests, and (with --cim-opt) the lowered test networks.
for path in sorted(glob.glob(os.path.join(root, "test/cim-sim/timeline-*.mlir"))):
    rel = os.path.relpath(path, root)
    for chunk in chunks(rel, "// -----", "//"):
        put("cim_sim", chunk.replace("PINGPONG", "true"), os.path.basename(path))
for rel in ["test/Dialect/Cim/IR/schedule.mlir", "test/cim-sim/cim-sim-errors.mlir"]:
    for chunk in chunks(rel, "// -----", "//"):
        put("cim_sim", chunk)
if cim_opt:
    for rel in ["test/cim-sim/matmul-by-hand.mlir", "test/cim-sim/energy-by-hand.mlir"]:
        out = subprocess.run([cim_opt, os.path.join(root, rel), "--cim-map", "--cim-lower"],
                             check=True, capture_output=True).stdout
        put("cim_sim", out, os.path.basename(rel))
