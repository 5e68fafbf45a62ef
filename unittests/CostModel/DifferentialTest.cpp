//===- DifferentialTest.cpp - Closed form vs the naive simulator ----------===//
//
// Hundreds of random small layers (conv, grouped, depthwise, matmul, batch
// matmul; some on the vector units) on random valid configurations with
// random valid mappings: planLayer + costOfPlan must agree exactly with the
// tile-by-tile, vector-by-vector ReferenceSimulator.
//
//===----------------------------------------------------------------------===//

#include "ReferenceSimulator.h"
#include "TestUtil.h"

#include "gtest/gtest.h"

#include "llvm/Support/raw_ostream.h"

using namespace cim;
using namespace cim::test;

namespace {

/// A random mapping whose choices are valid for `layer` on `hw` (the step
/// buffers may still overflow the local buffer; the caller skips those).
std::optional<LayerMapping> randomMapping(std::mt19937_64 &rng,
                                          const Layer &layer,
                                          const HardwareConfig &hw) {
  LayerMapping m;
  bool vectorOk = layer.kind == LayerKind::Vector ||
                  (layer.kind == LayerKind::Conv && layer.groups > 1);
  m.unit = layer.kind == LayerKind::Vector || (vectorOk && draw(rng, 0, 3) == 0)
               ? ExecUnit::Vector
               : ExecUnit::Arrays;
  m.inputInGb = draw(rng, 0, 1);
  m.secondInputInGb = draw(rng, 0, 1);
  m.outputInGb = draw(rng, 0, 1);
  m.weightsInGb = draw(rng, 0, 1);
  if (m.unit == ExecUnit::Arrays) {
    m.arraysAvailable = draw(rng, 1, hw.totalArrays());
    LayerMapping probe = m;
    llvm::Expected<LayerMapping> base = completeMapping(layer, hw, probe);
    if (!base) {
      llvm::consumeError(base.takeError());
      return std::nullopt;
    }
    int64_t tiles = base->tiles;
    if (tiles <= m.arraysAvailable) {
      auto rhos = replicationCandidates(m.arraysAvailable / tiles);
      m.replication = rhos[draw(rng, 0, rhos.size() - 1)];
      m.resident = layer.kind != LayerKind::BatchMatmul && draw(rng, 0, 2) == 0;
    }
  }
  llvm::Expected<LayerMapping> shape = completeMapping(layer, hw, m);
  if (!shape) {
    llvm::consumeError(shape.takeError());
    return std::nullopt;
  }
  // Any round size up to the largest (resident layers need one round).
  if (m.unit == ExecUnit::Arrays && !m.resident) {
    if (shape->columnsPerRound > 0) {
      m.columnsPerRound = draw(rng, 1, shape->columnsPerRound);
      m.rowTilesPerRound = shape->rowTiles;
    } else {
      m.rowTilesPerRound = draw(rng, 1, shape->rowTilesPerRound);
    }
  }
  int64_t rows =
      layer.kind == LayerKind::Matmul || layer.kind == LayerKind::BatchMatmul
          ? layer.m
      : layer.out_h > 1 ? layer.out_h
                        : layer.images;
  m.rowsPerStep = draw(rng, 1, rows);
  shape = completeMapping(layer, hw, m);
  if (!shape) {
    llvm::consumeError(shape.takeError());
    return std::nullopt;
  }
  m = *shape;
  m.doubleBuffered = hw.doubleBuffering && m.steps >= 2 && draw(rng, 0, 1);
  return m;
}

Layer randomVectorLayer(std::mt19937_64 &rng, int index) {
  int64_t c = draw(rng, 1, 6), h = draw(rng, 1, 6), w = draw(rng, 1, 6);
  std::vector<VectorWork> work = {{VectorOp::Add, c * h * w}};
  if (draw(rng, 0, 1))
    work.push_back({VectorOp::HardSwish, c * h * w});
  std::vector<int> operands = {-1};
  if (draw(rng, 0, 1))
    operands.push_back(-1);
  Layer l = makeVector("V" + std::to_string(index), c, h, w, work, operands);
  l.images = draw(rng, 1, 3);
  return l;
}

std::string describe(const Layer &l, const HardwareConfig &hw,
                     const LayerMapping &m) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "layer " << stringifyLayerKind(l.kind) << " b" << l.batch << " g"
     << l.groups << " m" << l.m << " k" << l.k << " n" << l.n << " img"
     << l.images << " in" << l.inChannels << "x" << l.in_h << "x" << l.in_w
     << " out" << l.outChannels << "x" << l.out_h << "x" << l.out_w << " ker"
     << l.kernelH << " s" << l.strideH << " p" << l.padTop << " d"
     << l.dilationH << "; hw " << stringifyComputeMode(hw.computeMode)
     << " cores" << hw.cores << " apc" << hw.arraysPerCore << " R" << hw.rows
     << " C" << hw.cols << " wb" << hw.weightBits << " bc" << hw.bitsPerCell
     << " mc" << hw.nocMulticast << " ilb" << hw.inputLineBuffer << " wbc"
     << hw.writeBroadcast << "; map unit " << stringifyExecUnit(m.unit)
     << " res" << m.resident << " avail" << m.arraysAvailable << " rho"
     << m.replication << " rps" << m.rowsPerStep << " db" << m.doubleBuffered
     << " p" << m.packing << " Tk" << m.rowTiles << " Tn" << m.colTiles << " T"
     << m.tiles << " cpr" << m.columnsPerRound << " rtpr" << m.rowTilesPerRound
     << " rounds" << m.rounds << " cores" << m.cores << " steps" << m.steps
     << " gb(in,2nd,out,w)" << m.inputInGb << m.secondInputInGb << m.outputInGb
     << m.weightsInGb;
  return os.str();
}

TEST(Differential, ClosedFormMatchesNaiveSimulator) {
  std::mt19937_64 rng(20240611);
  int compared = 0, skippedLb = 0, vectorUnit = 0, splitColumns = 0,
      replicated = 0, doubleBuffered = 0, grouped = 0;
  for (int trial = 0; trial < 3000 && compared < 600; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    ASSERT_TRUE(hw.violations().empty()) << llvm::toString(hw.validate());
    Layer layer = draw(rng, 0, 7) == 0 ? randomVectorLayer(rng, trial)
                                       : randomGemmLayer(rng, trial);
    std::optional<LayerMapping> m = randomMapping(rng, layer, hw);
    if (!m)
      continue;
    llvm::Expected<LayerPlan> plan = planLayer(layer, hw, *m);
    if (!plan) {
      std::string text = llvm::toString(plan.takeError());
      ASSERT_NE(text.find("local-buffer bytes"), std::string::npos) << text;
      ++skippedLb;
      continue;
    }
    CostBreakdown cost = costOfPlan(*plan, hw);
    ReferenceResult ref = simulateLayer(layer, hw, *m);
    SCOPED_TRACE("trial " + std::to_string(trial) + " layer " + layer.name +
                 " kind " + stringifyLayerKind(layer.kind).str() + " unit " +
                 stringifyExecUnit(m->unit).str() + "\n" +
                 describe(layer, hw, *m));
    EXPECT_EQ(cost.cycles, ref.cycles);
    EXPECT_EQ(cost.modelLoadCycles, ref.modelLoadCycles);
    EXPECT_EQ(cost.dramBytes, ref.dramBytes);
    EXPECT_EQ(cost.gbBytes, ref.gbBytes);
    EXPECT_EQ(cost.lbBytes, ref.lbBytes);
    EXPECT_EQ(cost.macs, ref.macs);
    EXPECT_EQ(cost.macs, layer.macs());
    EXPECT_EQ(m->steps * m->rounds, ref.steps);
    EXPECT_EQ(m->rounds, ref.rounds);
    if (m->unit == ExecUnit::Arrays) {
      EXPECT_EQ(cost.compute, ref.compute);
    }
    if (::testing::Test::HasFailure())
      return;
    ++compared;
    vectorUnit += m->unit == ExecUnit::Vector;
    splitColumns += m->unit == ExecUnit::Arrays && m->columnsPerRound == 0;
    replicated += m->replication > 1;
    doubleBuffered += m->doubleBuffered;
    grouped += layer.groups > 1;
  }
  EXPECT_GE(compared, 500);
  // The random space must reach every mapping feature.
  EXPECT_GT(vectorUnit, 20);
  EXPECT_GT(splitColumns, 20);
  EXPECT_GT(replicated, 20);
  EXPECT_GT(doubleBuffered, 50);
  EXPECT_GT(grouped, 50);
  RecordProperty("compared", compared);
  RecordProperty("skipped_lb", skippedLb);
}

} // namespace

// The DMA row range of a block touching the padding is computed in closed
// form (O(kernel) per block, LayerPlan.cpp); the reference walks every
// output row and kernel row. Wide pads (up to three kernel extents, so some
// blocks read only padding), strides and dilations stress the edge cases
// the random layers above rarely reach.
TEST(Differential, WidePaddingMatchesNaiveSimulator) {
  std::mt19937_64 rng(20261204);
  int compared = 0, allPadding = 0;
  for (int trial = 0; trial < 4000 && compared < 400; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    int64_t kernel = draw(rng, 1, 5), stride = draw(rng, 1, 3),
            dilation = draw(rng, 1, 3);
    int64_t extent = (kernel - 1) * dilation + 1;
    int64_t pad = draw(rng, 0, 3 * extent);
    int64_t inH = draw(rng, 1, 10);
    if (inH + 2 * pad < extent)
      continue;
    // Drawn in sequence: the order of a call's arguments is unspecified.
    int64_t batch = draw(rng, 1, 2), inC = draw(rng, 1, 4),
            outC = draw(rng, 1, 6);
    Layer layer = makeConv("wide" + std::to_string(trial), batch, inC, inH,
                           inH, outC, kernel, stride, pad, 1, dilation);
    std::optional<LayerMapping> m = randomMapping(rng, layer, hw);
    if (!m)
      continue;
    llvm::Expected<LayerPlan> plan = planLayer(layer, hw, *m);
    if (!plan) {
      llvm::consumeError(plan.takeError());
      continue;
    }
    CostBreakdown cost = costOfPlan(*plan, hw);
    ReferenceResult ref = simulateLayer(layer, hw, *m);
    SCOPED_TRACE("trial " + std::to_string(trial) + "\n" +
                 describe(layer, hw, *m));
    EXPECT_EQ(cost.cycles, ref.cycles);
    EXPECT_EQ(cost.dramBytes, ref.dramBytes);
    EXPECT_EQ(cost.gbBytes, ref.gbBytes);
    EXPECT_EQ(cost.lbBytes, ref.lbBytes);
    if (::testing::Test::HasFailure())
      return;
    ++compared;
    allPadding += pad >= extent;
  }
  EXPECT_GE(compared, 300);
  EXPECT_GT(allPadding, 50);
}
