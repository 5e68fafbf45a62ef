#!/usr/bin/python3
"""Regenerates the generated blocks of the Markdown docs (docs/*.md).

A generated block sits between

  <!-- BEGIN generated NAME: HOW -->
  ...
  <!-- END generated NAME -->

and is rewritten in place, markers included, from what the repository's tools
print now. HOW names the command that regenerates it. Run through
scripts/regen_docs.sh:

  scripts/regen_docs.sh [--long] [--reproduction RESULTS_DIR] [--docs DIR]
                        [--build BUILD_DIR] [--only NAME[,NAME...]] [--list]

Without --long only the cheap generators run (well under a minute together:
cycles-study rows, predictor training, a few short searches, benchmark
counters, counts from committed expected files). --long also runs the CiMNet
reproduction (scripts/reproduce_cimnet.sh, minutes) and rewrites its blocks of
docs/results.md and the figures docs/results_fronts.{png,pdf} and
docs/results_energy.{png,pdf};
--reproduction DIR takes them from a finished reproduction instead. --docs DIR
writes into DIR (a copy of docs/) instead of docs/. --list prints every block
with its doc and cost. Timing measurements (bench/run.sh,
scripts/bench_search.sh, scripts/bench_cli.sh, scripts/bench_import.sh) are
never regenerated here: their tables name the script, machine and date.
"""
import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import analyze_results  # noqa: E402

DATA = os.path.join(ROOT, "data", "ofa_mbv3_w10_imagenet.csv")
HOW = {"cheap": "scripts/regen_docs.sh", "long": "scripts/regen_docs.sh --long",
       "elsewhere": "its own script, named in its marker"}
# Blocks another script writes (and its own drift test checks); docgen only
# knows they exist.
ELSEWHERE = {"fidelity-random": "fidelity.md",  # scripts/fidelity_report.sh
             "fidelity-models": "fidelity.md"}  # ... --models DIR


class Context:
    def __init__(self, build, tmp):
        self.build, self.tmp = build, tmp

    def tool(self, name):
        path = os.path.join(self.build, "bin", name)
        if not os.access(path, os.X_OK):
            sys.exit("docgen.py: %s is not built (ninja -C %s all)" % (path, self.build))
        return path

    def run(self, args, **kwargs):
        result = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, **kwargs)
        if result.returncode != 0:
            sys.exit("docgen.py: %s failed (status %d):\n%s%s" % (
                " ".join(args), result.returncode, result.stdout, result.stderr))
        return result.stdout, result.stderr


def commas(n):
    return "{:,}".format(n)


# ---------------------------------------------------------------- predictors


def train_accuracy(ctx, alpha):
    out, _ = ctx.run([ctx.tool("cim-space"), "train-accuracy", "--space", "ofa_mbv3",
                      "--csv", DATA, "--alpha", str(alpha),
                      "-o", os.path.join(ctx.tmp, "model.json")])
    cv = re.search(r"5-fold CV: MAE (\S+) RMSE (\S+) MAPE (\S+)% Kendall tau (\S+) "
                   r"Spearman (\S+)", out)
    rows = re.search(r"on (\d+) rows of \S+ \(sha256 (\w+)\)", out)
    if not cv or not rows:
        sys.exit("docgen.py: unexpected train-accuracy output:\n" + out)
    return cv.groups(), int(rows.group(1)), rows.group(2)


def gen_accuracy_cv(ctx):
    out, _ = ctx.run([ctx.tool("cim-space"), "describe", "--space", "ofa_mbv3"])
    features = re.search(r"one-hot features (\d+)", out).group(1)
    (mae, rmse, mape, tau, rho), rows, sha = train_accuracy(ctx, 3)
    others = []
    for alpha in (0.3, 10):
        cv = train_accuracy(ctx, alpha)[0]
        others.append("%g: MAE %s, tau %s" % (alpha, cv[0], cv[3]))
    return "\n".join([
        "Fitted on all %s networks of `data/ofa_mbv3_w10_imagenet.csv` (%s bytes, "
        "sha256 `%s...%s`), %s one-hot features. 5-fold cross-validation (folds from "
        "a seeded shuffle, seed 1), metrics over the pooled out-of-fold predictions:"
        % (commas(rows), commas(os.path.getsize(DATA)), sha[:8], sha[-6:], features),
        "",
        "| features | MAE (pp) | RMSE (pp) | MAPE (%) | Kendall tau | Spearman |",
        "|---|---|---|---|---|---|",
        "| one-hot, %s-d, inactive genes zero, alpha 3 | %s | %s | %s | %s | %s |"
        % (features, mae, rmse, mape, tau, rho),
        "",
        "Other alphas (`--alpha`): %s." % "; ".join(others)])


def gen_cycles_study(ctx):
    lines = ["| space | train | test | Kendall tau | Spearman | MAPE (%) |",
             "|---|---|---|---|---|---|"]
    pairs = dropped = 0
    for train, test in ((1000, 500), (200, 100)):
        for space in ("ofa_mbv3", "ofa_resnet50", "vit_b16"):
            out, _ = ctx.run([ctx.tool("cim-space"), "cycles-study", "--space", space,
                              "--train", str(train), "--test", str(test)])
            f = dict(zip(*[iter(out.split("\n")[1].split())] * 2))
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                space, f["train"], f["test"], f["kendall_tau"], f["spearman"],
                f["mape_percent"]))
            pairs += train + test
            dropped += int(f["dropped"])
    lines += ["", "Pairs drawn: %s; dropped as unmappable: %d." % (commas(pairs), dropped)]
    return "\n".join(lines)


# -------------------------------------------------------------------- search


def search_log(ctx, extra):
    out_dir = tempfile.mkdtemp(dir=ctx.tmp)
    out, _ = ctx.run([ctx.tool("cim-opt-search"), "--supernet", "ofa_mbv3",
                      "--population", "2", "--generations", "1", "--ref-point",
                      "70,3000000", "--out", out_dir] + extra)
    line = next((l for l in out.splitlines() if l.startswith("cim-opt-search: accuracy:")),
                None)
    cv = line and re.search(r"(\d+) measured networks .*CV MAE (\S+) points, "
                            r"Kendall tau (\S+)", line)
    if not cv:
        sys.exit("docgen.py: no accuracy line in the cim-opt-search log:\n" + out)
    return cv.groups()


def gen_search_accuracy(ctx):
    networks, mae, tau = search_log(ctx, [])
    _, fit_mae, fit_tau = search_log(ctx, ["--accuracy-data", DATA])
    with open(DATA, newline="") as f:
        top1 = [float(r["top1"]) for r in csv.DictReader(f)]
    return "\n".join([
        "* with the bundled table, the committed model "
        "`configs/accuracy/ofa_mbv3_w10_ridge.json` (trained by `cim-space train-accuracy` "
        "on that table; its 5-fold CV: **MAE %s points, Kendall tau %s**);" % (mae, tau),
        "* with `--accuracy-data`, a ridge fitted on that table at start-up in closed form, "
        "its 5-fold cross-validation (fold = row index mod 5) computed then (on the bundled "
        "table: MAE %s, tau %s)." % (fit_mae, fit_tau),
        "",
        "The bundled table holds %s networks, top-1 %.3f to %.3f %%."
        % (commas(int(networks)), min(top1), max(top1))])


# ------------------------------------------------------------------- results


def gen_reproduction_baseline(ctx):
    with open(DATA, newline="") as f:
        best = max(csv.DictReader(f), key=lambda r: float(r["top1"]))
    genome = analyze_results.compact(best)
    out, _ = ctx.run([ctx.tool("cim-opt-search"), "--hw", "configs/hw/default.json",
                      "--evaluate", genome])
    row = next(csv.DictReader(out.splitlines()))
    cycles = int(row["cycles"])
    return "\n".join([
        "* **(a) baseline**: the most accurate measured network (`%s`, top-1 %s %%, %s) on "
        "the default hardware (`configs/hw/default.json`): `cim-opt-search --evaluate "
        "GENOME --hw configs/hw/default.json` -> **%s cycles** (%.1f M MACs, %s-bound)."
        % (genome, row["accuracy"], row["accuracy_source"], commas(cycles),
           int(row["macs"]) / 1e6, row["bounding_term"]),
        "",
        "Every run uses the same fixed hypervolume reference point: top-1 70 %%, 2 x the "
        "baseline's cycles (%s)." % commas(2 * cycles)])


def reproduction_blocks(ctx, results):
    return analyze_results.doc_blocks(results)


# --------------------------------------------------------------- performance


def gen_costmodel_networks(ctx):
    out, _ = ctx.run([ctx.tool("cim-bench-costmodel"),
                      "--benchmark_filter=BM_MapLayer|BM_MapNetwork|BM_MapSubnetworks",
                      "--benchmark_min_time=0.01", "--benchmark_format=json"])
    bench = {b["name"]: b for b in json.loads(out)["benchmarks"]}
    rn, mb = bench["BM_MapNetworkResNet50"], bench["BM_MapNetworkMobileNetV3Large"]
    spaces = [("ofa_mbv3", "OfaMbv3"), ("ofa_mbv3_r", "OfaMbv3R"),
              ("ofa_resnet50", "OfaResNet50"), ("vit_b16", "VitB16")]
    layers = ", ".join("%s %d-%d" % (name, bench["BM_MapSubnetworks" + key]["layers_min"],
                                     bench["BM_MapSubnetworks" + key]["layers_max"])
                       for name, key in spaces)
    return (
        "Counts and results of the benchmarked work (deterministic; from the counters of "
        "`cim-bench-costmodel --benchmark_format=json`): `BM_MapLayer` cycles over the %d "
        "distinct layers of both networks; `BM_MapNetworkResNet50` maps %d layers to "
        "**%s cycles** per inference, `BM_MapNetworkMobileNetV3Large` %d layers to **%s "
        "cycles** (default chip, 1 GHz), with %d and %d resident arrays (model load %s and "
        "%s cycles). Layers of the 20 random sub-networks (seed 1) of "
        "`BM_MapSubnetworks*`: %s." % (
            bench["BM_MapLayer"]["distinct_layers"], rn["layers"], commas(int(rn["cycles"])),
            mb["layers"], commas(int(mb["cycles"])), rn["resident_arrays"],
            mb["resident_arrays"], commas(int(rn["model_load"])),
            commas(int(mb["model_load"])), layers))


# ------------------------------------------------------------- search spaces


def gene_values(ctx, space):
    out, _ = ctx.run([ctx.tool("cim-space"), "describe", "--space", space])
    groups = {}
    for name, count, values in re.findall(r"^\s+(\w+)\[(\d+)\] in \{([^}]*)\}", out, re.M):
        groups[name] = (int(count), [v.strip() for v in values.split(",")])
    return groups


def sci(x):
    return ("%.1e" % x).replace("e+", "e")


def gen_space_sizes(ctx):
    """Sub-network counts by the spaces' rules (docs/search-spaces.md): equal
    canonical genomes are one network, inactive genes do not count."""
    rows = ["| name | genes | sub-networks |", "|---|---|---|"]

    def genes_text(groups, tail=""):
        return ", ".join("`%s`[%d] {%s}" % (n, c, ",".join(v)) for n, (c, v)
                         in groups.items()) + tail

    mb = gene_values(ctx, "ofa_mbv3")
    per_block = len(mb["ks"][1]) * len(mb["e"][1])
    stage = sum(per_block ** int(d) for d in mb["d"][1])
    stages = mb["d"][0]
    rows.append("| `ofa_mbv3` | %s | %d^%d = %s |" % (
        genes_text(mb, "; 224 px"), stage, stages, sci(stage ** stages)))
    mbr = gene_values(ctx, "ofa_mbv3_r")
    rows.append("| `ofa_mbv3_r` | the above + `r`[1] {%s,%s,...,%s} | x %d |" % (
        mbr["r"][1][0], mbr["r"][1][1], mbr["r"][1][-1], len(mbr["r"][1])))
    rn = gene_values(ctx, "ofa_resnet50")
    # d[0] 0 and 1 are the same network (the stem's middle conv only at 2);
    # d[1..4] add 0-2 blocks to the base depths, each block one e gene.
    base = [2, 2, 4, 2]
    e, w = len(rn["e"][1]), len(rn["w"][1]) ** rn["w"][0]
    count = 2 * w
    for b in base:
        count *= sum(e ** (b + int(d)) for d in rn["d"][1])
    rows.append("| `ofa_resnet50` | %s | %s |" % (genes_text(rn, "; 224 px"), sci(count)))
    vit = gene_values(ctx, "vit_b16")
    per_layer = len(vit["num_attention_heads"][1]) * len(vit["vit_intermediate_sizes"][1])
    count = sum(per_layer ** int(n) for n in vit["num_layers"][1])
    rows.append("| `vit_b16` | %s | %s |" % (genes_text(vit), sci(count)))
    return "\n".join(rows)


# ---------------------------------------------------------- importer, verification


def gen_node_sweep(ctx):
    path = os.path.join(ROOT, "test", "Conformance", "Inputs", "node-sweep.expected")
    ok, comparisons, failed, gemm = 0, 0, 0, {"Conv": 0, "Gemm": 0, "MatMul": 0}
    rejected = unsupported = 0
    for line in open(path):
        name, _, result = line.partition(": ")
        m = re.match(r"ok \((\d+) comparisons", result)
        if m:
            ok += 1
            comparisons += int(m.group(1))
            for op, pattern in (("Conv", "conv"), ("Gemm", "gemm"), ("MatMul", "matmul")):
                if re.match(r"test_(basic_)?%s" % pattern, name):
                    gemm[op] += 1
        elif result.startswith("FAIL"):
            failed += 1
        elif result.startswith("skipped: importer:"):
            rejected += 1
        elif result.startswith("skipped:"):
            unsupported += 1
    return "\n".join([
        "- %d models have only supported ops; %d of them pass in all four variants (%s "
        "output comparisons), %d fail." % (ok + failed + rejected, ok, commas(comparisons),
                                           failed),
        "- %d are rejected by the importer with a documented limit (see below)." % rejected,
        "- %d use an op outside the importer's set and are skipped." % unsupported,
        "- %d of the passing models are the Conv (%d), Gemm (%d) and MatMul (%d) tests (by "
        "name) and so exercise the tile materialization." % (
            sum(gemm.values()), gemm["Conv"], gemm["Gemm"], gemm["MatMul"])])


def gen_onnx_sweep(ctx):
    path = os.path.join(ROOT, "test", "cim-translate", "Inputs", "onnx-testdata-sweep.expected")
    summary = [l for l in open(path) if l.startswith("summary:")][-1]
    ok, error, skipped = re.match(r"summary: (\d+) ok, (\d+) error, (\d+) skipped",
                                  summary).groups()
    numeric = open(os.path.join(ROOT, "test", "cim-translate", "onnx-testdata-numeric.test")).read()
    match = re.search(r"summary: (\d+) match, 0 other", numeric).group(1)
    torch_test = open(os.path.join(ROOT, "test", "cim-translate", "numeric-torch.test")).read()
    torch_models = len(re.findall(r"^# CHECK: \w+: match$", torch_test, re.M))
    return (
        "Current result (`test/cim-translate/Inputs/onnx-testdata-sweep.expected`): the sweep "
        "imports %s models (%s give a clear error, %s use ops outside the supported set) "
        "and the numeric test requires **all %s to match** the ONNX reference outputs. The "
        "torch check (`numeric-torch.test`) requires all %d of its generated models to "
        "match." % (ok, error, skipped, match, torch_models))


def gen_greedy_allocator(ctx):
    binary = os.path.join(ctx.build, "unittests", "CostModel", "CimCostModelTests")
    xml = os.path.join(ctx.tmp, "greedy.xml")
    ctx.run([binary, "--gtest_filter=Network.GreedyMatchesExhaustiveOnSmallNetworks:"
             "Properties.GreedyArrayGrowthResidueIsSmall", "--gtest_output=xml:" + xml])
    p = {k: int(v) for k, v in re.findall(r'<property name="(\w+)" value="(-?\d+)"',
                                          open(xml).read())}
    return (
        "Measured by those two tests (their recorded properties, `--gtest_output=xml`): the "
        "greedy allocator equals the exhaustive optimum on %d of the %d random networks that "
        "map (worst greedy/exhaustive ratio %.3f); one more array per core made the greedy "
        "slower on %d of %d random networks (worst ratio %.3f)." % (
            p["greedy_equal"], p["greedy_compared"], p["greedy_worst_ratio_x1000"] / 1000.0,
            p["greedy_array_violations"], p["greedy_array_checked"],
            p["greedy_array_worst_x1000"] / 1000.0))


CHEAP = [
    ("accuracy-cv", "predictors.md", gen_accuracy_cv),
    ("cycles-study", "predictors.md", gen_cycles_study),
    ("search-accuracy", "search.md", gen_search_accuracy),
    ("reproduction-baseline", "results.md", gen_reproduction_baseline),
    ("costmodel-counts", "performance.md", gen_costmodel_networks),
    ("space-sizes", "search-spaces.md", gen_space_sizes),
    ("node-sweep", "verification.md", gen_node_sweep),
    ("onnx-sweep", "importer.md", gen_onnx_sweep),
    ("greedy-allocator", "timing.md", gen_greedy_allocator),
]
LONG = ["reproduction-runs", "reproduction-iso", "reproduction-provenance",
        "reproduction-regret", "reproduction-hardware", "reproduction-energy",
        "reproduction-energy-hardware"]
LONG_DOC = "results.md"


# ------------------------------------------------------------------- markers

BEGIN = re.compile(r"^<!-- BEGIN generated ([\w-]+): (.*) -->$")
END = re.compile(r"^<!-- END generated ([\w-]+) -->$")


def markers(path):
    """Names of the generated blocks in a doc, in order; checks pairing."""
    names, open_name = [], None
    for number, line in enumerate(open(path), start=1):
        line = line.rstrip("\n")
        b, e = BEGIN.match(line), END.match(line)
        if b:
            if open_name:
                sys.exit("docgen.py: %s:%d: block %s opens inside %s"
                         % (path, number, b.group(1), open_name))
            open_name = b.group(1)
            names.append(open_name)
        elif e:
            if e.group(1) != open_name:
                sys.exit("docgen.py: %s:%d: END of %s does not close %s"
                         % (path, number, e.group(1), open_name))
            open_name = None
        elif "generated" in line and line.startswith("<!--"):
            sys.exit("docgen.py: %s:%d: malformed marker: %s" % (path, number, line))
    if open_name:
        sys.exit("docgen.py: %s: block %s is not closed" % (path, open_name))
    return names


def wrap_markdown(text, width=78):
    """Fills long prose lines and list items; tables and short lines stay."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width or line.startswith("|"):
            out.append(line)
            continue
        indent = "  " if line.startswith(("* ", "- ")) else ""
        out.append(textwrap.fill(line, width, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def replace(path, name, how, text):
    lines = open(path).read().split("\n")
    start = next((i for i, l in enumerate(lines)
                  if BEGIN.match(l) and BEGIN.match(l).group(1) == name), None)
    if start is None:
        sys.exit("docgen.py: %s has no block %s (add <!-- BEGIN generated %s: ... --> "
                 "and <!-- END generated %s -->)" % (path, name, name, name))
    end = next(i for i in range(start, len(lines))
               if END.match(lines[i]) and END.match(lines[i]).group(1) == name)
    text = wrap_markdown(text.rstrip("\n"))
    new = ["<!-- BEGIN generated %s: %s -->" % (name, how)] + text.split("\n") \
        + ["<!-- END generated %s -->" % name]
    lines[start:end + 1] = new
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(prog="regen_docs.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", action="store_true",
                        help="also run the reproduction (scripts/reproduce_cimnet.sh)")
    parser.add_argument("--reproduction", metavar="RESULTS_DIR",
                        help="take the reproduction blocks from a finished run")
    parser.add_argument("--docs", default=os.path.join(ROOT, "docs"),
                        help="the docs directory to rewrite (default docs/)")
    parser.add_argument("--build", default=os.environ.get("CIM_BUILD",
                                                          os.path.join(ROOT, "build")))
    parser.add_argument("--only", help="comma-separated block names")
    parser.add_argument("--list", action="store_true", help="list the blocks and exit")
    args = parser.parse_args()

    known = {name: (doc, "cheap") for name, doc, _ in CHEAP}
    known.update({name: (LONG_DOC, "long") for name in LONG})
    known.update({name: (doc, "elsewhere") for name, doc in ELSEWHERE.items()})
    # Every marker in the docs must be a known block and vice versa.
    found = {}
    for doc in sorted(os.listdir(args.docs)):
        if doc.endswith(".md"):
            for name in markers(os.path.join(args.docs, doc)):
                if name not in known:
                    sys.exit("docgen.py: %s: unknown generated block %s" % (doc, name))
                if known[name][0] != doc or name in found:
                    sys.exit("docgen.py: block %s belongs once in %s, found in %s"
                             % (name, known[name][0], doc))
                found[name] = doc
    missing = sorted(set(known) - set(found))
    if missing:
        sys.exit("docgen.py: block(s) missing from the docs: %s" % ", ".join(missing))
    if args.list:
        for name, (doc, cost) in known.items():
            print("%-24s docs/%-18s %s  (%s)" % (name, doc, cost, HOW[cost]))
        return 0
    only = set(args.only.split(",")) if args.only else None
    if only and only - set(known):
        sys.exit("docgen.py: unknown block(s): %s" % ", ".join(sorted(only - set(known))))

    tmp = tempfile.mkdtemp(prefix="docgen.")
    try:
        ctx = Context(os.path.abspath(args.build), tmp)
        for name, doc, generate in CHEAP:
            if only is None or name in only:
                replace(os.path.join(args.docs, doc), name, HOW["cheap"], generate(ctx))
                print("regenerated %s in %s" % (name, doc))
        results = args.reproduction
        wanted_long = [n for n in LONG if only is None or n in only]
        if args.long and not results and wanted_long:
            results = os.path.join(tmp, "reproduction")
            env = dict(os.environ, CIM_BUILD=ctx.build)
            subprocess.run([os.path.join(ROOT, "scripts", "reproduce_cimnet.sh"), results],
                           cwd=ROOT, env=env, check=True, stdout=sys.stderr)
        if results and wanted_long:
            blocks = reproduction_blocks(ctx, results)
            for name in wanted_long:
                replace(os.path.join(args.docs, LONG_DOC), name, HOW["long"], blocks[name])
                print("regenerated %s in %s" % (name, LONG_DOC))
            ctx.run(["/usr/bin/python3", os.path.join(HERE, "plot_fronts.py"), results,
                     os.path.join(args.docs, "results_fronts")])
            ctx.run(["/usr/bin/python3", os.path.join(HERE, "plot_fronts.py"), results,
                     "--energy", os.path.join(args.docs, "results_energy")])
        elif wanted_long:
            print("not regenerated (long; --long or --reproduction DIR): %s"
                  % ", ".join(wanted_long))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
