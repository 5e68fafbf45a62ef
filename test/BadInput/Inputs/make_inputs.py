#!/usr/bin/python3
"""Writes the hostile inputs of bad-input-matrix.test into a directory.

Usage: make_inputs.py OUT_DIR CONFIGS_DIR TEST_INPUTS_DIR

Generated rather than committed: some are large (a 50 MB hardware name,
JSON nested 100,000 deep) and all are derived from the committed valid files
by one change each, which this script spells out.
"""
import json
import os
import sys

out, configs, inputs = sys.argv[1:4]
os.makedirs(out, exist_ok=True)


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(out, name), mode) as f:
        f.write(data)


# --- ONNX -------------------------------------------------------------------
def varint(n):
    b = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        b.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(b)


def field(number, payload):  # a length-delimited protobuf field
    return varint(number << 3 | 2) + varint(len(payload)) + payload


# GraphProto.node = 1, NodeProto.attribute = 5, AttributeProto.g = 6,
# ModelProto.graph = 7 (onnx/onnx.proto): 40 graph -> node -> attribute
# rounds are 120 nested messages, beyond protobuf's default limit of 100.
graph = b""
for _ in range(40):
    graph = field(1, field(5, field(6, graph)))
write("nested.onnx", varint(1 << 3) + varint(8) + field(7, graph))

# A Conv with stride 0 (SIGFPE inside ONNX shape inference before), in the
# text syntax; cim-run reads models named *.onnx.
write("stride0.onnx", """<ir_version: 8, opset_import: ["" : 17]>
g (float[1,3,8,8] x, float[4,3,3,3] w) => (float[1,4,8,8] y) {
  y = Conv<strides=[0,0], pads=[1,1,1,1]>(x, w)
}
""")
write("relu.onnx", """<ir_version: 8, opset_import: ["" : 17]>
g (float[1,6] x) => (float[1,6] y) {
  y = Relu(x)
}
""")

# --- JSON -------------------------------------------------------------------
with open(os.path.join(configs, "hw", "default.json")) as f:
    hw_text = f.read()
hw = json.loads(hw_text)

write("deep.json", "[" * 100000 + "]" * 100000)
# The same key twice in "array" (nlohmann would keep the last silently).
write("duplicate.json", hw_text.replace('"rows":', '"rows": 64, "rows":', 1))
long_name = dict(hw, name="n" * 300)
write("long-name.json", json.dumps(long_name))
huge_name = dict(hw, name="n" * (50 << 20))
write("huge-name.json", json.dumps(huge_name))

# Hardware fields outside their ranges (HardwareFields.def): each overflowed
# the cycle arithmetic or made the planner spin before (issue 14).
for tag, group, key, value in [("adc", "array", "adc_cycles", 1 << 62),
                               ("cores", "array", "cores", 1 << 31),
                               ("arrays", "array", "arrays_per_core", 1 << 40),
                               ("hop", "schedule", "step_overhead_cycles",
                                10 ** 18),
                               ("bits", "array", "input_bits", 4096)]:
    bad = json.loads(hw_text)
    bad[group][key] = value
    write("range-%s.json" % tag, json.dumps(bad))

with open(os.path.join(inputs, "small-hw-space.json")) as f:
    space = json.load(f)
write("space-dev-zero.json", json.dumps(dict(space, base="/dev/zero")))

# --- accuracy CSV -------------------------------------------------------------
with open(os.path.join(inputs, "tiny-accuracy.csv")) as f:
    rows = f.read().splitlines()
for tag, value in [("nan", "nan"), ("inf", "inf"), ("negative", "-3"),
                   ("huge", "1e300"), ("over100", "100.5")]:
    bad = list(rows)
    cells = bad[2].split(",")
    cells[-1] = value  # top1 is the last column; line 3 of the file
    bad[2] = ",".join(cells)
    write("accuracy-%s.csv" % tag, "\n".join(bad) + "\n")
