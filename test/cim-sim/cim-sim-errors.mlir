// RUN: not cim-sim %s 2>&1 | FileCheck %s
// RUN: echo 'module {}' | not cim-sim 2>&1 | FileCheck %s --check-prefix=NOHW
// RUN: echo 'module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 2, arrays_per_core = 2, rows = 16, cols = 16, rows_active = 16, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}' | not cim-sim 2>&1 | FileCheck %s --check-prefix=NOLAYERS
// RUN: not cim-sim %S/Inputs/unlowered.mlir 2>&1 | FileCheck %s --check-prefix=UNLOWERED
// RUN: not cim-sim %S/Inputs/does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE

// NOHW: error: cim-sim needs a hardware configuration on the module (cim.hardware): lower it with cim-opt --cim-compile="config=FILE.json"
// NOLAYERS: error: nothing to simulate: the module has no cim.layer ops; lower it with cim-opt --cim-compile first
// UNLOWERED: error: 'linalg.matmul' op is outside every cim.layer: the module is not fully lowered (run cim-opt --cim-compile)
// NOFILE: cim-sim: error: cannot open '{{.*}}does-not-exist.mlir': No such file or directory

// Not valid MLIR at all.
// CHECK: error: custom op 'garbage' is unknown
garbage
