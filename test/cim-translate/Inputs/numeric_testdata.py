#!/usr/bin/python3
"""Execute imported libonnx-testdata models and compare with their reference
outputs.

  numeric_testdata.py CIM_TRANSLATE MODEL_DIR...
  numeric_testdata.py CIM_TRANSLATE --sweep SWEEP_LIST DATA_DIR
      (every model the sweep list marks "ok", i.e. every imported model)

For each model directory: import with cim-translate, append a @main that
feeds test_data_set_0's inputs as constants and prints every result, lower
with upstream mlir-opt (bufferize, linalg to loops, to LLVM) and run with
mlir-cpu-runner (both from LLVM's tools dir, found on PATH), then compare
with output_N.pb (rtol = atol = 1e-4). tensor.concat and linalg.softmax are
decomposed first with the transform interpreter (they have no direct
lowering in MLIR 19). Prints "<model>: match" or "<model>: <what failed>".
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

ELEMENT = {np.float32: "f32", np.float64: "f64", np.float16: "f16",
           np.int64: "i64", np.int32: "i32", np.int16: "i16", np.int8: "i8",
           np.uint64: "i64", np.uint32: "i32", np.uint16: "i16", np.uint8: "i8",
           np.bool_: "i1"}
PRINTER = {"f32": "F32", "f64": "F64", "f16": "F16", "i64": "I64",
           "i32": "I32"}
SIGNED = {np.uint64: np.int64, np.uint32: np.int32}

TRANSFORMS = """module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %softmax = transform.structured.match ops{["linalg.softmax"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.structured.decompose_interface %softmax : (!transform.any_op) -> !transform.any_op
    %funcs = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %funcs {
      transform.apply_patterns.tensor.decompose_concat
    } : !transform.any_op
    transform.yield
  }
}
"""

PIPELINE = ["--convert-elementwise-to-linalg",
            "--one-shot-bufferize=bufferize-function-boundaries",
            "--convert-linalg-to-loops", "--convert-scf-to-cf",
            "--expand-strided-metadata", "--lower-affine",
            "--convert-math-to-llvm", "--convert-math-to-libm",
            "--finalize-memref-to-llvm", "--convert-arith-to-llvm",
            "--convert-cf-to-llvm", "--convert-func-to-llvm",
            "--reconcile-unrealized-casts"]


def literal(a, et):
    if a.ndim == 0:
        v = a.item()
        if et == "i1":
            return "true" if v else "false"
        if et.startswith("f"):
            return repr(float(v)) if np.isfinite(v) else (
                "0x7FC00000" if np.isnan(v) else
                ("0x7F800000" if v > 0 else "0xFF800000"))
        return str(int(v))
    return "[" + ", ".join(literal(x, et) for x in a) + "]"


def tensor_type(shape, et):
    return "tensor<%s%s>" % ("".join("%dx" % d for d in shape), et)


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def check(tool, modeldir, work):
    model = onnx.load(os.path.join(modeldir, "model.onnx"))
    data = os.path.join(modeldir, "test_data_set_0")
    inits = {i.name for i in model.graph.initializer}
    n_in = len([i for i in model.graph.input if i.name not in inits])
    inputs = [load_pb(os.path.join(data, "input_%d.pb" % k)) for k in range(n_in)]
    refs = [load_pb(os.path.join(data, "output_%d.pb" % k))
            for k in range(len(model.graph.output))]
    return compare(tool, os.path.join(modeldir, "model.onnx"), inputs, refs,
                   work)


def compare(tool, model_path, inputs, refs, work):
    """Imports model_path, runs it on `inputs`, compares with `refs`."""
    imp = subprocess.run([tool, "--import-onnx", model_path, "--func-name=net"],
                         capture_output=True, text=True)
    if imp.returncode:
        return "import failed"
    text = imp.stdout
    sig = re.search(r"func\.func @net\((.*?)\) -> (.*?) \{\n", text)
    results = re.findall(r"tensor<([0-9x]*?)x?([a-z]+[0-9]+)>", sig.group(2))
    body, decls, argvals, argtypes = [], set(), [], []
    for k, a in enumerate(inputs):
        et = ELEMENT[a.dtype.type]
        ty = tensor_type(a.shape, et)
        body.append("    %%in%d = arith.constant dense<%s> : %s" % (k, literal(a, et), ty))
        argvals.append("%%in%d" % k)
        argtypes.append(ty)
    restypes = [tensor_type([int(d) for d in dims.split("x") if d], et)
                for dims, et in results]
    body.append("    %%r:%d = call @net(%s) : (%s) -> (%s)" % (
        len(restypes), ", ".join(argvals), ", ".join(argtypes), ", ".join(restypes)))
    for k, ((dims, et), ty) in enumerate(zip(results, restypes)):
        value = "%%r#%d" % k
        if et in ("i1", "i8", "i16"):
            # The runtime prints i8 as characters: widen small ints to i32.
            ty32 = ty.replace("x%s>" % et, "xi32>").replace("<%s>" % et, "<i32>")
            unsigned = refs[k].dtype.type in (np.bool_, np.uint8, np.uint16)
            body.append("    %%w%d = arith.%s %s : %s to %s" % (
                k, "extui" if unsigned else "extsi", value, ty, ty32))
            value, ty, et = "%%w%d" % k, ty32, "i32"
        mem = ty.replace("tensor", "memref")
        fn = "printMemref" + PRINTER[et]
        decls.add("  func.func private @%s(memref<*x%s>) attributes {llvm.emit_c_interface}" % (fn, et))
        body.append("    %%m%d = bufferization.to_memref %s : %s" % (k, value, mem))
        body.append("    %%u%d = memref.cast %%m%d : %s to memref<*x%s>" % (k, k, mem, et))
        body.append("    call @%s(%%u%d) : (memref<*x%s>) -> ()" % (fn, k, et))
    main = sorted(decls) + ["  func.func @main() {"] + body + ["    return", "  }"]
    end = text.index("\n}\n")
    src = os.path.join(work, "in.mlir")
    with open(src, "w") as f:
        f.write(text[:end] + "\n" + "\n".join(main) + text[end:])
    lib = os.path.join(work, "transforms.mlir")
    with open(lib, "w") as f:
        f.write(TRANSFORMS)
    # Upstream mlir-opt does not know the cim dialect: the #cim.vector_op tags
    # stay opaque attributes that lowering ignores.
    opt = subprocess.run(["mlir-opt", src, "--allow-unregistered-dialect",
                          "--transform-preload-library=transform-library-paths=" + lib,
                          "--transform-interpreter"] + PIPELINE,
                         capture_output=True, text=True)
    if opt.returncode:
        return "lowering failed: " + opt.stderr.strip().splitlines()[0][:160]
    runner = shutil.which("mlir-cpu-runner")
    libdir = os.path.join(os.path.dirname(os.path.realpath(runner)), "..", "lib")
    run = subprocess.run([runner, "-e", "main", "-entry-point-result=void",
                          "-shared-libs=%s,%s" % (
                              os.path.join(libdir, "libmlir_runner_utils.so"),
                              os.path.join(libdir, "libmlir_c_runner_utils.so"))],
                         input=opt.stdout, capture_output=True, text=True)
    if run.returncode:
        return "execution failed: " + run.stderr.strip().splitlines()[0][:160]
    blocks = run.stdout.split("Unranked Memref")[1:]
    if len(blocks) != len(refs):
        return "printed %d results, expected %d" % (len(blocks), len(refs))
    for k, (blk, ref) in enumerate(zip(blocks, refs)):
        nums = re.findall(r"[-+]?(?:inf|nan|\d+\.?\d*(?:[eE][-+]?\d+)?)",
                          blk.split("data =", 1)[1])
        got = np.array([float(x) for x in nums], dtype=np.float64)
        want = ref
        if want.dtype.type in SIGNED:  # printed as signed integers
            want = want.astype(SIGNED[want.dtype.type])
        want = want.astype(np.float64).reshape(-1)
        if got.size != want.size:
            return "result %d has %d elements, expected %d" % (k, got.size, want.size)
        if not np.allclose(got, want, rtol=1e-4, atol=1e-4, equal_nan=True):
            return "MISMATCH in result %d: max abs error %g" % (
                k, float(np.nanmax(np.abs(got - want))))
    return "match"


def main():
    tool = sys.argv[1]
    dirs = sys.argv[2:]
    if dirs and dirs[0] == "--sweep":
        with open(dirs[1]) as f:
            names = [l.split(":")[0] for l in f if l.rstrip().endswith(": ok")]
        dirs = [os.path.join(dirs[2], n) for n in names]
    with tempfile.TemporaryDirectory() as work:
        counts = {}
        for d in dirs:
            try:
                r = check(tool, d, work)
            except Exception as e:  # report, keep going
                r = "harness error: %s" % type(e).__name__
            key = "match" if r == "match" else "other"
            counts[key] = counts.get(key, 0) + 1
            print("%s: %s" % (os.path.basename(d.rstrip("/")), r), flush=True)
        print("summary: %d match, %d other" % (counts.get("match", 0),
                                               counts.get("other", 0)))


if __name__ == "__main__":
    main()
