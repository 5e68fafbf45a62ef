//===- TestUtil.cpp - Small layers and configurations for the tests -------===//

#include "TestUtil.h"

#include "cim/CostModel/LayerBuilder.h"

#include "gtest/gtest.h"

using namespace cim;

HardwareConfig test::smallConfig() {
  HardwareConfig c;
  c.name = "small";
  c.compute_mode = ComputeMode::Bitline;
  c.dram_bytes_per_cycle = 4;
  c.gb_bytes = 1 << 20;
  c.gb_bytes_per_cycle = 8;
  c.lb_bytes = 1 << 16;
  c.lb_bytes_per_cycle = 8;
  c.lb_max_bytes_per_cycle = 64;
  c.double_buffering = true;
  c.cores = 1;
  c.arrays_per_core = 2;
  c.rows = 16;
  c.cols = 16;
  c.rows_active = 8;
  c.weight_bits = 4;
  c.bits_per_cell = 2;
  c.input_bits = 4;
  c.input_bits_per_cycle = 2;
  c.output_bits = 8;
  c.cols_per_adc = 4;
  c.adc_cycles = 2;
  c.adder_tree_depth = 0;
  c.program_cycles_per_row = 3;
  c.array_input_bits_per_cycle = 0;
  c.array_output_bits_per_cycle = 16;
  c.vector_lanes_per_core = 4;
  c.step_overhead_cycles = 5;
  c.noc_multicast = true;
  c.input_line_buffer = false;
  c.write_broadcast = false;
  c.area_cell = 1;
  c.area_per_col = 24;
  c.area_per_row = 4;
  c.area_per_array = 2048;
  c.area_per_adc = 100;
  c.clock_mhz = 1000;
  return c;
}

Layer test::makeConv(const std::string &name, int64_t images, int64_t inC,
                     int64_t inH, int64_t inW, int64_t outC, int64_t kernel,
                     int64_t stride, int64_t pad, int64_t groups,
                     int64_t dilation) {
  return makeConvLayer(name, TensorShape{images, inC, inH, inW}, outC,
                       SquareWindow::symmetric(kernel, stride, pad, dilation),
                       groups);
}

Layer test::makeMatmul(const std::string &name, int64_t m, int64_t k,
                       int64_t n) {
  return makeMatmulLayer(name, TensorShape{m, k, 1, 1}, n);
}

Layer test::makeBatchMatmul(const std::string &name, int64_t heads, int64_t m,
                            int64_t k, int64_t n) {
  return makeBatchMatmulLayer(name, TensorShape{m, heads * k, 1, 1}, heads, m,
                              k, n);
}

Layer test::makeVector(const std::string &name, int64_t channels, int64_t h,
                       int64_t w, std::vector<VectorWork> work,
                       std::vector<int> operands) {
  TensorShape shape{1, channels, h, w};
  Layer l = makeVectorLayer(name, shape, shape, std::move(work));
  l.operands = std::move(operands);
  return l;
}

int64_t test::draw(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int64_t>(rng() % span);
}

HardwareConfig test::randomConfig(std::mt19937_64 &rng) {
  HardwareConfig c = smallConfig();
  c.name = "random";
  c.compute_mode =
      draw(rng, 0, 1) ? ComputeMode::Bitline : ComputeMode::BitlineFree;
  c.cores = draw(rng, 1, 3);
  c.arrays_per_core = draw(rng, 1, 4);
  c.rows = int64_t(4) << draw(rng, 0, 3);
  c.cols = int64_t(8) << draw(rng, 0, 2);
  c.rows_active = std::max<int64_t>(1, c.rows >> draw(rng, 0, 2));
  c.weight_bits = int64_t(2) << draw(rng, 0, 2);
  c.bits_per_cell = draw(rng, 1, 2);
  c.input_bits = int64_t(2) << draw(rng, 0, 2);
  c.input_bits_per_cycle = draw(rng, 1, 2);
  c.output_bits = int64_t(4) << draw(rng, 0, 1);
  c.cols_per_adc = int64_t(1) << draw(rng, 0, 3);
  c.adc_cycles = draw(rng, 1, 3);
  c.adder_tree_depth = draw(rng, 0, 4);
  c.program_cycles_per_row = draw(rng, 1, 4);
  c.array_input_bits_per_cycle = draw(rng, 0, 1) ? 0 : draw(rng, 4, 64);
  c.array_output_bits_per_cycle = draw(rng, 4, 64);
  c.dram_bytes_per_cycle = draw(rng, 1, 16);
  c.gb_bytes_per_cycle = draw(rng, 1, 32);
  c.lb_bytes_per_cycle = draw(rng, 1, 32);
  c.lb_max_bytes_per_cycle = 64;
  c.lb_bytes = draw(rng, 256, 8192);
  c.vector_lanes_per_core = draw(rng, 1, 8);
  c.step_overhead_cycles = draw(rng, 0, 10);
  c.double_buffering = draw(rng, 0, 3) != 0;
  c.noc_multicast = draw(rng, 0, 1);
  c.input_line_buffer = draw(rng, 0, 3) == 0;
  c.write_broadcast = draw(rng, 0, 1);
  return c;
}

Layer test::randomGemmLayer(std::mt19937_64 &rng, int index) {
  std::string name = "L" + std::to_string(index);
  int64_t kind = draw(rng, 0, 5);
  if (kind == 0)
    return makeMatmul(name, draw(rng, 1, 12), draw(rng, 1, 70),
                      draw(rng, 1, 40));
  if (kind == 1)
    return makeBatchMatmul(name, draw(rng, 1, 3), draw(rng, 1, 8),
                           draw(rng, 1, 24), draw(rng, 1, 12));
  int64_t groups = 1;
  int64_t inC = draw(rng, 1, 8), outC = draw(rng, 1, 12);
  int64_t shape = draw(rng, 0, 2);
  if (shape == 1) { // grouped
    groups = draw(rng, 2, 4);
    inC = groups * draw(rng, 1, 3);
    outC = groups * draw(rng, 1, 3);
  } else if (shape == 2) { // depthwise
    groups = inC = outC = draw(rng, 2, 12);
  }
  int64_t kernel = 1 + 2 * draw(rng, 0, 2);
  int64_t stride = draw(rng, 1, 2);
  int64_t dilation = draw(rng, 0, 3) == 0 ? 2 : 1;
  int64_t pad = draw(rng, 0, kernel / 2 * dilation);
  int64_t extent = (kernel - 1) * dilation + 1;
  int64_t inH = draw(rng, std::max<int64_t>(1, extent - 2 * pad), 9);
  Layer l = makeConv(name, draw(rng, 1, 2), inC, inH, inH, outC, kernel, stride,
                     pad, groups, dilation);
  if (draw(rng, 0, 1))
    l.vector_work.push_back({VectorOp::Relu, l.outputElements()});
  if (draw(rng, 0, 2) == 0)
    l.vector_work.push_back({VectorOp::HardSwish, l.outputElements()});
  if (draw(rng, 0, 2) == 0)
    l.vector_work.push_back({VectorOp::Requantize, l.outputElements()});
  return l;
}

LayerPlan test::planOrDie(const Layer &layer, const HardwareConfig &hw,
                          LayerMapping m) {
  llvm::Expected<LayerMapping> full = completeMapping(layer, hw, m);
  EXPECT_TRUE(static_cast<bool>(full)) << llvm::toString(full.takeError());
  llvm::Expected<LayerPlan> plan = planLayer(layer, hw, *full);
  EXPECT_TRUE(static_cast<bool>(plan)) << llvm::toString(plan.takeError());
  return *plan;
}

HardwareConfig test::exampleB() {
  HardwareConfig hw = smallConfig();
  hw.compute_mode = ComputeMode::BitlineFree;
  hw.cores = 2;
  hw.arrays_per_core = 2;
  hw.rows = 32;
  hw.cols = 16;
  hw.rows_active = 32;
  hw.weight_bits = 8;
  hw.bits_per_cell = 4;
  hw.input_bits = 8;
  hw.input_bits_per_cycle = 4;
  hw.adder_tree_depth = 3;
  hw.array_output_bits_per_cycle = 32;
  hw.program_cycles_per_row = 2;
  hw.dram_bytes_per_cycle = 8;
  hw.gb_bytes_per_cycle = 16;
  hw.lb_bytes_per_cycle = 16;
  hw.step_overhead_cycles = 4;
  hw.vector_lanes_per_core = 4;
  return hw;
}

std::vector<test::Growth> test::growths() {
  return {
      {"dram bandwidth",
       [](HardwareConfig &h) { h.dram_bytes_per_cycle *= 2; }},
      {"noc bandwidth", [](HardwareConfig &h) { h.gb_bytes_per_cycle *= 2; }},
      {"lb bandwidth",
       [](HardwareConfig &h) {
         h.lb_bytes_per_cycle *= 2;
         h.lb_max_bytes_per_cycle =
             std::max(h.lb_max_bytes_per_cycle, h.lb_bytes_per_cycle);
       }},
      {"local buffer", [](HardwareConfig &h) { h.lb_bytes *= 2; }},
      {"local buffer +1", [](HardwareConfig &h) { h.lb_bytes += 1; }},
      {"global buffer", [](HardwareConfig &h) { h.gb_bytes *= 2; }},
      {"vector lanes", [](HardwareConfig &h) { h.vector_lanes_per_core += 1; }},
      {"arrays per core", [](HardwareConfig &h) { h.arrays_per_core += 1; }},
      {"array output port",
       [](HardwareConfig &h) { h.array_output_bits_per_cycle *= 2; }},
  };
}

Layer test::exampleBConv() {
  Layer conv = makeConv("conv", 1, 2, 5, 5, 3, 3, 1, 1);
  conv.vector_work.push_back({VectorOp::Relu, 75});
  return conv;
}

LayerPlan test::exampleBPlan(const HardwareConfig &hw) {
  LayerMapping m;
  m.arrays_available = 4;
  m.replication = 2;
  m.rows_per_step = 2;
  m.double_buffered = true;
  m.input_in_gb = true;
  return planOrDie(exampleBConv(), hw, m);
}

bool test::expectNetworkCyclesMonotone(const Workload &w,
                                       const HardwareConfig &hw,
                                       const NetworkOptions &options,
                                       llvm::StringRef skip, int trial) {
  llvm::Expected<NetworkResult> base = mapNetwork(w, hw, options);
  if (!base) {
    llvm::consumeError(base.takeError());
    return false;
  }
  for (const Growth &g : growths()) {
    if (skip == g.name)
      continue;
    HardwareConfig more = hw;
    g.apply(more);
    llvm::Expected<NetworkResult> grown = mapNetwork(w, more, options);
    EXPECT_TRUE(static_cast<bool>(grown))
        << g.name << " trial " << trial << ": "
        << (grown ? std::string() : llvm::toString(grown.takeError()));
    if (grown) {
      EXPECT_LE(grown->cycles, base->cycles) << g.name << " trial " << trial;
    }
  }
  return true;
}
