// RUN: cim-opt %s --split-input-file --verify-diagnostics

// Every rule of the hardware model and of the #cim.hardware syntax has a
// negative case here.

// A zero core count is rejected.
// expected-error @+1 {{invalid hardware 'default': array.cores must be positive, found 0}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 0, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// A negative per-step overhead is rejected.
// expected-error @+1 {{invalid hardware 'default': schedule.step_overhead_cycles must be non-negative, found -1}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = -1, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// More active rows than rows is rejected.
// expected-error @+1 {{array.rows_active must not exceed array.rows (512 > 256)}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 512, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// Applying more input bits per cycle than the input has is rejected.
// expected-error @+1 {{array.input_bits_per_cycle must not exceed array.input_bits (16 > 8)}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 16, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// More bits per cell than weight bits is rejected.
// expected-error @+1 {{array.bits_per_cell must not exceed array.weight_bits (16 > 8)}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 16, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// An array too narrow for one weight is rejected.
// expected-error @+1 {{array.cols must hold at least one weight: 4 columns < 8 columns per weight}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 4, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 4, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// ADC sharing must divide the columns in bitline mode.
// expected-error @+1 {{array.cols_per_adc must divide array.cols (256 % 7 != 0)}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 7, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// A local-buffer port above its cap is rejected.
// expected-error @+1 {{memory.lb_bytes_per_cycle must not exceed memory.lb_max_bytes_per_cycle (256 > 128)}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 256, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// An empty name is rejected.
// expected-error @+1 {{invalid hardware '': name must not be empty}}
module attributes {cim.hardware = #cim.hardware<name = "", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// An unknown parameter is rejected.
// expected-error @+1 {{unknown hardware parameter 'rowz'}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rowz = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// A parameter given twice is rejected.
// expected-error @+1 {{hardware parameter 'cols' appears twice}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, cols = 128, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// A missing parameter is named.
// expected-error @+1 {{#cim.hardware is missing parameter 'clock_mhz'}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158>} {}

// -----

// An unknown compute mode is rejected.
// expected-error @+1 {{expected compute_mode 'bitline' or 'bitline_free', found 'analog'}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = analog, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// Flags take true or false.
// expected-error @+1 {{expected 'true' or 'false' for hardware parameter 'noc_multicast', found 'maybe'}}
module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = maybe, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {}

// -----

// The hardware belongs on a module, nowhere else.
module {
  // expected-error @+1 {{'cim.hardware' may only be attached to a builtin.module}}
  func.func @f() attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline, dram_bytes_per_cycle = 32, gb_bytes = 2097152, gb_bytes_per_cycle = 128, lb_bytes = 262144, lb_bytes_per_cycle = 64, lb_max_bytes_per_cycle = 128, double_buffering = true, cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64, weight_bits = 8, bits_per_cell = 1, input_bits = 8, input_bits_per_cycle = 1, output_bits = 8, cols_per_adc = 8, adc_cycles = 1, adder_tree_depth = 0, program_cycles_per_row = 2, ping_pong_programming = false, array_input_bits_per_cycle = 0, array_output_bits_per_cycle = 64, vector_lanes_per_core = 32, step_overhead_cycles = 32, noc_multicast = true, input_line_buffer = false, write_broadcast = false, area_cell = 1, area_per_col = 61, area_per_row = 83, area_per_array = 7836, area_per_adc = 1158, clock_mhz = 1000>} {
    return
  }
}

// -----

// cim.hardware must hold a #cim.hardware attribute.
// expected-error @+1 {{'cim.hardware' must be a #cim.hardware attribute}}
module attributes {cim.hardware = 3 : i64} {}
