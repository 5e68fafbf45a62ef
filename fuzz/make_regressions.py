#!/usr/bin/python3
"""Writes fuzz/regressions/<harness>/: one input per defect class of issue 14
that the harness reaches, each derived from a committed valid input by the
one change the class names. scripts/fuzz.sh replays them before fuzzing;
every one must now end in a clean error (or, where legal, a correct result),
never a crash, sanitizer report, hang or >2 GB allocation.

Usage: fuzz/make_regressions.py   (rewrites the directory; output committed)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "fuzz", "regressions")
MBV3_R = 1  # cim::searchSpaceNames() index (see make_seeds.py)


def read(path):
    with open(os.path.join(root, path)) as f:
        return f.read()


def put(harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, name), mode) as f:
        f.write(data)


# Inputs the fuzzers found are committed as found-<what>: kept; the rest is
# rewritten.
for harness in ["onnx_import", "hardware_json", "hardware_space", "accuracy_csv", "cim_sim"]:
    d = os.path.join(out, harness)
    for dirpath, _, names in os.walk(d):
        for name in names:
            if not name.startswith("found-"):
                os.remove(os.path.join(dirpath, name))

# --- onnx_import: "Crashes" (stride 0 SIGFPE, ConstantOfShape of 2^40),
# "Hangs" (Conv pads of 2^40), "Accepted nonsense" (empty graph, no outputs,
# AveragePool pads >= kernel, negative pads), "Misleading messages"
# (negative dim, Split with negative sizes): every case of the importer's
# hostile-attributes test, named by its comment, and the protobuf nesting.
text = read("test/cim-translate/hostile-attributes.onnxtext")
for chunk in text.split("// -----"):
    lines = chunk.strip().splitlines()
    # The case's title: the first line of the comment paragraph just above
    # its expected-error line.
    title = None
    for i, l in enumerate(lines):
        if "expected-error" in l:
            j = i
            while j > 0 and lines[j - 1].startswith("# "):
                j -= 1
            title = lines[j][2:] if j < i else None
            break
    body = "\n".join(l for l in lines if not l.startswith("#")).strip()
    if title and body:
        name = re.sub(r"[^a-z0-9]+", "-", title.split("(")[0].lower()).strip("-")
        put("onnx_import", name + ".onnxtext", body + "\n")


# 40 graph -> node -> attribute rounds: 120 nested messages (protobuf's
# limit is 100), reported as "truncated" before: the bad-input matrix's
# generator writes it.
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(root, "test/BadInput/Inputs/make_inputs.py"),
                    tmp, os.path.join(root, "configs"), os.path.join(root, "test/Inputs")],
                   check=True)
    with open(os.path.join(tmp, "nested.onnx"), "rb") as f:
        put("onnx_import", "protobuf-nesting.onnx", f.read())

# --- hardware_json: "Silent int64 overflow" and "Hangs" (huge fields are
# range errors now), "Crashes" (deep nesting), "Memory" (a long name),
# "Accepted nonsense" (duplicate keys), "Misleading messages" (cores=1e18).
hw_text = read("configs/hw/default.json")
hw = json.loads(hw_text)


def with_field(section, key, value):
    h = json.loads(hw_text)
    (h[section] if section else h)[key] = value
    return json.dumps(h, indent=1)


def find_section(key):
    for k, v in hw.items():
        if isinstance(v, dict) and key in v:
            return k
    return None


for key, value, name in [
        ("adc_cycles", 1 << 62, "adc-cycles-2p62"),
        ("step_overhead_cycles", 10 ** 18, "step-overhead-1e18"),
        ("input_bits", 1 << 40, "input-bits-2p40"),
        ("output_bits", 1 << 40, "output-bits-2p40"),
        ("cores", 1 << 31, "cores-2p31"),
        ("cores", 10 ** 18, "cores-1e18"),
        ("arrays_per_core", 1 << 40, "arrays-per-core-2p40"),
        ("rows", 0, "rows-0"),
        ("clock_mhz", -1, "clock-negative")]:
    section = find_section(key)
    if section is None and key not in hw:
        raise SystemExit("make_regressions.py: no field %s in configs/hw/default.json" % key)
    put("hardware_json", name + ".json", with_field(section, key, value))
put("hardware_json", "deep-10000.json", "[" * 10000 + "]" * 10000)
put("hardware_json", "duplicate-key.json", hw_text.replace('"rows":', '"rows": 64, "rows":', 1))
put("hardware_json", "long-name.json", json.dumps(dict(hw, name="n" * 300)))
put("hardware_json", "name-nan.json", hw_text.replace('"name":', '"name": NaN, "x":', 1))

# --- hardware_space: a base that never ends (/dev/zero), a base that is a
# directory, and hostile gene lists.
space = json.loads(read("test/Inputs/small-hw-space.json"))
put("hardware_space", "base-dev-zero.json", json.dumps(dict(space, base="/dev/zero")))
put("hardware_space", "base-directory.json", json.dumps(dict(space, base="/")))
put("hardware_space", "base-self.json", json.dumps(dict(space, base="default.json")))
genes = dict(space["genes"], array_shape=[[1 << 40, 1 << 40]])
put("hardware_space", "array-shape-2p40.json", json.dumps(dict(space, genes=genes)))
genes = dict(space["genes"], cores=[1 << 20])
put("hardware_space", "cores-2p20.json", json.dumps(dict(space, genes=genes)))

# --- accuracy_csv: "Accepted nonsense" (NaN / inf / negative / 1e300 /
# over 100 top-1), on line 3 as in test/BadInput.
rows = read("test/Inputs/tiny-accuracy.csv").splitlines()
for tag, value in [("nan", "nan"), ("inf", "inf"), ("negative", "-3"),
                   ("huge", "1e300"), ("over100", "100.5"), ("hex", "0x1p3")]:
    bad = list(rows)
    cells = bad[2].split(",")
    cells[-1] = value
    bad[2] = ",".join(cells)
    put("accuracy_csv", "top1-%s.csv" % tag, bytes([MBV3_R]) + ("\n".join(bad) + "\n").encode())

# --- cim_sim: "Silent int64 overflow" (2^62 MVMs, Relu over 2^63-1
# elements, huge input/output bits, adc_cycles, step overhead), "Hangs"
# (cores 2^31, arrays_per_core 2^40), "Accepted nonsense" (mvm 0, tiles 0,
# steps -1, cim.cycles -60): the schedule-op test's module with one change.
module = read("test/Dialect/Cim/IR/schedule.mlir")
module = "\n".join(l for l in module.splitlines() if not l.startswith("//")).strip() + "\n"
for name, old, new in [
        ("mvm-0", "cim.mvm 4 ", "cim.mvm 0 "),
        ("mvm-2p62", "cim.mvm 4 ", "cim.mvm 4611686018427387904 "),
        ("trips-2p62", "trips(2)", "trips(4611686018427387904)"),
        ("vector-ops-2p63", "cim.vector ops(40)", "cim.vector ops(9223372036854775807)"),
        ("tiles-0", "tiles = 5,", "tiles = 0,"),
        ("steps-negative", "steps = 1>", "steps = -1>"),
        ("bytes-2p62", "cim.transfer dram bytes(96)", "cim.transfer dram bytes(4611686018427387904)"),
        ("input-bits-2p40", "input_bits = 8,", "input_bits = 1099511627776,"),
        ("output-bits-2p40", "output_bits = 8,", "output_bits = 1099511627776,"),
        ("adc-cycles-2p62", "adc_cycles = 1,", "adc_cycles = 4611686018427387904,"),
        ("step-overhead-1e18", "step_overhead_cycles = 32,", "step_overhead_cycles = 1000000000000000000,"),
        ("cores-2p31", "cores = 2, arrays_per_core", "cores = 2147483648, arrays_per_core"),
        ("arrays-per-core-2p40", "arrays_per_core = 2,", "arrays_per_core = 1099511627776,"),
        ("cycles-negative", "func.func @f(", "func.func @f("),
]:
    assert old in module, (name, old)
    text = module.replace(old, new, 1)
    if name == "cycles-negative":
        text = text.replace("-> tensor<4x10xf32> {", "-> tensor<4x10xf32> attributes {cim.cycles = -60 : i64} {", 1)
    put("cim_sim", name + ".mlir", text)
