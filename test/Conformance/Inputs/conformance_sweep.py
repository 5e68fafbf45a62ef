#!/usr/bin/python3
"""Execute every single-operator model of libonnx-testdata whose ops the
importer supports and compare with the shipped reference outputs, as
imported and after cim-compile + cim-materialize-tiles for each hardware
configuration given.

  conformance_sweep.py CIM_RUN DATA_DIR [--jobs N] [--hw CONFIG.json]...

One line per model, sorted by name:
  "<model>: ok (<n> comparisons)"
  "<model>: FAIL: <first failing line or error>"
  "<model>: skipped: <reason>"  (an op outside the importer's set, or
                                 "importer: <its error>")
then counts: tried, passed, failed, skipped by reason. A FAIL line names the
variant ([workload] or [hw CONFIG]) and the first mismatch or error. Exit status 0 even
when models fail: the committed expected output decides.
"""

import argparse
import collections
import concurrent.futures
import os
import subprocess
import sys

import onnx

# The importer's op set, shared with the other sweep (test/Inputs).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from onnx_supported_ops import SUPPORTED  # noqa: E402


def classify(data, name):
    """None when the model should run, else the skip reason."""
    d = os.path.join(data, name)
    path = os.path.join(d, "model.onnx")
    if not os.path.isfile(path):
        return "no model.onnx"
    if not any(x.startswith("test_data_set_") for x in os.listdir(d)):
        return "no test_data_set_*"
    try:
        model = onnx.load(path)
    except Exception as e:  # a model python-onnx cannot read
        return "unreadable (%s)" % type(e).__name__
    ops = sorted({n.op_type for n in model.graph.node})
    missing = [op for op in ops if op not in SUPPORTED]
    if missing or not ops:
        return "op %s not supported" % (",".join(missing) if missing else
                                        "(none)")
    return None


def run(tool, data, name, configs):
    d = os.path.join(data, name)
    cmd = [tool, "--onnx-test-dir", d]
    for c in configs:
        cmd += ["--hw", c]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    out = proc.stdout.splitlines()
    if proc.returncode == 0 and out and out[-1].startswith("PASS"):
        return "ok", "ok (%s)" % out[-1].split(": ", 1)[1].split(" of ")[1]
    err = proc.stderr.strip().splitlines()
    fails = [l for l in out if "FAIL" in l]
    if proc.returncode < 0:
        msg = "CRASH signal %d" % -proc.returncode
    elif err:
        msg = err[-1].split("error: ", 1)[-1]
    elif fails:
        msg = fails[0].replace("] FAIL: ", "] ", 1)
    else:
        msg = "exit %d" % proc.returncode
    # Keep lines stable: no absolute paths.
    msg = msg.replace(d + "/", "").replace(d, "<dir>")
    for c in configs:
        msg = msg.replace(c, os.path.basename(c))
    if msg.startswith("model.onnx: "):
        # The importer rejects the model (a documented importer limit).
        return "skip", "skipped: importer: " + msg[len("model.onnx: "):]
    return "fail", "FAIL: " + msg


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tool")
    p.add_argument("data")
    p.add_argument("--hw", action="append", default=[])
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--only", default="", help="comma-separated model names")
    args = p.parse_args()
    names = sorted(os.listdir(args.data))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    results = {}
    skipped = collections.Counter()
    todo = []
    for name in names:
        reason = classify(args.data, name)
        if reason is None:
            todo.append(name)
            continue
        results[name] = "skipped: " + reason
        skipped["op not supported" if reason.startswith("op ") else
                reason] += 1
    counts = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run, args.tool, args.data, n, args.hw): n
                   for n in todo}
        for f in concurrent.futures.as_completed(futures):
            status, line = f.result()
            results[futures[f]] = line
            counts[status] += 1
    skipped["importer rejects"] = counts["skip"]
    for name in names:
        print("%s: %s" % (name, results[name]))
    print("tried %d: %d passed, %d failed, %d rejected by the importer" %
          (len(todo), counts["ok"], counts["fail"], counts["skip"]))
    print("skipped %d: %s" % (sum(skipped.values()), ", ".join(
        "%d %s" % (v, k) for k, v in sorted(skipped.items()))))


if __name__ == "__main__":
    main()
