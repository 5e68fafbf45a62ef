//===- Formulas.cpp - The cycle formulas of docs/timing.md ----------------===//
//
// Stage two of the cost model: pure arithmetic on a LayerPlan. The
// simulator re-costs recorded plans through costOfPlan, so the mapper, the
// reports and the simulator share one formula set.
//
//===----------------------------------------------------------------------===//

#include "cim/CostModel/CostModel.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace cim;

int64_t cim::vectorOpCost(VectorOp op) {
  // Element operations per element; the table is docs/timing.md's. sub,
  // clip and reduce_mean cost what add, relu and global_avg_pool cost, sqrt
  // and erf what exp costs: the importer tagged them with those kinds before
  // they had their own, and the split changed no cycle count.
  switch (op) {
  case VectorOp::Requantize:
  case VectorOp::Bias:
  case VectorOp::Relu:
  case VectorOp::Add:
  case VectorOp::Sub:
  case VectorOp::Clip:
  case VectorOp::Mul:
  case VectorOp::Copy:
  case VectorOp::GlobalAvgPool:
  case VectorOp::ReduceMean:
  case VectorOp::AvgPool:
  case VectorOp::MaxPool:
    return 1;
  case VectorOp::BatchNorm:
    return 2;
  case VectorOp::HardSigmoid:
    return 3;
  case VectorOp::HardSwish:
    return 4;
  case VectorOp::Div:
    return 4;
  case VectorOp::Exp:
  case VectorOp::Sqrt:
  case VectorOp::Erf:
    return 8;
  case VectorOp::LayerNorm:
    return 8;
  case VectorOp::Sigmoid:
    return 13;
  case VectorOp::Softmax:
    return 12;
  case VectorOp::Tanh:
    return 14;
  case VectorOp::Gelu:
    return 18;
  }
  llvm_unreachable("unknown vector op");
}

llvm::StringRef cim::stringifyCostTerm(CostTerm term) {
  switch (term) {
  case CostTerm::Compute:
    return "compute";
  case CostTerm::Dram:
    return "dram";
  case CostTerm::Gb:
    return "gb";
  case CostTerm::Lb:
    return "lb";
  case CostTerm::Vector:
    return "vector";
  case CostTerm::Program:
    return "program";
  case CostTerm::Hop:
    return "hop";
  case CostTerm::Fill:
    return "fill";
  }
  llvm_unreachable("unknown cost term");
}

MvmTiming cim::mvmTiming(const HardwareConfig &hw, int64_t rows, int64_t cols,
                         bool finalOutputs) {
  MvmTiming t;
  int64_t slices = hw.inputSlices();
  int64_t tree = hw.effectiveAdderTreeDepth();
  if (hw.computeMode == ComputeMode::Bitline) {
    t.interval =
        slices * llvm::divideCeilSigned(rows, hw.rowsActive) *
        llvm::divideCeilSigned(cols * hw.colsPerWeight(), hw.adcsPerArray()) *
        hw.adcCycles;
    t.latency = t.interval;
  } else {
    t.interval = slices;
    t.latency = slices + tree;
  }
  int64_t outBits = finalOutputs ? hw.outputBits : hw.partialSumBits();
  int64_t port = std::max(
      llvm::divideCeilSigned(rows * hw.inputBits,
                             hw.effectiveArrayInputBitsPerCycle()),
      llvm::divideCeilSigned(cols * outBits, hw.arrayOutputBitsPerCycle));
  if (port > t.interval) {
    t.interval = port;
    t.latency = port + tree;
  }
  return t;
}

static CostTerm boundOf(const std::array<int64_t, kNumCostTerms> &cycles) {
  int best = 0;
  for (int i = 1; i < kNumCostTerms; ++i)
    if (cycles[i] > cycles[best])
      best = i;
  return static_cast<CostTerm>(best);
}

CostBreakdown cim::costOfPlan(const LayerPlan &plan, const HardwareConfig &hw) {
  CostBreakdown b;
  bool db = plan.mapping.doubleBuffered;
  // Step cycles and streamed programming, for ping-pong overlap below.
  int64_t stepCycles = 0, programTotal = 0, programFirst = -1, programmed = 0;
  auto at = [&](CostTerm t) -> int64_t & {
    return b.boundedCycles[static_cast<int>(t)];
  };
  for (const PlanCase &c : plan.cases) {
    int64_t dram = llvm::divideCeilSigned(c.dramBytes, hw.dramBytesPerCycle);
    int64_t gb = llvm::divideCeilSigned(c.gbBytes, hw.gbBytesPerCycle);
    int64_t lb = llvm::divideCeilSigned(c.lbBytes, hw.lbBytesPerCycle);
    int64_t n = c.count;
    switch (c.kind) {
    case CaseKind::Step: {
      int64_t compute = 0;
      if (c.mvms > 0) {
        MvmTiming t = mvmTiming(hw, c.mvmRows, c.mvmCols, c.finalOutputs);
        compute = c.mvms * t.interval + (t.latency - t.interval);
      }
      int64_t vector =
          llvm::divideCeilSigned(c.vectorOps, hw.vectorLanesPerCore);
      std::array<int64_t, 5> terms = {compute, dram, gb, lb, vector};
      int64_t body = 0;
      if (db) {
        int best = 0;
        for (int i = 1; i < 5; ++i)
          if (terms[i] > terms[best])
            best = i;
        body = terms[best];
        b.boundedCycles[best] += n * body;
      } else {
        for (int i = 0; i < 5; ++i) {
          body += terms[i];
          b.boundedCycles[i] += n * terms[i];
        }
      }
      int64_t hop = hw.stepOverheadCycles;
      at(CostTerm::Hop) += n * hop;
      b.cycles += n * (hop + body);
      stepCycles += n * (hop + body);
      b.compute += n * compute;
      b.dram += n * dram;
      b.gb += n * gb;
      b.lb += n * lb;
      b.vector += n * vector;
      b.hop += n * hop;
      break;
    }
    case CaseKind::Fill:
    case CaseKind::Drain: {
      int64_t t = dram + gb + lb;
      b.cycles += n * t;
      b.fill += n * t;
      at(CostTerm::Fill) += n * t;
      // The first step's inputs and the last step's outputs: their bytes
      // are already the steps', only their time is exposed.
      continue;
    }
    case CaseKind::Program:
    case CaseKind::ModelLoad: {
      int64_t t =
          std::max({c.rowsProgrammed * hw.programCyclesPerRow, dram, gb, lb});
      if (c.kind == CaseKind::ModelLoad) {
        b.modelLoadCycles += n * t;
        continue; // one-off: no per-inference bytes or cycles
      }
      b.cycles += n * t;
      b.program += n * t;
      at(CostTerm::Program) += n * t;
      if (programFirst < 0)
        programFirst = t; // cases follow the round order: the first round
      programTotal += n * t;
      programmed += n;
      break;
    }
    }
    b.dramBytes += n * c.dramBytes;
    b.gbBytes += n * c.gbBytes;
    b.lbBytes += n * c.lbBytesAllCores;
    b.macs += n * c.macs;
  }
  // Ping-pong programming (docs/timing.md): when a streamed layer's rounds
  // fit twice in its arrays, round r+1 is programmed into the free half
  // while round r computes. Every round but the first hides its programming
  // behind the steps of one round (R rounds share the step cycles), exact
  // when the rounds are alike.
  const LayerMapping &mp = plan.mapping;
  bool streamedArrays = mp.unit == ExecUnit::Arrays && !mp.resident;
  int64_t lastRound = stepCycles;
  if (hw.pingPongProgramming && streamedArrays && programmed >= 2 &&
      2 * plan.arraysUsed <= mp.arraysAvailable) {
    int64_t share = stepCycles * (programmed - 1) / programmed;
    int64_t hidden = std::min(programTotal - programFirst, share);
    b.cycles -= hidden;
    b.program -= hidden;
    at(CostTerm::Program) -= hidden;
    lastRound = stepCycles - share;
  } else if (streamedArrays && programmed >= 2) {
    lastRound = stepCycles - stepCycles * (programmed - 1) / programmed;
  }
  // What the network may overlap across layers (networkTotal).
  if (hw.pingPongProgramming) {
    b.pingPongLastRound = lastRound;
    if (streamedArrays) {
      b.pingPongFirstProgram = std::max<int64_t>(programFirst, 0);
      b.pingPongArrays = plan.arraysUsed;
      b.pingPongFreeArrays = mp.arraysAvailable;
    }
  }
  b.stalls = b.cycles - b.compute;
  b.bound = boundOf(b.boundedCycles);
  b.usedWeightSlots = plan.usedWeightSlots;
  b.totalWeightSlots = plan.totalWeightSlots;
  if (plan.totalWeightSlots > 0)
    b.arrayUtilization = static_cast<double>(plan.usedWeightSlots) /
                         static_cast<double>(plan.totalWeightSlots);
  return b;
}

CostBreakdown cim::networkTotal(llvm::ArrayRef<CostBreakdown> layers) {
  CostBreakdown total;
  for (const CostBreakdown &layer : layers)
    total.accumulate(layer);
  // Ping-pong across layers: a streamed layer's first round is programmed
  // while the previous layer's last round computes, when both rounds'
  // streamed arrays fit the arrays the layer may use at once.
  for (size_t i = 1; i < layers.size(); ++i) {
    const CostBreakdown &prev = layers[i - 1], &cur = layers[i];
    if (cur.pingPongFirstProgram == 0 ||
        prev.pingPongArrays + cur.pingPongArrays > cur.pingPongFreeArrays)
      continue;
    int64_t hidden = std::min(cur.pingPongFirstProgram, prev.pingPongLastRound);
    total.crossLayerHidden += hidden;
    total.cycles -= hidden;
    total.program -= hidden;
    total.stalls -= hidden;
    total.boundedCycles[static_cast<int>(CostTerm::Program)] -= hidden;
  }
  total.bound = boundOf(total.boundedCycles);
  return total;
}

void CostBreakdown::accumulate(const CostBreakdown &o) {
  cycles += o.cycles;
  modelLoadCycles += o.modelLoadCycles;
  compute += o.compute;
  dram += o.dram;
  gb += o.gb;
  lb += o.lb;
  vector += o.vector;
  program += o.program;
  hop += o.hop;
  fill += o.fill;
  stalls += o.stalls;
  for (int i = 0; i < kNumCostTerms; ++i)
    boundedCycles[i] += o.boundedCycles[i];
  bound = boundOf(boundedCycles);
  dramBytes += o.dramBytes;
  gbBytes += o.gbBytes;
  lbBytes += o.lbBytes;
  macs += o.macs;
  usedWeightSlots += o.usedWeightSlots;
  totalWeightSlots += o.totalWeightSlots;
  arrayUtilization = totalWeightSlots > 0
                         ? static_cast<double>(usedWeightSlots) /
                               static_cast<double>(totalWeightSlots)
                         : 0.0;
}
