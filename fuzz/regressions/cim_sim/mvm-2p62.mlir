module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {
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
        cim.mvm 4611686018427387904 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }
  } : tensor<4x10xf32>
  return %l : tensor<4x10xf32>
}
}
