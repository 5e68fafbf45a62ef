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
