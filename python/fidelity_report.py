#!/usr/bin/python3
"""Event-driven vs analytical cycles: the numbers of docs/fidelity.md.

usage: fidelity_report.py --build DIR random [--cases N] [--seed S] [--out JSON]
       fidelity_report.py --build DIR models MLIR...      [--out JSON]
       fidelity_report.py summary JSON... [--markdown]

`random` draws N random layer x hardware cases (seeded, deterministic): each
hardware configuration is the default one (configs/hw/default.json) with its
array geometry, bandwidths, buffer sizes, lanes, hop, programming time,
compute mode, multicast and double buffering redrawn; each holds ten random
layers (dense matmuls and convolutions with random kernel, stride, padding and
groups), one function per layer, lowered with `cim-opt --cim-compile` and run
through `cim-sim --json`. A case is one layer: its ratio is event-driven /
analytical cycles. Layers that map nowhere on their configuration are dropped
(their count is reported) and more configurations are drawn.
`models` does the same for whole networks already imported to MLIR.
`summary` prints the distribution (min / median / max, cases beyond 10 %) and
the cause of every case beyond 10 % (the rules are in docs/fidelity.md).
Only the tools are used: no shared code with either model.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def draw_config(rng, base):
    c = json.loads(json.dumps(base))
    c["name"] = "random"
    m, a, v, s = c["memory"], c["array"], c["vector"], c["schedule"]
    c["compute_mode"] = rng.choice(["bitline", "bitline_free"])
    a["cores"] = rng.choice([1, 2, 4, 8])
    a["arrays_per_core"] = rng.choice([1, 2, 4, 8, 16])
    a["rows"] = rng.choice([32, 64, 128, 256])
    a["cols"] = rng.choice([32, 64, 128, 256])
    a["rows_active"] = rng.choice([r for r in (8, 16, 32, 64, 128, 256) if r <= a["rows"]])
    a["cols_per_adc"] = rng.choice([x for x in (1, 2, 4, 8) if a["cols"] % x == 0])
    a["program_cycles_per_row"] = rng.choice([1, 2, 4, 8])
    m["dram_bytes_per_cycle"] = rng.choice([4, 8, 16, 32, 64])
    m["gb_bytes_per_cycle"] = rng.choice([16, 32, 64, 128, 256])
    m["lb_bytes_per_cycle"] = rng.choice([16, 32, 64, 128])
    m["lb_max_bytes_per_cycle"] = max(m["lb_bytes_per_cycle"], m["lb_max_bytes_per_cycle"])
    m["lb_bytes"] = rng.choice([16384, 65536, 262144])
    m["gb_bytes"] = rng.choice([131072, 1048576, 4194304])
    m["double_buffering"] = rng.random() < 0.7
    v["lanes_per_core"] = rng.choice([8, 16, 32, 64])
    s["step_overhead_cycles"] = rng.choice([0, 8, 32])
    s["noc_multicast"] = rng.random() < 0.5
    return c


def draw_layer(rng, i):
    """One function holding one random layer, as workload IR text."""
    if rng.random() < 0.4:
        mm, k, n = rng.choice([1, 8, 49, 197]), rng.choice([64, 192, 384, 768]), rng.choice([10, 64, 256, 1000])
        return ("func.func @f%d(%%x: tensor<%dx%dxf32>) -> tensor<%dx%dxf32> {\n"
                "  %%z = arith.constant 0.0 : f32\n"
                "  %%w = arith.constant dense_resource<__elided__> : tensor<%dx%dxf32>\n"
                "  %%e = tensor.empty() : tensor<%dx%dxf32>\n"
                "  %%f = linalg.fill ins(%%z : f32) outs(%%e : tensor<%dx%dxf32>) -> tensor<%dx%dxf32>\n"
                "  %%r = linalg.matmul ins(%%x, %%w : tensor<%dx%dxf32>, tensor<%dx%dxf32>) outs(%%f : tensor<%dx%dxf32>) -> tensor<%dx%dxf32>\n"
                "  return %%r : tensor<%dx%dxf32>\n}\n") % (
                    i, mm, k, mm, n, k, n, mm, n, mm, n, mm, n, mm, k, k, n, mm, n, mm, n, mm, n)
    cin = rng.choice([3, 16, 32, 64, 128])
    cout = rng.choice([16, 32, 64, 128, 256])
    hw_ = rng.choice([7, 14, 28, 56])
    kk = rng.choice([1, 3, 5])
    stride = rng.choice([1, 1, 2])
    pad = kk // 2
    hp = hw_ + 2 * pad
    ho = (hp - kk) // stride + 1
    return ("func.func @f%d(%%x: tensor<1x%dx%dx%dxf32>) -> tensor<1x%dx%dx%dxf32> {\n"
            "  %%z = arith.constant 0.0 : f32\n"
            "  %%w = arith.constant dense_resource<__elided__> : tensor<%dx%dx%dx%dxf32>\n"
            "  %%p = tensor.pad %%x low[0, 0, %d, %d] high[0, 0, %d, %d] {\n"
            "  ^bb0(%%a: index, %%b: index, %%c: index, %%d: index):\n"
            "    tensor.yield %%z : f32\n"
            "  } : tensor<1x%dx%dx%dxf32> to tensor<1x%dx%dx%dxf32>\n"
            "  %%e = tensor.empty() : tensor<1x%dx%dx%dxf32>\n"
            "  %%f = linalg.fill ins(%%z : f32) outs(%%e : tensor<1x%dx%dx%dxf32>) -> tensor<1x%dx%dx%dxf32>\n"
            "  %%r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<%d> : tensor<2xi64>}\n"
            "      ins(%%p, %%w : tensor<1x%dx%dx%dxf32>, tensor<%dx%dx%dx%dxf32>) outs(%%f : tensor<1x%dx%dx%dxf32>) -> tensor<1x%dx%dx%dxf32>\n"
            "  return %%r : tensor<1x%dx%dx%dxf32>\n}\n") % (
                i, cin, hw_, hw_, cout, ho, ho,
                cout, cin, kk, kk,
                pad, pad, pad, pad,
                cin, hw_, hw_, cin, hp, hp,
                cout, ho, ho,
                cout, ho, ho, cout, ho, ho,
                stride,
                cin, hp, hp, cout, cin, kk, kk, cout, ho, ho, cout, ho, ho,
                cout, ho, ho)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def cases_of(sim_json, label, analytic_by_name=None):
    """(label, layer, event cycles, analytic cycles, evidence) per layer."""
    out = []
    for net in sim_json["networks"]:
        alayers = {l["name"]: l for n in sim_json["analytic"]["networks"]
                   if n["function"] == net["function"] for l in n["layers"]}
        for l in net["layers"]:
            a = alayers[l["name"]]
            out.append({"case": "%s/%s/%s" % (label, net["function"], l["name"]),
                        "events": l["cycles"], "analytic": l["analytic_cycles"],
                        "critical": l["critical_path"],
                        "double_buffered": a.get("double_buffered", False),
                        "unit": a.get("unit", "arrays"), "kind": a["kind"],
                        "rounds": a.get("rounds", 1), "steps": a.get("steps", 1),
                        "terms": a["terms"]})
    return out


def random_cases(build, n, seed):
    rng = random.Random(seed)
    base = json.load(open(os.path.join(ROOT, "configs", "hw", "default.json")))
    cases, rejected, config_index = [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        while len(cases) < n:
            cfg = draw_config(rng, base)
            layers = [draw_layer(rng, i) for i in range(10)]
            cpath = os.path.join(tmp, "hw.json")
            with open(cpath, "w") as f:
                json.dump(cfg, f)
            src = os.path.join(tmp, "m.mlir")
            low = os.path.join(tmp, "m.low.mlir")
            with open(src, "w") as f:
                f.write("".join(layers))
            r = run([os.path.join(build, "bin", "cim-opt"), src,
                     "--cim-compile=config=" + cpath, "-o", low])
            ok = layers if r.returncode == 0 else []
            for text in layers if r.returncode != 0 else []:
                # A layer that maps nowhere is dropped (counted).
                src = os.path.join(tmp, "one.mlir")
                with open(src, "w") as f:
                    f.write(text)
                r = run([os.path.join(build, "bin", "cim-opt"), src,
                         "--cim-compile=config=" + cpath, "-o", os.devnull])
                if r.returncode == 0:
                    ok.append(text)
                else:
                    rejected += 1
            if not ok:
                continue
            if len(ok) != len(layers):
                with open(src, "w") as f:
                    f.write("".join(ok))
                r = run([os.path.join(build, "bin", "cim-opt"), src,
                         "--cim-compile=config=" + cpath, "-o", low])
                if r.returncode != 0:
                    sys.exit("cim-opt failed on layers that map alone: " + r.stderr)
            r = run([os.path.join(build, "bin", "cim-sim"), low, "--json"])
            if r.returncode != 0:
                sys.exit("cim-sim failed: " + r.stderr)
            cases += cases_of(json.loads(r.stdout), "hw%03d" % config_index)
            config_index += 1
    return {"source": "random", "seed": seed, "configs": config_index,
            "rejected_layers": rejected, "cases": cases[:n]}


def model_cases(build, paths):
    cfg = os.path.join(ROOT, "configs", "hw", "default.json")
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            name = os.path.basename(p).rsplit(".", 1)[0]
            low = os.path.join(tmp, name + ".low.mlir")
            r = run([os.path.join(build, "bin", "cim-opt"), p,
                     "--cim-compile=config=" + cfg, "-o", low])
            if r.returncode != 0:
                sys.exit("cim-opt failed on %s: %s" % (p, r.stderr))
            r = run([os.path.join(build, "bin", "cim-sim"), low, "--json"])
            if r.returncode != 0:
                sys.exit("cim-sim failed on %s: %s" % (p, r.stderr))
            d = json.loads(r.stdout)
            net = d["networks"][0]
            cases += cases_of(d, name)
            cases.append({"case": name, "network": True, "events": net["cycles"],
                          "analytic": net["analytic_cycles"]})
    return {"source": "models", "cases": cases}


def explain(c):
    """The cause of a case beyond 10 % (docs/fidelity.md, "Causes").

    Each cause bounds the difference: it is named only when the cycles the
    two models disagree by are no more than the analytical terms that cause
    can hide or expose; otherwise the case is "unexplained".
    """
    ev, an, t = c["events"], c["analytic"], c["terms"]
    transfers = t["dram"] + t["gb"] + t["lb"]
    if ev > 1.1 * an:
        if c["double_buffered"] and ev - an <= transfers + t["vector"] + t["hop"]:
            return "two-halves"
        return "unexplained"
    if ev < 0.9 * an:
        if c["rounds"] > 1 and t["program"] > 0 and an - ev <= min(t["program"], transfers + t["vector"] + t["hop"] + t["compute"]):
            return "program-overlap"
        if an - ev <= transfers + t["vector"] + t["fill"]:
            return "transfer-overlap"
        return "unexplained"
    return "within"


def summary(docs, markdown):
    lines = []
    for d in docs:
        layers = [c for c in d["cases"] if not c.get("network") and c["analytic"] > 0]
        nets = [c for c in d["cases"] if c.get("network")]
        ratios = sorted(c["events"] / c["analytic"] for c in layers)
        if not ratios:
            continue
        med = ratios[len(ratios) // 2] if len(ratios) % 2 else \
            (ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2
        beyond = [c for c in layers if abs(c["events"] / c["analytic"] - 1) > 0.10]
        causes = {}
        for c in beyond:
            causes[explain(c)] = causes.get(explain(c), 0) + 1
        lines.append("%s: %d layer cases%s; ratio min %.4f median %.4f max %.4f; "
                     "%d beyond 10 %%: %s" % (
                         d["source"], len(layers),
                         (" (%d configurations, seed %d, %d layers dropped)" %
                          (d["configs"], d["seed"], d["rejected_layers"]))
                         if d["source"] == "random" else "",
                         ratios[0], med, ratios[-1], len(beyond),
                         ", ".join("%s %d" % kv for kv in sorted(causes.items())) or "none"))
        for c in nets:
            lines.append("  network %s: event-driven %d, analytical %d, ratio %.4f" % (
                c["case"], c["events"], c["analytic"], c["events"] / c["analytic"]))
        if markdown:
            worst = sorted(layers, key=lambda c: -abs(c["events"] / c["analytic"] - 1))[:5]
            for c in worst:
                lines.append("  largest: %s %d / %d = %.4f (%s)" % (
                    c["case"], c["events"], c["analytic"], c["events"] / c["analytic"],
                    explain(c)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out")
    ap.add_argument("mode", choices=["random", "models", "summary"])
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    if args.mode == "summary":
        print(summary([json.load(open(p)) for p in args.inputs], args.markdown))
        return
    doc = random_cases(args.build, args.cases, args.seed) if args.mode == "random" \
        else model_cases(args.build, args.inputs)
    text = json.dumps(doc, indent=1, sort_keys=True) + "\n"
    if args.out:
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, args.out)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
