// RUN: cim-opt %s --split-input-file | FileCheck %s
// RUN: cim-opt %s --split-input-file --mlir-print-op-generic | cim-opt --split-input-file | FileCheck %s

// The energy parameters are optional: an attribute without them takes the
// defaults (docs/energy.md) and prints none; those set away from the default
// print after the other fields, in the fixed order, and survive a round trip.
// CHECK-LABEL: module attributes {cim.hardware = #cim.hardware<name = "plain",
// CHECK-SAME: area_per_adc = 1158, clock_mhz = 1000>}
module attributes {cim.hardware = #cim.hardware<name = "plain", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// CHECK-LABEL: module attributes {cim.hardware = #cim.hardware<name = "e22",
// CHECK-SAME: clock_mhz = 1000, technology_nm = 2.200000e+01, supply_v = 8.000000e-01, adc_bits = 6.000000e+00, cell_ff = 1.250000e-01>}
module attributes {cim.hardware = #cim.hardware<cell_ff = 0.125, adc_bits = 6.0, supply_v = 0.8, technology_nm = 22.0, name = "e22", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}
