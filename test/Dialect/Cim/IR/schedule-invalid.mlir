// RUN: cim-opt %s --split-input-file --verify-diagnostics

// Every schedule-op verifier rule and #cim.mapping syntax error has a
// negative case.

// A tile taller than the array is rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{tile of 32 rows does not fit an array of 16 rows}}
        cim.mvm 4 x[32 x 2]
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// A tile wider than the array's weights per row is rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{tile of 3 weight columns does not fit an array holding 2 weights per row}}
        cim.mvm 4 x[16 x 3]
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Programming more rows than an array has is rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{programs 17 rows but an array has 16}}
        cim.program rows(17)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Unknown links are rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{expected link dram, noc or lb, found 'l2'}}
        cim.transfer l2 bytes(8)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// all_cores only counts the lb link.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{all_cores applies to the lb link only}}
        cim.transfer noc bytes(8) {all_cores = 16 : i64}
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// The all-core total cannot be below the busiest core.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{all_cores (4) is below the busiest core's bytes (8)}}
        cim.transfer lb bytes(8) {all_cores = 4 : i64}
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Negative byte counts are rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{bytes must be non-negative, found -8}}
        cim.transfer dram bytes(-8)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Partial sums reduce over at least two row tiles.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{row_tiles must be at least 2, found 1}}
        cim.accumulate row_tiles(1)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Negative vector work is rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{ops must be positive, found -1}}
        cim.vector ops(-1)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// More cores than the hardware has are rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      // expected-error @+1 {{uses 3 cores but the hardware has 2}}
      cim.spatial cores(3) arrays(4) replicas(1) {
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Unknown case kinds are rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    // expected-error @+1 {{expected case kind step, fill, drain, program or model_load, found 'warmup'}}
    cim.loop warmup trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Trip counts are positive.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    // expected-error @+1 {{trips must be positive, found 0}}
    cim.loop step trips(0) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// A loop holds exactly one spatial region.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    // expected-error @+1 {{body must hold exactly one cim.spatial}}
    cim.loop step trips(2) macs(320) {
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// The step loops must execute exactly the layer's MACs.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{step loops execute 640 MACs but the layer has 600: the tiles do not cover the iteration space exactly once}}
  %l = cim.layer "mm" kind matmul macs 600 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Step buffers must fit the local buffer.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{step buffers need 300000 bytes but the local buffer holds 262144}}
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 300000 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Double-buffered steps need their buffers twice.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{step buffers need 140000 bytes x 2 (double-buffered) but the local buffer holds 262144}}
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 140000 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = true, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// The payload ends with cim.yield.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{payload must end with cim.yield}}
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Unknown layer kinds are rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{expected layer kind conv, matmul, batch_matmul or vector, found 'pool'}}
  %l = cim.layer "mm" kind pool macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// In generic form, a kind must be the typed attribute, not a string.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        // expected-error @+1 {{Invalid attribute `link` in property conversion: "dram"}}
        "cim.transfer"() <{bytes = 8 : i64, link = "dram"}> : () -> ()
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Schedule ops need the module's hardware.
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{'cim.layer' op needs a #cim.hardware attribute ('cim.hardware') on the enclosing module}}
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}

// -----

// Unknown mapping fields are rejected.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{unknown mapping field 'roundz'}}
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, roundz = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// Missing mapping fields are named.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{#cim.mapping is missing field 'steps'}}
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = arrays, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}

// -----

// The execution unit is arrays or vector.
module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{expected execution unit arrays or vector, found 'gpu'}}
  %l = cim.layer "mm" kind matmul macs 640 {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = 80 : i64, mapping = #cim.mapping<unit = gpu, resident = false, arrays_available = 4, replication = 1, rows_per_step = 4, double_buffered = false, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = true, packing = 1, row_tiles = 1, col_tiles = 5, tiles = 5, columns_per_round = 4, row_tiles_per_round = 1, rounds = 2, cores = 2, steps = 1>, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {
    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>
  } schedule {
    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}
