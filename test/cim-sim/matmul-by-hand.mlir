// RUN: cim-opt %s --cim-map --cim-lower | FileCheck %s --check-prefix=LOWER
// RUN: cim-opt %s --cim-map --cim-lower | cim-sim --analytic --json | FileCheck %s
// RUN: cim-opt %s --cim-map --cim-report | FileCheck %s

// A 4x16 by 16x10 matmul on a 2-core, 4-array machine of 16x16 cells,
// bitline-free, 8-bit weights on 1-bit cells. Every number below is derived by
// hand from docs/timing.md:
//   cw = 8 columns per weight, Cw = 16/8 = 2 weights per row;
//   K = 16 <= R = 16: Tk = 1; N = 10: Tn = ceil(10/2) = 5 column tiles;
//   5 tiles > 4 arrays: streamed in 2 rounds, balanced: 3 columns, then 2.
//   S = 8 bit-slices: interval 8, latency 8 + ttree (ceil(log2 16) + 1 = 5) = 13;
//   ports: 16 rows * 8 bits / Pin (16 * 1) = 8 <= 8; 2 * 8 bits / Pout 64 = 1.
//   Each round: one step of M = 4 MVMs: 4 * 8 + (13 - 8) = 37 compute cycles.
//   Bytes (8-bit activations; input and output in DRAM, weights in the GB):
//     round 1: DRAM = NoC = 4*16 inputs + 4*6 outputs = 88; busiest core (2 of
//     the 3 column tiles) LB = 64 inputs + 4*2*2 outputs = 80, all cores
//     2*64 + 24 = 152; programming: NoC 16*6 = 96 weight bytes, LB 2*16*2 = 64.
//     round 2: DRAM = NoC = 64 + 4*4 = 80; LB 64 + 8 = 72 (all cores 144).
//   Not double-buffered (one step per round): hop 32 + sum of the terms.
//   Round 1 step: dram ceil(88/32) = 3, noc ceil(88/128) = 1, lb ceil(80/64) = 2:
//     32 + 37 + 3 + 1 + 2 = 75.  Round 2 step: ceil(80/32) = 3, ceil(80/128) = 1,
//     ceil(72/64) = 2: 75.  Programming: 16 rows * 2 cycles = 32 per round.
//   Total: 75 + 75 + 32 + 32 = 214; compute 74; hop 64; program 64.
//   Bytes per inference: DRAM 88 + 80 = 168; NoC 88 + 80 + 96 + 64 = 328;
//   LB (all cores) 152 + 144 + 96 + 64 = 456.
//   Utilization: 16 x 10 weights fill the 160 weight slots of the tiles'
//   arrays (5 tiles x 16 rows x 2 weights): 1000 per mille.

// LOWER-LABEL: func.func @mm
// LOWER-SAME: cim.cycles = 214
// LOWER: %[[L:.*]] = cim.layer "matmul_0" kind matmul macs 640
// LOWER-SAME: col_tiles = 5
// LOWER-SAME: columns_per_round = 3
// LOWER-SAME: rounds = 2
// LOWER: %[[M:.*]] = linalg.matmul
// LOWER: cim.yield %[[M]]
// LOWER: cim.loop step trips(1) macs(384)
// LOWER-NEXT: cim.spatial cores(2) arrays(3) replicas(1)
// LOWER-NEXT: cim.transfer dram bytes(88)
// LOWER-NEXT: cim.transfer noc bytes(88)
// LOWER-NEXT: cim.transfer lb bytes(80) {all_cores = 152 : i64}
// LOWER-NEXT: cim.mvm 4 x[16 x 2]
// LOWER: cim.loop program trips(1) macs(0)
// LOWER: cim.transfer noc bytes(96)
// LOWER-NEXT: cim.transfer lb bytes(64) {all_cores = 96 : i64}
// LOWER-NEXT: cim.program rows(16)
// LOWER: cim.loop step trips(1) macs(256)
// LOWER: cim.transfer dram bytes(80)
// LOWER-NEXT: cim.transfer noc bytes(80)
// LOWER-NEXT: cim.transfer lb bytes(72) {all_cores = 144 : i64}
// LOWER: return %[[L]]

// CHECK: "networks": [
// CHECK: "bound": "compute"
// CHECK: "bytes": {
// CHECK-NEXT: "dram": 168,
// CHECK-NEXT: "gb": 328,
// CHECK-NEXT: "lb": 456
// CHECK: "cycles": 214
// CHECK: "function": "mm"
// CHECK: "layers": [
// CHECK-NEXT: {
// CHECK-NEXT: "array_utilization_permille": 1000,
// CHECK: "cycles": 214
// CHECK: "macs": 640
// CHECK: "residency": "streamed"
// CHECK: "rounds": 2
// CHECK: "terms": {
// CHECK-NEXT: "compute": 74,
// CHECK-NEXT: "dram": 6,
// CHECK-NEXT: "fill": 0,
// CHECK-NEXT: "gb": 2,
// CHECK-NEXT: "hop": 64,
// CHECK-NEXT: "lb": 4,
// CHECK-NEXT: "program": 64,
// CHECK-NEXT: "stalls": 140,
// CHECK-NEXT: "vector": 0

module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
  func.func @mm(%x: tensor<4x16xf32>) -> tensor<4x10xf32> {
    %zero = arith.constant 0.0 : f32
    %w = arith.constant dense_resource<__elided__> : tensor<16x10xf32>
    %e = tensor.empty() : tensor<4x10xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x10xf32>) -> tensor<4x10xf32>
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    return %m : tensor<4x10xf32>
  }
}
