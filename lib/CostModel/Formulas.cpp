//===- Formulas.cpp - The cycle formulas of docs/timing.md ----------------===//
//
// Stage two of the cost model: pure arithmetic on a LayerPlan. The
// simulator re-costs recorded plans through costOfPlan, so the mapper, the
// reports and the simulator share one formula set.
//
//===----------------------------------------------------------------------===//

#include "cim/CostModel/CostModel.h"
#include "cim/Support/CheckedInt.h"
#include "cim/Support/Error.h"

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
  using C = CheckedInt;
  C slices = hw.inputSlices();
  C tree = hw.effectiveAdderTreeDepth();
  C interval, latency;
  if (hw.computeMode == ComputeMode::Bitline) {
    interval = slices * checkedCeilDiv(rows, hw.rowsActive) *
               checkedCeilDiv(C(cols) * hw.colsPerWeight(), hw.adcsPerArray()) *
               hw.adcCycles;
    latency = interval;
  } else {
    interval = slices;
    latency = slices + tree;
  }
  int64_t outBits = finalOutputs ? hw.outputBits : hw.partialSumBits();
  C port =
      checkedMax(checkedCeilDiv(C(rows) * hw.inputBits,
                                hw.effectiveArrayInputBitsPerCycle()),
                 checkedCeilDiv(C(cols) * outBits, hw.arrayOutputBitsPerCycle));
  if (port > interval) {
    interval = port;
    latency = port + tree;
  }
  MvmTiming t;
  if (interval.overflowed() || latency.overflowed()) {
    t.overflowed = true;
    return t;
  }
  t.interval = interval.value();
  t.latency = latency.value();
  return t;
}

static CostTerm boundOf(const std::array<int64_t, kNumCostTerms> &cycles) {
  int best = 0;
  for (int i = 1; i < kNumCostTerms; ++i)
    if (cycles[i] > cycles[best])
      best = i;
  return static_cast<CostTerm>(best);
}

llvm::Error cim::checkCost(const CostBreakdown &cost, const llvm::Twine &what) {
  if (!cost.overflowed)
    return llvm::Error::success();
  return cim::makeError(what +
                        ": a cycle, byte or operation count does not fit a "
                        "64-bit integer (the layer or the hardware is too "
                        "large for the cost model; docs/reliability.md)");
}

CostBreakdown cim::costOfPlan(const LayerPlan &plan, const HardwareConfig &hw) {
  using C = CheckedInt;
  CostBreakdown b;
  bool &overflow = b.overflowed;
  // b.field += v, remembering an overflow instead of wrapping.
  auto add = [&](int64_t &field, C v) {
    checkedAccumulate(field, v, overflow);
  };
  bool db = plan.mapping.doubleBuffered;
  // Step cycles and streamed programming, for ping-pong overlap below.
  C stepCycles = 0, programTotal = 0;
  int64_t programFirst = -1, programmed = 0;
  auto at = [&](CostTerm t) -> int64_t & {
    return b.boundedCycles[static_cast<int>(t)];
  };
  for (const PlanCase &c : plan.cases) {
    C dram = checkedCeilDiv(c.dramBytes, hw.dramBytesPerCycle);
    C gb = checkedCeilDiv(c.gbBytes, hw.gbBytesPerCycle);
    C lb = checkedCeilDiv(c.lbBytes, hw.lbBytesPerCycle);
    C n = c.count;
    switch (c.kind) {
    case CaseKind::Step: {
      C compute = 0;
      if (c.mvms > 0) {
        MvmTiming t = mvmTiming(hw, c.mvmRows, c.mvmCols, c.finalOutputs);
        compute = t.overflowed
                      ? C::overflow()
                      : C(c.mvms) * t.interval + (t.latency - t.interval);
      }
      C vector = checkedCeilDiv(c.vectorOps, hw.vectorLanesPerCore);
      std::array<C, 5> terms = {compute, dram, gb, lb, vector};
      C body = 0;
      if (db) {
        int best = 0;
        for (int i = 1; i < 5; ++i)
          if (terms[i] > terms[best])
            best = i;
        body = terms[best];
        add(b.boundedCycles[best], n * body);
      } else {
        for (int i = 0; i < 5; ++i) {
          body += terms[i];
          add(b.boundedCycles[i], n * terms[i]);
        }
      }
      C hop = hw.stepOverheadCycles;
      C stepTotal = n * (hop + body);
      add(at(CostTerm::Hop), n * hop);
      add(b.cycles, stepTotal);
      stepCycles += stepTotal;
      add(b.compute, n * compute);
      add(b.dram, n * dram);
      add(b.gb, n * gb);
      add(b.lb, n * lb);
      add(b.vector, n * vector);
      add(b.hop, n * hop);
      break;
    }
    case CaseKind::Fill:
    case CaseKind::Drain: {
      C t = n * (dram + gb + lb);
      add(b.cycles, t);
      add(b.fill, t);
      add(at(CostTerm::Fill), t);
      // The first step's inputs and the last step's outputs: their bytes
      // are already the steps', only their time is exposed.
      continue;
    }
    case CaseKind::Program:
    case CaseKind::ModelLoad: {
      C t = checkedMax(
          checkedMax(C(c.rowsProgrammed) * hw.programCyclesPerRow, dram),
          checkedMax(gb, lb));
      if (c.kind == CaseKind::ModelLoad) {
        add(b.modelLoadCycles, n * t);
        continue; // one-off: no per-inference bytes or cycles
      }
      add(b.cycles, n * t);
      add(b.program, n * t);
      add(at(CostTerm::Program), n * t);
      if (programFirst < 0 && !t.overflowed())
        programFirst = t.value(); // cases follow the round order
      programTotal += n * t;
      programmed += c.count;
      break;
    }
    }
    add(b.dramBytes, n * c.dramBytes);
    add(b.gbBytes, n * c.gbBytes);
    add(b.lbBytes, n * c.lbBytesAllCores);
    add(b.macs, n * c.macs);
  }
  if (stepCycles.overflowed() || programTotal.overflowed() || programmed < 0)
    overflow = true;
  if (overflow)
    return b; // nothing below may run on wrapped numbers
  // Ping-pong programming (docs/timing.md): when a streamed layer's rounds
  // fit twice in its arrays, round r+1 is programmed into the free half
  // while round r computes. Every round but the first hides its programming
  // behind the steps of one round (R rounds share the step cycles), exact
  // when the rounds are alike.
  const LayerMapping &mp = plan.mapping;
  bool streamedArrays = mp.unit == ExecUnit::Arrays && !mp.resident;
  int64_t steps = stepCycles.value();
  // steps * (programmed - 1) / programmed without the product overflowing.
  auto shareOf = [&]() {
    return static_cast<int64_t>(static_cast<__int128>(steps) *
                                (programmed - 1) / programmed);
  };
  int64_t lastRound = steps;
  if (hw.pingPongProgramming && streamedArrays && programmed >= 2 &&
      2 * plan.arraysUsed <= mp.arraysAvailable) {
    int64_t share = shareOf();
    int64_t hidden = std::min(programTotal.value() - programFirst, share);
    b.cycles -= hidden;
    b.program -= hidden;
    at(CostTerm::Program) -= hidden;
    lastRound = steps - share;
  } else if (streamedArrays && programmed >= 2) {
    lastRound = steps - shareOf();
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
  if (total.overflowed)
    return total;
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
  bool &bad = overflowed;
  bad |= o.overflowed;
  for (auto [dst, v] : {std::pair<int64_t *, int64_t>{&cycles, o.cycles},
                        {&modelLoadCycles, o.modelLoadCycles},
                        {&compute, o.compute},
                        {&dram, o.dram},
                        {&gb, o.gb},
                        {&lb, o.lb},
                        {&vector, o.vector},
                        {&program, o.program},
                        {&hop, o.hop},
                        {&fill, o.fill},
                        {&stalls, o.stalls},
                        {&dramBytes, o.dramBytes},
                        {&gbBytes, o.gbBytes},
                        {&lbBytes, o.lbBytes},
                        {&macs, o.macs},
                        {&usedWeightSlots, o.usedWeightSlots},
                        {&totalWeightSlots, o.totalWeightSlots}})
    checkedAccumulate(*dst, v, bad);
  for (int i = 0; i < kNumCostTerms; ++i)
    checkedAccumulate(boundedCycles[i], o.boundedCycles[i], bad);
  bound = boundOf(boundedCycles);
  arrayUtilization = totalWeightSlots > 0
                         ? static_cast<double>(usedWeightSlots) /
                               static_cast<double>(totalWeightSlots)
                         : 0.0;
}
