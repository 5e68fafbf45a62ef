//===- HandDerivedTest.cpp - Small layers costed by hand ------------------===//
//
// Each number below is derived step by step in docs/timing.md ("Worked
// examples"); the comments repeat the arithmetic so the doc and the test
// can be read side by side.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;

namespace {

const PlanCase *findCase(const LayerPlan &plan, CaseKind kind,
                         int64_t rowsOrMvms = -1) {
  for (const PlanCase &c : plan.cases)
    if (c.kind == kind && (rowsOrMvms < 0 || c.mvms == rowsOrMvms))
      return &c;
  return nullptr;
}

// Example A's layer and mapping (on smallConfig()).
LayerPlan exampleAPlan(const HardwareConfig &hw) {
  Layer fc = makeMatmul("fc", 4, 20, 6);
  LayerMapping m;
  m.arraysAvailable = 2;
  m.rowsPerStep = 4;
  return planOrDie(fc, hw, m);
}

// Example A (docs/timing.md): bitline, a 4 x 20 x 6 matmul on two 16 x 16
// arrays, streamed, one step, not double-buffered.
TEST(HandDerived, BitlineMatmulTwoRowTiles) {
  HardwareConfig hw = smallConfig();
  // cw = ceil(4/2) = 2, Cw = 16/2 = 8, S = ceil(4/2) = 2, nadc = 16/4 = 4,
  // pb = 4 + 4 + log2(16) = 12, Pin = 16*2 = 32, Pout = 16.
  ASSERT_EQ(hw.weightsPerRow(), 8);
  ASSERT_EQ(hw.partialSumBits(), 12);
  LayerPlan plan = exampleAPlan(hw);
  // Tk = ceil(20/16) = 2, Tn = ceil(6/8) = 1, T = 2: one round, one core.
  EXPECT_EQ(plan.mapping.rowTiles, 2);
  EXPECT_EQ(plan.mapping.colTiles, 1);
  EXPECT_EQ(plan.mapping.tiles, 2);
  EXPECT_EQ(plan.mapping.rounds, 1);
  EXPECT_EQ(plan.mapping.cores, 1);
  EXPECT_EQ(plan.mapping.steps, 1);

  const PlanCase *step = findCase(plan, CaseKind::Step);
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->count, 1);
  EXPECT_EQ(step->mvms, 4); // 4 input vectors, no replica
  EXPECT_EQ(step->mvmRows, 16);
  EXPECT_EQ(step->mvmCols, 6);
  EXPECT_FALSE(step->finalOutputs); // Tk > 1: partial sums
  // Inputs 4 tokens x 20 x 4 bits = 40 B; outputs 4 x 6 x 8 bits = 24 B;
  // both through the NoC and from/to DRAM.
  EXPECT_EQ(step->gbBytes, 40 + 24);
  EXPECT_EQ(step->dramBytes, 40 + 24);
  // LB: per vector 16*4 + 4*4 = 80 input bits and 2 * 6 * 12 = 144
  // partial-sum bits; 4 vectors: 896 bits = 112 B.
  EXPECT_EQ(step->lbBytes, 112);
  // (Tk-1)*24 additions + 24 requantisations.
  EXPECT_EQ(step->vectorOps, 48);
  EXPECT_EQ(step->macs, 4 * 20 * 6);

  const PlanCase *prog = findCase(plan, CaseKind::Program);
  ASSERT_NE(prog, nullptr);
  EXPECT_EQ(prog->rowsProgrammed, 16);
  EXPECT_EQ(prog->dramBytes, 60); // 120 weights x 4 bits
  EXPECT_EQ(prog->gbBytes, 60);
  EXPECT_EQ(prog->lbBytes, 60);

  // interval = S * ceil(16/8) * ceil(6*2/4) * tadc = 2*2*3*2 = 24; ports
  // ceil(64/32) = 2 and ceil(72/16) = 5 do not bind.
  MvmTiming t = mvmTiming(hw, 16, 6, false);
  EXPECT_EQ(t.interval, 24);
  EXPECT_EQ(t.latency, 24);

  CostBreakdown cost = costOfPlan(plan, hw);
  // Step: hop 5 + compute 96 + dram ceil(64/4)=16 + gb ceil(64/8)=8 +
  // lb ceil(112/8)=14 + vector ceil(48/4)=12 = 151. Program: max(16*3=48,
  // 15, 8, 8) = 48. Total 199.
  EXPECT_EQ(cost.compute, 96);
  EXPECT_EQ(cost.dram, 16);
  EXPECT_EQ(cost.gb, 8);
  EXPECT_EQ(cost.lb, 14);
  EXPECT_EQ(cost.vector, 12);
  EXPECT_EQ(cost.hop, 5);
  EXPECT_EQ(cost.program, 48);
  EXPECT_EQ(cost.cycles, 199);
  EXPECT_EQ(cost.stalls, 199 - 96);
  EXPECT_EQ(cost.bound, CostTerm::Compute);
  EXPECT_EQ(cost.macs, 480);
  // Cells used 16*6 + 4*6 = 120 of 2 arrays x 16 x 8.
  EXPECT_DOUBLE_EQ(cost.arrayUtilization, 120.0 / 256.0);
}

// Example B (docs/timing.md): bitline_free, a 3x3 conv 2 -> 3 channels on
// a 5x5 input, two replicas on two cores, 2 output rows per step,
// double-buffered.
TEST(HandDerived, BitlineFreeConvReplicatedDoubleBuffered) {
  HardwareConfig hw = exampleB();
  Layer conv = exampleBConv();
  LayerPlan plan = exampleBPlan(hw);
  // K = 18 <= 32, N = 3 <= Cw = 8: T = 1; two replicas on two cores.
  EXPECT_EQ(plan.mapping.tiles, 1);
  EXPECT_EQ(plan.mapping.cores, 2);
  EXPECT_EQ(plan.mapping.steps, 3); // blocks of rows [0,2) [2,4) [4,5)

  // Steps: (2 rows out, 3 rows in), (2, 4), (1, 2).
  const PlanCase *top = nullptr, *mid = nullptr, *bottom = nullptr;
  for (const PlanCase &c : plan.cases) {
    if (c.kind != CaseKind::Step)
      continue;
    if (c.mvms == 3)
      bottom = &c;
    else if (c.gbBytes == 60)
      top = &c;
    else if (c.gbBytes == 70)
      mid = &c;
  }
  ASSERT_TRUE(top && mid && bottom);
  // Top: 10 vectors, 5 per replica; inputs 3 rows x 5 x 2 ch = 30 B,
  // outputs 10 x 3 = 30 B (to DRAM; the input is in the GB).
  EXPECT_EQ(top->mvms, 5);
  EXPECT_EQ(top->dramBytes, 30);
  EXPECT_EQ(top->lbBytes, 105);  // 5 x (18*8 + 3*8) bits = 840 bits
  EXPECT_EQ(top->vectorOps, 15); // ReLU on 30 outputs over 2 cores
  EXPECT_EQ(mid->dramBytes, 30);
  // Bottom: 5 vectors, replicas take 3 and 2; 2 input rows = 20 B.
  EXPECT_EQ(bottom->gbBytes, 20 + 15);
  EXPECT_EQ(bottom->dramBytes, 15);
  EXPECT_EQ(bottom->lbBytes, 63); // 3 x 168 bits = 504 bits
  EXPECT_EQ(bottom->vectorOps, 8);

  // bitline_free: interval S = 2, latency 2 + 3 = 5; ports ceil(144/128)=2
  // and ceil(24/32) = 1 do not bind.
  MvmTiming t = mvmTiming(hw, 18, 3, true);
  EXPECT_EQ(t.interval, 2);
  EXPECT_EQ(t.latency, 5);

  CostBreakdown cost = costOfPlan(plan, hw);
  // Steps: 4 + max(13, 4, 4, 7, 4) = 17; 4 + max(13, 4, 5, 7, 4) = 17;
  // 4 + max(9, 2, 3, 4, 2) = 13. Fill ceil(30/16) = 2, drain
  // ceil(15/8) + ceil(15/16) = 3. Program max(18*2, 7, 7, 4) = 36.
  EXPECT_EQ(cost.compute, 13 + 13 + 9);
  EXPECT_EQ(cost.fill, 2 + 3);
  EXPECT_EQ(cost.program, 36);
  EXPECT_EQ(cost.hop, 12);
  EXPECT_EQ(cost.cycles, 17 + 17 + 13 + 2 + 3 + 36);
  EXPECT_EQ(cost.bound, CostTerm::Program);
  EXPECT_EQ(cost.macs, conv.macs());
  // Largest step: 40 B of inputs + ceil(30/2) B of outputs per core.
  EXPECT_EQ(plan.lbNeedBytes, 55);
}

// A port limit binds: Pout = 8 bits/cycle makes 3 final 8-bit outputs take
// 3 cycles > S = 2; latency becomes interval + ttree.
TEST(HandDerived, OutputPortBinds) {
  HardwareConfig hw = exampleB();
  hw.arrayOutputBitsPerCycle = 8;
  MvmTiming t = mvmTiming(hw, 18, 3, true);
  EXPECT_EQ(t.interval, 3);
  EXPECT_EQ(t.latency, 6);
  // Partial sums (pb = 8 + 8 + 5 = 21 bits): ceil(63/8) = 8.
  t = mvmTiming(hw, 18, 3, false);
  EXPECT_EQ(t.interval, 8);
  EXPECT_EQ(t.latency, 11);
  // k back-to-back MVMs: 5 * 3 + (6 - 3) = 18 cycles.
  EXPECT_EQ(5 * mvmTiming(hw, 18, 3, true).interval + 3, 18);
}

// Example C (docs/timing.md): a residual add + ReLU on the vector units.
TEST(HandDerived, VectorLayerResidualAdd) {
  HardwareConfig hw = exampleB();
  Layer add = makeVector("add", 4, 3, 3,
                         {{VectorOp::Add, 36}, {VectorOp::Relu, 36}}, {0, 1});
  LayerMapping m;
  m.unit = ExecUnit::Vector;
  m.rowsPerStep = 3;
  LayerPlan plan = planOrDie(add, hw, m);
  EXPECT_EQ(plan.mapping.cores, 2);
  ASSERT_EQ(plan.cases.size(), 1u);
  const PlanCase &s = plan.cases[0];
  // 36 B input + 36 B skip + 36 B output, all in DRAM.
  EXPECT_EQ(s.dramBytes, 108);
  EXPECT_EQ(s.gbBytes, 108);
  EXPECT_EQ(s.lbBytes, 54);
  EXPECT_EQ(s.vectorOps, 36); // (36 + 36) / 2 cores
  CostBreakdown cost = costOfPlan(plan, hw);
  // 4 + 14 + 7 + 4 + 9 = 38.
  EXPECT_EQ(cost.cycles, 38);
  EXPECT_EQ(cost.bound, CostTerm::Dram);
}

// The network's bounding term sums each term's bounded cycles over the
// layers (docs/timing.md, "Network"). Example A (bound compute) followed by
// three copies of Example B (bound program): per term, compute bounds
// 96 + 3 * 35 = 201 cycles and program 48 + 3 * 36 = 156, so the network is
// compute-bound, although the layers bounded by program take 3 * 88 = 264
// of its 463 cycles and the compute-bound layer only 199 (the rule that
// gives each layer's cycles to its own bound would say program).
TEST(HandDerived, NetworkBoundSumsEachTermOverTheLayers) {
  CostBreakdown a = costOfPlan(exampleAPlan(smallConfig()), smallConfig());
  CostBreakdown b = costOfPlan(exampleBPlan(exampleB()), exampleB());
  auto bounded = [](const CostBreakdown &c, CostTerm t) {
    return c.boundedCycles[static_cast<int>(t)];
  };
  // Example A, one serial step: every term bounds its own cycles (hop 5,
  // compute 96, dram 16, gb 8, lb 14, vector 12), programming 48.
  EXPECT_EQ(bounded(a, CostTerm::Compute), 96);
  EXPECT_EQ(bounded(a, CostTerm::Dram), 16);
  EXPECT_EQ(bounded(a, CostTerm::Gb), 8);
  EXPECT_EQ(bounded(a, CostTerm::Lb), 14);
  EXPECT_EQ(bounded(a, CostTerm::Vector), 12);
  EXPECT_EQ(bounded(a, CostTerm::Hop), 5);
  EXPECT_EQ(bounded(a, CostTerm::Program), 48);
  EXPECT_EQ(bounded(a, CostTerm::Fill), 0);
  EXPECT_EQ(a.bound, CostTerm::Compute);
  // Example B, double-buffered: each step's body goes to compute (13, 13,
  // 9), hops 3 x 4, fill + drain 2 + 3, programming 36.
  EXPECT_EQ(bounded(b, CostTerm::Compute), 35);
  EXPECT_EQ(bounded(b, CostTerm::Hop), 12);
  EXPECT_EQ(bounded(b, CostTerm::Fill), 5);
  EXPECT_EQ(bounded(b, CostTerm::Program), 36);
  EXPECT_EQ(bounded(b, CostTerm::Dram) + bounded(b, CostTerm::Gb) +
                bounded(b, CostTerm::Lb) + bounded(b, CostTerm::Vector),
            0);
  EXPECT_EQ(b.bound, CostTerm::Program);

  CostBreakdown net = networkTotal({a, b, b, b});
  EXPECT_EQ(net.cycles, 199 + 3 * 88);
  EXPECT_EQ(bounded(net, CostTerm::Compute), 201);
  EXPECT_EQ(bounded(net, CostTerm::Program), 156);
  EXPECT_EQ(bounded(net, CostTerm::Hop), 5 + 3 * 12);
  EXPECT_EQ(bounded(net, CostTerm::Fill), 3 * 5);
  int64_t sum = 0;
  for (int64_t v : net.boundedCycles)
    sum += v;
  EXPECT_EQ(sum, net.cycles); // every cycle is bounded by exactly one term
  EXPECT_EQ(net.bound, CostTerm::Compute);
  // Without Example A: program 2 * 36 = 72 against compute 2 * 35 = 70.
  EXPECT_EQ(networkTotal({b, b}).bound, CostTerm::Program);
}

TEST(HandDerived, VectorOpCostTable) {
  EXPECT_EQ(vectorOpCost(VectorOp::Requantize), 1);
  EXPECT_EQ(vectorOpCost(VectorOp::Relu), 1);
  EXPECT_EQ(vectorOpCost(VectorOp::HardSigmoid), 3);
  EXPECT_EQ(vectorOpCost(VectorOp::HardSwish), 4);
  EXPECT_EQ(vectorOpCost(VectorOp::Add), 1);
  EXPECT_EQ(vectorOpCost(VectorOp::Bias), 1);
  EXPECT_EQ(vectorOpCost(VectorOp::GlobalAvgPool), 1); // SE squeeze
  EXPECT_EQ(vectorOpCost(VectorOp::Mul), 1);           // SE scale
  EXPECT_EQ(vectorOpCost(VectorOp::Exp), 8);
  EXPECT_EQ(vectorOpCost(VectorOp::Div), 4);
  EXPECT_EQ(vectorOpCost(VectorOp::Sigmoid), 8 + 1 + 4);
  EXPECT_EQ(vectorOpCost(VectorOp::Tanh), 13 + 1);
  EXPECT_EQ(vectorOpCost(VectorOp::Gelu), 14 + 4);
  EXPECT_EQ(vectorOpCost(VectorOp::Softmax), 12);
  EXPECT_EQ(vectorOpCost(VectorOp::LayerNorm), 8);
  EXPECT_EQ(vectorOpCost(VectorOp::BatchNorm), 2);
  EXPECT_EQ(vectorOpCost(VectorOp::Copy), 1);
}

// The tags the importer got for Sub, Clip, ReduceMean, Sqrt and Erf cost
// what the older kinds they replaced cost, so the split changed no cycles.
TEST(HandDerived, SplitTagsCostWhatTheyReplaced) {
  EXPECT_EQ(vectorOpCost(VectorOp::Sub), vectorOpCost(VectorOp::Add));
  EXPECT_EQ(vectorOpCost(VectorOp::Clip), vectorOpCost(VectorOp::Relu));
  EXPECT_EQ(vectorOpCost(VectorOp::ReduceMean),
            vectorOpCost(VectorOp::GlobalAvgPool));
  EXPECT_EQ(vectorOpCost(VectorOp::Sqrt), vectorOpCost(VectorOp::Exp));
  EXPECT_EQ(vectorOpCost(VectorOp::Erf), vectorOpCost(VectorOp::Exp));
}

// Each fused op adds cost x elements to the steps' vector work: a
// hard-swish on the 24 outputs of example A adds 4 * 24 = 96 operations.
TEST(HandDerived, FusedHardSwishAddsFourPerElement) {
  HardwareConfig hw = smallConfig();
  Layer fc = makeMatmul("fc", 4, 20, 6);
  fc.vectorWork.push_back({VectorOp::HardSwish, 24});
  LayerMapping m;
  m.arraysAvailable = 2;
  m.rowsPerStep = 4;
  LayerPlan plan = planOrDie(fc, hw, m);
  const PlanCase *step = findCase(plan, CaseKind::Step);
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->vectorOps, 48 + 96);

  // The generators also list the requantisation; the model counts it once
  // (here after the partial sums), so the step is unchanged.
  fc.vectorWork.push_back({VectorOp::Requantize, 24});
  plan = planOrDie(fc, hw, m);
  step = findCase(plan, CaseKind::Step);
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->vectorOps, 48 + 96);
}

} // namespace
