#!/usr/bin/python3
"""Fit cimnet configurations of fabricated CiM macros to published numbers.

Writes configs/hw/macros/<macro>_<voltage>.json. Each fitted parameter is
computed here from the published number it is fitted to (docs/energy.md,
"Calibration", lists which numbers are fitted and which are predictions).
Published values (and the macro-level conventions: peak utilisation, 2 ops
per MAC) are those CiMLoop compares against, `mit-emze/cimloop`
workspace/models/arch/1_macro/<macro>/_tests.py.

Usage: scripts/fit_macros.py [OUTDIR]   (default: configs/hw/macros)
"""

import json
import math
import os
import sys

# Stillmaker & Baas (Integration 58, 2017) energy fits, evaluated at 0.8 V;
# the same table as lib/CostModel/Energy.cpp (nodeEnergyScale).
FITS = [(7, 0.1776, -0.09097, 0.02447), (10, 0.2068, -0.09311, 0.02375),
        (14, 0.2363, -0.09675, 0.02239), (16, 0.2958, -0.1241, 0.03024),
        (20, 0.373, -0.1582, 0.04104), (32, 0.9559, -0.7823, 0.471),
        (45, 1.103, -0.362, 0.2767), (65, 3.755, -4.398, 1.975),
        (90, 4.762, -4.781, 2.092), (130, 7.171, -6.709, 2.904)]


def node_factor(nm):
    at = [a * 0.64 + b * 0.8 + c for (_, a, b, c) in FITS]
    nodes = [n for (n, _, _, _) in FITS]
    if nm <= nodes[0]:
        return at[0]
    for i in range(1, len(nodes)):
        if nm <= nodes[i]:
            t = (nm - nodes[i - 1]) / (nodes[i] - nodes[i - 1])
            return at[i - 1] + t * (at[i] - at[i - 1])
    return at[-1]


def scale(nm):
    return node_factor(nm) / node_factor(28.0)


def to_ff(pj, nm, volts):
    """The 28 nm-equivalent capacitance (fF) that spends `pj` per action."""
    return pj * 1e3 / (volts * volts * scale(nm))


# ZigZag-IMC's ADC law (k1 * bits + k2 * 4^bits) keeps its k2/k1 ratio; only
# k1 is fitted.
ADC_RATIO = 0.001 / 100.0


def adc_ff(pj, bits, nm, volts):
    k1 = to_ff(pj, nm, volts) / (bits + ADC_RATIO * 4 ** bits)
    return k1, k1 * ADC_RATIO


def base_config(name, rows, cols, rows_active, wb, bc, ib, clock_mhz,
                adc_cycles, out_bits):
    return {
        "name": name,
        "compute_mode": "bitline",
        "memory": {
            "dram_bytes_per_cycle": 1 << 16,
            "gb_bytes": 1 << 20,
            "gb_bytes_per_cycle": 1 << 16,
            "lb_bytes": 1 << 20,
            "lb_bytes_per_cycle": 1 << 16,
            "lb_max_bytes_per_cycle": 1 << 16,
            "double_buffering": True,
        },
        "array": {
            "cores": 1,
            "arrays_per_core": 1,
            "rows": rows,
            "cols": cols,
            "rows_active": rows_active,
            "weight_bits": wb,
            "bits_per_cell": bc,
            "input_bits": ib,
            "input_bits_per_cycle": ib,
            "output_bits": out_bits,
            "cols_per_adc": 1,
            "adc_cycles": adc_cycles,
            "adder_tree_depth": 0,
            "program_cycles_per_row": 1,
            "ping_pong_programming": False,
            "array_input_bits_per_cycle": 0,
            "array_output_bits_per_cycle": cols * out_bits,
        },
        "vector": {"lanes_per_core": 1},
        "schedule": {
            "step_overhead_cycles": 0,
            "noc_multicast": True,
            "input_line_buffer": False,
            "write_broadcast": False,
        },
        "chip": {"clock_mhz": clock_mhz},
    }


def area_units(unit_um2, total_um2_by_part):
    """Integer bit-cell units of the area group for parts given in um^2."""
    return {k: int(round(v / unit_um2)) for k, v in total_um2_by_part.items()}


def wang(volts, clock_mhz):
    """Wang et al., 22 nm C-2C SRAM CiM (VLSI'22 / JSSC'23), CiMLoop macro D.

    512 x 128 cells = 512 rows x 16 columns of 8-bit C-2C units (one ADC per
    unit column, 8-bit voltage DAC inputs), 64 rows active: one 8192-MAC MVM
    is 8 row groups x 16 conversions. Fitted at 1.0 V to the breakdown of
    PJ_PER_MVM = 2 / 16.37572276 TOPS/W x 8192 MACs (Fig. 22a: ADC 34 %,
    DAC 22 %, MAC 40 %, misc 4 %) and to the area breakdown of 0.124 mm^2
    (Fig. 22b: ADC 13 %, DAC 30 %, MAC 46 %, misc 11 %).
    """
    nm, vfit = 22.0, 1.0
    macs = 16 * 64 * 8
    pj = 2.0 / 16.37572276 * macs
    conversions, row_drives, cell_ops = 16 * 8, 512, macs
    psum_bits = 8 + 8 + 9
    k1, k2 = adc_ff(0.34 * pj / conversions, 8, nm, vfit)
    acc = to_ff(0.04 * pj / conversions, nm, vfit) / psum_bits
    cfg = base_config("wang_vlsi_2022_%s" % volts_tag(volts), 512, 16, 64, 8,
                      8, 8, clock_mhz, 1, 8)
    unit_um2 = 0.124e6 * 0.46 / (512 * 16) / 100.0  # MAC area = cells
    units = area_units(unit_um2, {
        "per_row": 0.124e6 * 0.30 / 512,
        "per_adc": 0.124e6 * 0.13 / 16,
        "per_array": 0.124e6 * 0.11,
    })
    cfg["area"] = {"cell": 100, "per_col": 0, "per_row": units["per_row"],
                   "per_array": units["per_array"],
                   "per_adc": units["per_adc"]}
    cfg["energy"] = {
        "technology_nm": nm, "supply_v": volts, "adc_bits": 8,
        "adc_area_bits": 8,
        "adc_ff_linear": k1, "adc_ff_exp": k2,
        "dac_ff_per_bit": to_ff(0.22 * pj / row_drives, nm, vfit) / 8,
        "row_ff_per_col": 0.0,
        "cell_ff": to_ff(0.40 * pj / cell_ops, nm, vfit),
        "fa_ff": acc * 2 / 3, "dff_ff": acc / 3,
        "cell_f2": unit_um2 / (nm * 1e-3) ** 2,
    }
    return cfg


def jia(volts, clock_mhz):
    """Jia et al., 65 nm bit-scalable SRAM CiM (JSSC 2020), CiMLoop macro A.

    768 x 768 cells with 3 folded columns per ADC = 2304 rows x 256 ADC
    columns, 1-bit inputs and weights, all rows active; one 1.35 us (0.85 V)
    operation = 589 824 1b MACs and 256 conversions (27 cycles of 20 MHz).
    Fitted at 0.85 V to Table I: 1.79 pJ per ADC conversion, 9.7 pJ "CiM"
    per ADC use (cells and drivers), 8.3 pJ near-memory datapath per output;
    area (Fig. 11): ADC 0.497 mm^2, CiM 2.91 mm^2, and the rest of the
    3.642 mm^2 implied by 0.874 TOPS / 0.24 TOPS/mm^2 as per-array control.
    """
    nm, vfit = 65.0, 0.85
    rows, cols = 2304, 256
    k1, k2 = adc_ff(1.79, 8, nm, vfit)
    psum_bits = 1 + 1 + 12
    acc = to_ff(8.3, nm, vfit) / psum_bits
    cfg = base_config("jia_jssc_2020_%s" % volts_tag(volts), rows, cols, rows,
                      1, 1, 1, clock_mhz, 27, 8)
    unit_um2 = 2.91e6 / (rows * cols) / 10.0
    units = area_units(unit_um2, {"per_adc": 0.497e6 / cols,
                                  "per_array": (0.874 / 0.24 - 2.91 - 0.497) * 1e6})
    cfg["area"] = {"cell": 10, "per_col": 0, "per_row": 0,
                   "per_array": units["per_array"], "per_adc": units["per_adc"]}
    cfg["energy"] = {
        "technology_nm": nm, "supply_v": volts, "adc_bits": 8,
        "adc_area_bits": 8,
        "adc_ff_linear": k1, "adc_ff_exp": k2,
        "dac_ff_per_bit": 0.0, "row_ff_per_col": 0.0,
        "cell_ff": to_ff(9.7 / rows, nm, vfit),
        "fa_ff": acc * 2 / 3, "dff_ff": acc / 3,
        "cell_f2": unit_um2 / (nm * 1e-3) ** 2,
    }
    return cfg


def sinangil(volts, clock_mhz):
    """Sinangil et al., 7 nm SRAM CiM, 4b/4b/4b (JSSC 2021), CiMLoop macro B.

    64 rows x 16 columns of 4-bit binary-weighted units, 4-bit temporal input
    DAC, one 4-bit ADC per column; one 5.5 ns (0.8 V) operation = 1024 MACs.
    No energy breakdown is published: the ADC takes CiMLoop's calibrated
    0.19 pJ per conversion (ADC plug-in at 7 nm, 4 b x ADC_ENERGY_SCALE 3.5),
    drivers and accumulation keep the 28 nm ZigZag-IMC defaults, and the cell
    capacitance is fitted so the total is 2 x 1024 / 351 TOPS/W (0.8 V,
    average output 6). Area (Section IV): ADC + counter 1596 um^2, drivers +
    cells 800 um^2, binary-weighting capacitors 160 um^2.
    """
    nm, vfit = 7.0, 0.8
    macs, rows, cols = 1024, 64, 16
    total = 2.0 * macs / 351.0
    adc_pj = 0.19
    s = scale(nm) * vfit * vfit * 1e-3
    drive_pj = (0.35 * cols + 50.0 * 4) * s
    acc_pj = (4.2 + 2.1) * (4 + 4 + 6) * s
    cell_pj = (total - cols * adc_pj - rows * drive_pj - cols * acc_pj) / macs
    k1, k2 = adc_ff(adc_pj, 4, nm, vfit)
    cfg = base_config("sinangil_jssc_2021_%s" % volts_tag(volts), rows, cols,
                      rows, 4, 4, 4, clock_mhz, 1, 4)
    unit_um2 = (800.0 + 160.0) / (rows * cols) / 10.0
    units = area_units(unit_um2, {"per_adc": 1596.0 / cols})
    cfg["area"] = {"cell": 10, "per_col": 0, "per_row": 0, "per_array": 0,
                   "per_adc": units["per_adc"]}
    cfg["energy"] = {
        "technology_nm": nm, "supply_v": volts, "adc_bits": 4,
        "adc_area_bits": 4,
        "adc_ff_linear": k1, "adc_ff_exp": k2,
        "cell_ff": to_ff(cell_pj, nm, vfit),
        "cell_f2": unit_um2 / (nm * 1e-3) ** 2,
    }
    return cfg


def volts_tag(volts):
    text = "%.2f" % volts
    return (text[:-1] if text.endswith("0") else text).replace(".", "v")


# (macro, supply, clock MHz): clocks from the published throughput, 2 ops per
# MAC: Wang 0.3 / 0.5 TOPS at 1024 MACs per cycle (and 6.9 ns x (0.7/V)^1.1,
# CiMLoop's latency law, at the 1.0 V fit point); Jia 1.35 / 0.54 us per
# operation = 27 cycles of 20 / 50 MHz; Sinangil 5.5 ns (372.4 GOPS) and
# 4.49 ns (455.1 GOPS).
POINTS = [(wang, 0.7, 146), (wang, 1.0, 212), (wang, 1.1, 244),
          (jia, 0.85, 20), (jia, 1.2, 50),
          (sinangil, 0.8, 182), (sinangil, 1.0, 222)]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "configs/hw/macros"
    os.makedirs(out, exist_ok=True)
    for fn, volts, clock in POINTS:
        cfg = fn(volts, clock)
        for k, v in cfg["energy"].items():
            if isinstance(v, float):
                cfg["energy"][k] = float("%.6g" % v)
        path = os.path.join(out, cfg["name"] + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(cfg, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)
        print(path)


if __name__ == "__main__":
    main()
