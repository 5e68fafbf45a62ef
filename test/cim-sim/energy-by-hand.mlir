// RUN: cim-opt %s --cim-map --cim-lower | cim-sim --json | FileCheck %s
// RUN: cim-opt %s --cim-map --cim-report | FileCheck %s
// RUN: cim-opt %s --cim-map --cim-lower | cim-sim --analytic | FileCheck %s --check-prefix=TEXT
// The default (event-driven) report prints the same energy section.
// RUN: cim-opt %s --cim-map --cim-lower | cim-sim | FileCheck %s --check-prefix=TEXT

// The energy of matmul-by-hand.mlir's 4x16 by 16x10 matmul (bitline_free,
// 2 cores x 2 arrays of 16x16 cells, 8-bit weights on 1-bit cells, 8 input
// slices; its cycles, 214, and bytes are derived there), every count and
// energy by hand from docs/energy.md. Defaults (28 nm, 0.9 V: C V^2 s =
// 0.81 C) except one buffer energy for all sizes (sram_exponent 0:
// 0.1335 pJ/B) and leakage 1 uW/KiB.
//   MACs 640; cw = 8, S = 8: cell operations = adder-tree inputs = 40960;
//   tiles 16 rows x 2 weights: row drives = 640 * 8 / 2 = 2560; column
//   reads = 40960 / 16 = 2560.
//   cells      40960 * 0.7 fF * 0.81             =    23.22432 pJ
//   drivers    2560 * (0.35 fF * 16) * 0.81      =    11.61216 pJ
//   accumulate 2560 * 6.3 fF * (8+8+4) * 0.81
//              + 40960 * 4.2 fF * (1 + 1) * 0.81 =   539.96544 pJ
//   program    16 x 10 weights x 8 cells = 1280 * 11.875 fJ = 15.2 pJ
//   lb   (NoC 328 + LB 456 bytes) * 0.1335      =   104.664 pJ
//   gb   (DRAM 168 + NoC 328 bytes) * 0.1335    =    66.216 pJ
//   noc  328 bytes * ceil(sqrt(2)) = 2 hops * 0.41 = 268.96 pJ
//   dram 168 bytes * 64 pJ                      = 10752 pJ
//   leakage 2560.125 KiB (2 MiB + 2 x 256 KiB + 4 arrays x 32 B) * 1 uW
//           / 1000 MHz * 214 cycles             =   547.86675 pJ
//   total 12329.70867 pJ; 1280 ops / total = 0.103814 TOPS/W; power
//   12329.70867 pJ / 0.214 us = 57.615 mW; EDP 12329.70867 * 0.214 = 2638.558.

// The network (keys in sorted order: its energy before its layers).
// CHECK: "energy": {
// CHECK: "average_power_mw": 57.615{{[0-9]*}},
// CHECK: "edp_pj_us": 2638.55{{[0-9]*}},
// CHECK: "tops_per_w": 0.10381{{[0-9]*}}
// CHECK: "total_pj": 12329.7086{{[0-9]*}}
// The layer.
// CHECK: "layers": [
// CHECK: "energy": {
// CHECK-NEXT: "components": {
// CHECK-NEXT: "accumulate": 539.96544{{[0-9]*}},
// CHECK-NEXT: "adc": 0,
// CHECK-NEXT: "cells": 23.22432{{[0-9]*}},
// CHECK-NEXT: "dram": 10752,
// CHECK-NEXT: "drivers": 11.61216{{[0-9]*}},
// CHECK-NEXT: "gb": 66.216{{[0-9]*}},
// CHECK-NEXT: "lb": 104.664{{[0-9]*}},
// CHECK-NEXT: "leakage": 547.86675{{[0-9]*}},
// CHECK-NEXT: "noc": {{268\.96|268\.959999}}{{[0-9]*}},
// CHECK-NEXT: "program": {{15\.2|15\.199999}}{{[0-9]*}},
// CHECK-NEXT: "vector": 0
// CHECK-NEXT: },
// CHECK-NEXT: "macro_pj": 574.80192{{[0-9]*}},
// CHECK-NEXT: "model_load_pj": 0,
// CHECK-NEXT: "total_pj": 12329.7086{{[0-9]*}}

// TEXT: energy per inference: 12.330 nJ (CiM macros 0.575 nJ) at 28.0 nm, 0.90 V; model load (one-off): 0.000 nJ
// TEXT: energy by component (pJ): cells 23.2, drivers 11.6, adc 0.0, accumulate 540.0, program 15.2, lb 104.7, gb 66.2, noc 269.0, dram 10752.0, vector 0.0, leakage 547.9
// TEXT: average power 57.615 mW; 0.104 TOPS/W;
// TEXT: matmul_0 12329.7 100.0 dram

module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000, sram_exponent = 0.0, leak_uw_per_kb = 1.0>} {
  func.func @mm(%x: tensor<4x16xf32>) -> tensor<4x10xf32> {
    %zero = arith.constant 0.0 : f32
    %w = arith.constant dense_resource<__elided__> : tensor<16x10xf32>
    %e = tensor.empty() : tensor<4x10xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x10xf32>) -> tensor<4x10xf32>
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    return %m : tensor<4x10xf32>
  }
}
