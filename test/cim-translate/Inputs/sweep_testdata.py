#!/usr/bin/python3
"""Import every single-operator model of libonnx-testdata whose ops the
importer supports, and list the rest with the reason they were skipped.

  sweep_testdata.py CIM_TRANSLATE DATA_DIR

One line per model, sorted: "<model>: ok", "<model>: error: <file>:
<message>" (the file the diagnostic points at, then its text) or
"<model>: skipped: <reason>", then a summary line.
"""

import os
import re
import subprocess
import sys

import onnx

# The importer's op set, shared with the other sweep (test/Inputs).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from onnx_supported_ops import SUPPORTED  # noqa: E402


def main():
    tool, data = sys.argv[1], sys.argv[2]
    counts = {"ok": 0, "error": 0, "skipped": 0}
    for name in sorted(os.listdir(data)):
        path = os.path.join(data, name, "model.onnx")
        if not os.path.isfile(path):
            continue
        try:
            model = onnx.load(path)
        except Exception as e:  # a model python-onnx cannot read
            print("%s: skipped: unreadable (%s)" % (name, type(e).__name__))
            counts["skipped"] += 1
            continue
        ops = sorted({n.op_type for n in model.graph.node})
        missing = [op for op in ops if op not in SUPPORTED]
        if missing or not ops:
            print("%s: skipped: op %s not supported" %
                  (name, ",".join(missing) if missing else "(none)"))
            counts["skipped"] += 1
            continue
        proc = subprocess.run([tool, "--import-onnx", path, "--verify-roundtrip",
                               "-o", os.devnull],
                              capture_output=True, text=True)
        if proc.returncode == 0:
            print("%s: ok" % name)
            counts["ok"] += 1
        else:
            lines = proc.stderr.strip().splitlines() or ["(no message)"]
            msg = lines[-1].replace(path, "model.onnx")
            # "FILE:LINE:COL: error: TEXT" (line 0: the binary file as a whole)
            located = re.match(r"(.*):\d+:\d+: error: (.*)", msg)
            msg = ("%s: %s" % located.groups() if located
                   else msg.split("error: ", 1)[-1])
            if proc.returncode < 0 or "does not verify" in msg:
                msg = "CRASH/BUG rc=%d %s" % (proc.returncode, msg)
            print("%s: error: %s" % (name, msg))
            counts["error"] += 1
    print("summary: %d ok, %d error, %d skipped" %
          (counts["ok"], counts["error"], counts["skipped"]))


if __name__ == "__main__":
    main()
