#!/usr/bin/python3
"""Every genome a tool prints is accepted by every tool that takes one.

usage: round_trip.py BIN_DIR PYTHON_DIR SPACE WORK_DIR [ACCURACY_CSV]

For SPACE: a small joint search, a model-only search and a hardware-only
search; then, for front points of each, the genome text that print_front.py
prints goes to `cim-opt-search --evaluate` (which must find the same cycles,
accuracy and provenance as the front row), `--write-hw` (whose file
`cim-opt --cim-compile` and `--mode model-only --hw` accept unchanged),
`--emit-subnet`, `--subnet` (hardware-only) and `cim-space layers --genome`;
front.csv itself goes to `cim-space layers --genome-csv` and `--hw-regret`.
Prints "SPACE: N genomes round-tripped: ok" or fails with the command that
failed.
"""
import csv
import os
import subprocess
import sys

BIN, PYDIR, SPACE, WORK = sys.argv[1:5]
ACCURACY = sys.argv[5] if len(sys.argv) > 5 else None
HW_SPACE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Inputs",
                        "small-hw-space.json")
REF = "--ref-point=60,1000000000"


def run(*args, cwd=WORK):
    proc = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("command failed (%d): %s\n%s%s" % (
            proc.returncode, " ".join(args), proc.stdout, proc.stderr))
    return proc.stdout


def tool(name, *args):
    return run(os.path.join(BIN, name), *args)


def search(out, *args):
    accuracy = ["--accuracy-data", ACCURACY] if ACCURACY else []
    tool("cim-opt-search", "--supernet", SPACE, "--hw-space", HW_SPACE,
         "--population", "6", "--generations", "2", "--seed", "5", REF,
         "--out", out, *accuracy, *args)
    with open(os.path.join(WORK, out, "front.csv"), newline="") as f:
        return list(csv.DictReader(f))


def printed_genomes(out):
    """The genome lines of print_front.py, in its (sorted) order."""
    text = run("/usr/bin/python3", os.path.join(PYDIR, "print_front.py"),
               os.path.join(WORK, out, "front.csv"))
    lines = text.splitlines()
    start = lines.index("genomes in the same order (for --evaluate GENOME "
                        "[--write-hw FILE]):")
    return [l.strip() for l in lines[start + 1:] if l.startswith("  ")]


def sorted_front(rows):
    return sorted(rows, key=lambda r: (-float(r["accuracy"] or 0), int(r["cycles"])))


def evaluate(genome, *args):
    accuracy = ["--accuracy-data", ACCURACY] if ACCURACY else []
    text = tool("cim-opt-search", "--supernet", SPACE, "--hw-space", HW_SPACE,
                "--evaluate", genome, *accuracy, *args)
    return next(csv.DictReader(text.splitlines()))


def same_point(row, evaluated, what):
    for key in ("cycles", "accuracy", "accuracy_source", "macs", "params"):
        if row[key] != evaluated[key] and not (
                key == "accuracy" and row[key] and evaluated[key]
                and float(row[key]) == float(evaluated[key])):
            sys.exit("%s: %s differs: front %r, --evaluate %r" % (
                what, key, row[key], evaluated[key]))


def main():
    os.makedirs(WORK, exist_ok=True)
    checked = 0
    # Joint: model genes and hw_* genes in one text.
    joint = sorted_front(search("joint", "--mode", "joint"))
    for i, (row, genome) in enumerate(zip(joint, printed_genomes("joint"))):
        if i == 3:
            break
        hw = os.path.join(WORK, "joint-hw%d.json" % i)
        same_point(row, evaluate(genome, "--write-hw", hw), "joint row %d" % i)
        # The written file: a normal hardware file for every tool.
        same_point(row, evaluate(genome.split(";hw_")[0], "--hw", hw),
                   "joint row %d on its --write-hw file" % i)
        ir = os.path.join(WORK, "joint%d.mlir" % i)
        tool("cim-opt-search", "--emit-subnet", SPACE, genome, "-o", ir)
        tool("cim-opt", ir, "--cim-compile=config=" + hw, "-o", ir + ".low")
        tool("cim-sim", ir + ".low", "-o", os.devnull)
        tool("cim-space", "layers", "--space", SPACE, "--genome", genome)
        checked += 1
    hw0 = os.path.join(WORK, "joint-hw0.json")
    # Model-only on a written file; its front's genomes evaluate on that file.
    model_only = sorted_front(search("model-only", "--mode", "model-only", "--hw", hw0))
    for i, (row, genome) in enumerate(zip(model_only, printed_genomes("model-only"))):
        if i == 2:
            break
        same_point(row, evaluate(genome, "--hw", hw0), "model-only row %d" % i)
        checked += 1
    # Hardware-only for a joint front network: print_front prefixes the run's
    # fixed sub-network, so the text is a whole joint genome again.
    subnet = printed_genomes("joint")[0].split(";hw_")[0]
    hardware_only = sorted_front(search("hardware-only", "--mode", "hardware-only",
                                        "--subnet", subnet))
    for i, (row, genome) in enumerate(zip(hardware_only, printed_genomes("hardware-only"))):
        if i == 2:
            break
        same_point(row, evaluate(genome), "hardware-only row %d" % i)
        checked += 1
    # The CSV files themselves (`-` cells) as genome lists.
    front_csv = os.path.join(WORK, "joint", "front.csv")
    tool("cim-space", "layers", "--space", SPACE, "--genome-csv", front_csv)
    accuracy = ["--accuracy-data", ACCURACY] if ACCURACY else []
    tool("cim-opt-search", "--supernet", SPACE, "--hw-space", HW_SPACE,
         "--hw-regret", front_csv, "--out", os.path.join(WORK, "regret"), *accuracy)
    print("%s: %d genomes round-tripped: ok" % (SPACE, checked))


main()
