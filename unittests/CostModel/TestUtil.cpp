//===- TestUtil.cpp - Small layers and configurations for the tests -------===//

#include "TestUtil.h"

#include "cim/CostModel/LayerBuilder.h"

#include "gtest/gtest.h"

using namespace cim;

HardwareConfig test::smallConfig() {
  HardwareConfig c;
  c.name = "small";
  c.computeMode = ComputeMode::Bitline;
  c.dramBytesPerCycle = 4;
  c.gbBytes = 1 << 20;
  c.gbBytesPerCycle = 8;
  c.lbBytes = 1 << 16;
  c.lbBytesPerCycle = 8;
  c.lbMaxBytesPerCycle = 64;
  c.doubleBuffering = true;
  c.cores = 1;
  c.arraysPerCore = 2;
  c.rows = 16;
  c.cols = 16;
  c.rowsActive = 8;
  c.weightBits = 4;
  c.bitsPerCell = 2;
  c.inputBits = 4;
  c.inputBitsPerCycle = 2;
  c.outputBits = 8;
  c.colsPerAdc = 4;
  c.adcCycles = 2;
  c.adderTreeDepth = 0;
  c.programCyclesPerRow = 3;
  c.arrayInputBitsPerCycle = 0;
  c.arrayOutputBitsPerCycle = 16;
  c.vectorLanesPerCore = 4;
  c.stepOverheadCycles = 5;
  c.nocMulticast = true;
  c.inputLineBuffer = false;
  c.writeBroadcast = false;
  c.areaCell = 1;
  c.areaPerCol = 24;
  c.areaPerRow = 4;
  c.areaPerArray = 2048;
  c.areaPerAdc = 100;
  c.clockMhz = 1000;
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
  c.computeMode =
      draw(rng, 0, 1) ? ComputeMode::Bitline : ComputeMode::BitlineFree;
  c.cores = draw(rng, 1, 3);
  c.arraysPerCore = draw(rng, 1, 4);
  c.rows = int64_t(4) << draw(rng, 0, 3);
  c.cols = int64_t(8) << draw(rng, 0, 2);
  c.rowsActive = std::max<int64_t>(1, c.rows >> draw(rng, 0, 2));
  c.weightBits = int64_t(2) << draw(rng, 0, 2);
  c.bitsPerCell = draw(rng, 1, 2);
  c.inputBits = int64_t(2) << draw(rng, 0, 2);
  c.inputBitsPerCycle = draw(rng, 1, 2);
  c.outputBits = int64_t(4) << draw(rng, 0, 1);
  c.colsPerAdc = int64_t(1) << draw(rng, 0, 3);
  c.adcCycles = draw(rng, 1, 3);
  c.adderTreeDepth = draw(rng, 0, 4);
  c.programCyclesPerRow = draw(rng, 1, 4);
  c.arrayInputBitsPerCycle = draw(rng, 0, 1) ? 0 : draw(rng, 4, 64);
  c.arrayOutputBitsPerCycle = draw(rng, 4, 64);
  c.dramBytesPerCycle = draw(rng, 1, 16);
  c.gbBytesPerCycle = draw(rng, 1, 32);
  c.lbBytesPerCycle = draw(rng, 1, 32);
  c.lbMaxBytesPerCycle = 64;
  c.lbBytes = draw(rng, 256, 8192);
  c.vectorLanesPerCore = draw(rng, 1, 8);
  c.stepOverheadCycles = draw(rng, 0, 10);
  c.doubleBuffering = draw(rng, 0, 3) != 0;
  c.nocMulticast = draw(rng, 0, 1);
  c.inputLineBuffer = draw(rng, 0, 3) == 0;
  c.writeBroadcast = draw(rng, 0, 1);
  return c;
}

Layer test::randomGemmLayer(std::mt19937_64 &rng, int index) {
  std::string name = "L" + std::to_string(index);
  int64_t kind = draw(rng, 0, 5);
  // Every draw is its own statement or declarator: the order in which a
  // call's arguments are evaluated is unspecified (g++ and clang differ), and
  // the random cases must not depend on the compiler.
  if (kind == 0) {
    int64_t m = draw(rng, 1, 12), k = draw(rng, 1, 70), n = draw(rng, 1, 40);
    return makeMatmul(name, m, k, n);
  }
  if (kind == 1) {
    int64_t heads = draw(rng, 1, 3), m = draw(rng, 1, 8),
            k = draw(rng, 1, 24), n = draw(rng, 1, 12);
    return makeBatchMatmul(name, heads, m, k, n);
  }
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
    l.vectorWork.push_back({VectorOp::Relu, l.outputElements()});
  if (draw(rng, 0, 2) == 0)
    l.vectorWork.push_back({VectorOp::HardSwish, l.outputElements()});
  if (draw(rng, 0, 2) == 0)
    l.vectorWork.push_back({VectorOp::Requantize, l.outputElements()});
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
  hw.computeMode = ComputeMode::BitlineFree;
  hw.cores = 2;
  hw.arraysPerCore = 2;
  hw.rows = 32;
  hw.cols = 16;
  hw.rowsActive = 32;
  hw.weightBits = 8;
  hw.bitsPerCell = 4;
  hw.inputBits = 8;
  hw.inputBitsPerCycle = 4;
  hw.adderTreeDepth = 3;
  hw.arrayOutputBitsPerCycle = 32;
  hw.programCyclesPerRow = 2;
  hw.dramBytesPerCycle = 8;
  hw.gbBytesPerCycle = 16;
  hw.lbBytesPerCycle = 16;
  hw.stepOverheadCycles = 4;
  hw.vectorLanesPerCore = 4;
  return hw;
}

std::vector<test::Growth> test::growths() {
  return {
      {"dram bandwidth", [](HardwareConfig &h) { h.dramBytesPerCycle *= 2; }},
      {"noc bandwidth", [](HardwareConfig &h) { h.gbBytesPerCycle *= 2; }},
      {"lb bandwidth",
       [](HardwareConfig &h) {
         h.lbBytesPerCycle *= 2;
         h.lbMaxBytesPerCycle =
             std::max(h.lbMaxBytesPerCycle, h.lbBytesPerCycle);
       }},
      {"local buffer", [](HardwareConfig &h) { h.lbBytes *= 2; }},
      {"local buffer +1", [](HardwareConfig &h) { h.lbBytes += 1; }},
      {"global buffer", [](HardwareConfig &h) { h.gbBytes *= 2; }},
      {"vector lanes", [](HardwareConfig &h) { h.vectorLanesPerCore += 1; }},
      {"arrays per core", [](HardwareConfig &h) { h.arraysPerCore += 1; }},
      {"array output port",
       [](HardwareConfig &h) { h.arrayOutputBitsPerCycle *= 2; }},
  };
}

Layer test::exampleBConv() {
  Layer conv = makeConv("conv", 1, 2, 5, 5, 3, 3, 1, 1);
  conv.vectorWork.push_back({VectorOp::Relu, 75});
  return conv;
}

LayerPlan test::exampleBPlan(const HardwareConfig &hw) {
  LayerMapping m;
  m.arraysAvailable = 4;
  m.replication = 2;
  m.rowsPerStep = 2;
  m.doubleBuffered = true;
  m.inputInGb = true;
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
