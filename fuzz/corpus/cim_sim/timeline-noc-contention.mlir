module attributes {cim.hardware = #cim.hardware<name = "timeline", compute_mode = bitline_free, dram_bytes_per_cycle = 8, gb_bytes = 65536, gb_bytes_per_cycle = 8, lb_bytes = 4096, lb_bytes_per_cycle = 16, lb_max_bytes_per_cycle = 16, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 8, step_overhead_cycles = 2, noc_multicast = false, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
  func.func @contend(%x: tensor<2x16xf32>, %w: tensor<16x4xf32>, %init: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %0 = cim.layer "mm" kind matmul macs 128 {arrays_used = 2 : i64, index = 0 : i64, lb_need_bytes = 40 : i64, mapping = #cim.mapping<unit = arrays, resident = true, arrays_available = 4, replication = 1, rows_per_step = 2, double_buffered = false, input_in_gb = true, second_input_in_gb = false, output_in_gb = true, weights_in_gb = false, packing = 1, row_tiles = 1, col_tiles = 2, tiles = 2, columns_per_round = 2, row_tiles_per_round = 1, rounds = 1, cores = 2, steps = 1>, total_weight_slots = 64 : i64, used_weight_slots = 64 : i64} payload {
      %1 = linalg.matmul ins(%x, %w : tensor<2x16xf32>, tensor<16x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
      cim.yield %1 : tensor<2x4xf32>
    } schedule {
      cim.loop step trips(1) macs(128) {
        cim.spatial cores(2) arrays(2) replicas(1) {
          cim.transfer noc bytes(72)
          cim.transfer lb bytes(36) {all_cores = 72 : i64}
          cim.mvm 2 x[16 x 2]
          cim.vector ops(2)
        }
      }
    } : tensor<2x4xf32>
    return %0 : tensor<2x4xf32>
  }
}
