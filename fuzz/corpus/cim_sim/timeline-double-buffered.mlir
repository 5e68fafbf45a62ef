module attributes {cim.hardware = #cim.hardware<name = "timeline", compute_mode = bitline_free, dram_bytes_per_cycle = 8, gb_bytes = 65536, gb_bytes_per_cycle = 8, lb_bytes = 4096, lb_bytes_per_cycle = 16, lb_max_bytes_per_cycle = 16, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 8, step_overhead_cycles = 2, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
  func.func @double_buffered(%x: tensor<4x16xf32>, %w: tensor<16x2xf32>, %init: tensor<4x2xf32>) -> tensor<4x2xf32> {
    %0 = cim.layer "mm" kind matmul macs 128 {arrays_used = 1 : i64, index = 0 : i64, lb_need_bytes = 36 : i64, mapping = #cim.mapping<unit = arrays, resident = true, arrays_available = 4, replication = 1, rows_per_step = 2, double_buffered = true, input_in_gb = false, second_input_in_gb = false, output_in_gb = false, weights_in_gb = false, packing = 1, row_tiles = 1, col_tiles = 1, tiles = 1, columns_per_round = 1, row_tiles_per_round = 1, rounds = 1, cores = 1, steps = 2>, total_weight_slots = 32 : i64, used_weight_slots = 32 : i64} payload {
      %1 = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x2xf32>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
      cim.yield %1 : tensor<4x2xf32>
    } schedule {
      cim.loop step trips(2) macs(64) {
        cim.spatial cores(1) arrays(1) replicas(1) {
          cim.transfer dram bytes(36)
          cim.transfer noc bytes(36)
          cim.transfer lb bytes(36) {all_cores = 36 : i64}
          cim.mvm 2 x[16 x 2]
          cim.vector ops(4)
        }
      }
      cim.loop fill trips(1) macs(0) {
        cim.spatial cores(1) arrays(1) replicas(1) {
          cim.transfer dram bytes(32)
          cim.transfer noc bytes(32)
        }
      }
      cim.loop drain trips(1) macs(0) {
        cim.spatial cores(1) arrays(1) replicas(1) {
          cim.transfer dram bytes(4)
          cim.transfer noc bytes(4)
        }
      }
    } : tensor<4x2xf32>
    return %0 : tensor<4x2xf32>
  }
}
