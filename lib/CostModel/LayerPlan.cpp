//===- LayerPlan.cpp - Distinct iteration cases of a mapped layer ---------===//
//
// Rounds (sets of tiles programmed together) are built once per mapping
// choice, O(tiles); steps are grouped into the few distinct block shapes a
// conv halo produces (top-clipped, steady, bottom-clipped), O(kernel), so a
// plan never walks trip counts. The semantics are in docs/timing.md.
//
//===----------------------------------------------------------------------===//

#include "PlanInternal.h"

#include "cim/CostModel/CostModel.h"
#include "cim/Support/CheckedInt.h"
#include "cim/Support/Error.h"

#include <algorithm>
#include <limits>

using namespace cim;
using namespace cim::detail;

static llvm::Error fail(const llvm::Twine &message) {
  return cim::makeError(message);
}

// ceil(a * b / c) without overflow for the sizes networks have.
static int64_t mulDivCeil(int64_t a, int64_t b, int64_t c) {
  unsigned __int128 p =
      static_cast<unsigned __int128>(a) * static_cast<unsigned __int128>(b);
  return static_cast<int64_t>((p + c - 1) / c);
}

llvm::StringRef cim::stringifyExecUnit(ExecUnit unit) {
  return unit == ExecUnit::Arrays ? "arrays" : "vector";
}

std::optional<ExecUnit> cim::symbolizeExecUnit(llvm::StringRef name) {
  for (ExecUnit unit : kAllExecUnits)
    if (stringifyExecUnit(unit) == name)
      return unit;
  return std::nullopt;
}

llvm::StringRef cim::stringifyCaseKind(CaseKind kind) {
  switch (kind) {
  case CaseKind::Step:
    return "step";
  case CaseKind::Fill:
    return "fill";
  case CaseKind::Drain:
    return "drain";
  case CaseKind::Program:
    return "program";
  case CaseKind::ModelLoad:
    return "model_load";
  }
  llvm_unreachable("unknown case kind");
}

std::optional<CaseKind> cim::symbolizeCaseKind(llvm::StringRef name) {
  for (CaseKind kind : kAllCaseKinds)
    if (stringifyCaseKind(kind) == name)
      return kind;
  return std::nullopt;
}

bool LayerMapping::operator==(const LayerMapping &o) const {
  return unit == o.unit && resident == o.resident &&
         arraysAvailable == o.arraysAvailable && replication == o.replication &&
         rowsPerStep == o.rowsPerStep && doubleBuffered == o.doubleBuffered &&
         inputInGb == o.inputInGb && secondInputInGb == o.secondInputInGb &&
         outputInGb == o.outputInGb && weightsInGb == o.weightsInGb &&
         packing == o.packing && rowTiles == o.rowTiles &&
         colTiles == o.colTiles && tiles == o.tiles &&
         columnsPerRound == o.columnsPerRound &&
         rowTilesPerRound == o.rowTilesPerRound && rounds == o.rounds &&
         cores == o.cores && steps == o.steps;
}

//===----------------------------------------------------------------------===//
// Layer validation
//===----------------------------------------------------------------------===//

llvm::Error cim::validateLayer(const Layer &l) {
  // Built only on failure: validation runs for every mapping search.
  auto who = [&]() {
    return "layer '" + l.name + "' (" + stringifyLayerKind(l.kind).str() + ")";
  };
  auto positive = [&](const char *field, int64_t v) -> llvm::Error {
    if (v >= 1)
      return llvm::Error::success();
    return fail(who() + ": " + field + " must be positive, found " +
                std::to_string(v));
  };
  auto nonNegative = [&](const char *field, int64_t v) -> llvm::Error {
    if (v >= 0)
      return llvm::Error::success();
    return fail(who() + ": " + field + " must be non-negative, found " +
                std::to_string(v));
  };
#define CIM_CHECK(expr)                                                        \
  if (llvm::Error e = (expr))                                                  \
    return e;
  for (const VectorWork &w : l.vectorWork)
    if (w.elements < 0)
      return fail(who() + ": vector work '" + stringifyVectorOp(w.op).str() +
                  "' has negative elements " + std::to_string(w.elements));
  if (l.isGemm()) {
    CIM_CHECK(positive("batch", l.batch));
    CIM_CHECK(positive("groups", l.groups));
    CIM_CHECK(positive("m", l.m));
    CIM_CHECK(positive("k", l.k));
    CIM_CHECK(positive("n", l.n));
    if (l.kind != LayerKind::BatchMatmul && l.batch != 1)
      return fail(who() +
                  ": batch must be 1 (only batch_matmul has "
                  "instances), found " +
                  std::to_string(l.batch));
    if (l.kind != LayerKind::Conv && l.groups != 1)
      return fail(who() + ": groups must be 1 (only conv is grouped), found " +
                  std::to_string(l.groups));
  }
  if (l.kind == LayerKind::Conv || l.kind == LayerKind::Vector) {
    CIM_CHECK(positive("images", l.images));
    CIM_CHECK(positive("in_channels", l.inChannels));
    CIM_CHECK(positive("in_h", l.in_h));
    CIM_CHECK(positive("in_w", l.in_w));
    CIM_CHECK(positive("out_channels", l.outChannels));
    CIM_CHECK(positive("out_h", l.out_h));
    CIM_CHECK(positive("out_w", l.out_w));
    CIM_CHECK(positive("kernel_h", l.kernelH));
    CIM_CHECK(positive("kernel_w", l.kernel_w));
    CIM_CHECK(positive("stride_h", l.strideH));
    CIM_CHECK(positive("stride_w", l.stride_w));
    CIM_CHECK(positive("dilation_h", l.dilationH));
    CIM_CHECK(positive("dilation_w", l.dilation_w));
    CIM_CHECK(nonNegative("pad_top", l.padTop));
    CIM_CHECK(nonNegative("pad_bottom", l.pad_bottom));
    CIM_CHECK(nonNegative("pad_left", l.pad_left));
    CIM_CHECK(nonNegative("pad_right", l.pad_right));
    CIM_CHECK(nonNegative("second_input_elements", l.secondInputElements));
  }
  // Sizes, as checked products (docs/reliability.md): beyond them a count
  // could wrap or a mapper loop run for hours.
  auto within = [&](const char *what, CheckedInt v,
                    int64_t max) -> llvm::Error {
    if (!v.overflowed() && v.value() <= max)
      return llvm::Error::success();
    return fail(who() + ": " + what + " " +
                (v.overflowed() ? std::string("exceeds 2^63")
                                : "is " + std::to_string(v.value())) +
                "; the limit is 2^" + std::to_string(llvm::Log2_64(max)));
  };
  using C = CheckedInt;
  for (const VectorWork &w : l.vectorWork)
    CIM_CHECK(within("vector work elements", w.elements, kMaxLayerElements));
  if (l.isGemm()) {
    CIM_CHECK(within("macs (batch*groups*m*k*n)",
                     C(l.batch) * l.groups * l.m * l.k * l.n, kMaxLayerMacs));
    CIM_CHECK(within("weight elements (batch*groups*k*n)",
                     C(l.batch) * l.groups * l.k * l.n, kMaxLayerElements));
    CIM_CHECK(within("output elements (batch*groups*m*n)",
                     C(l.batch) * l.groups * l.m * l.n, kMaxLayerElements));
    CIM_CHECK(within("im2col input elements (batch*groups*m*k)",
                     C(l.batch) * l.groups * l.m * l.k, kMaxLayerElements));
  }
  if (l.kind == LayerKind::Conv || l.kind == LayerKind::Vector) {
    CIM_CHECK(within("input elements (images*in_channels*in_h*in_w)",
                     C(l.images) * l.inChannels * l.in_h * l.in_w,
                     kMaxLayerElements));
    CIM_CHECK(within("output elements (images*out_channels*out_h*out_w)",
                     C(l.images) * l.outChannels * l.out_h * l.out_w,
                     kMaxLayerElements));
    CIM_CHECK(within("second_input_elements", l.secondInputElements,
                     kMaxLayerElements));
    for (auto [what, v] :
         {std::pair<const char *, int64_t>{"kernel_h", l.kernelH},
          {"kernel_w", l.kernel_w},
          {"stride_h", l.strideH},
          {"stride_w", l.stride_w},
          {"dilation_h", l.dilationH},
          {"dilation_w", l.dilation_w},
          {"pad_top", l.padTop},
          {"pad_bottom", l.pad_bottom},
          {"pad_left", l.pad_left},
          {"pad_right", l.pad_right}})
      CIM_CHECK(within(what, v, kMaxWindow));
    CIM_CHECK(within("kernel extent ((kernel_h-1)*dilation_h+1)",
                     (C(l.kernelH) - 1) * l.dilationH + 1, kMaxWindow));
    CIM_CHECK(within("kernel extent ((kernel_w-1)*dilation_w+1)",
                     (C(l.kernel_w) - 1) * l.dilation_w + 1, kMaxWindow));
  }
  if (l.kind == LayerKind::Conv) {
    int64_t mExpected = l.images * l.out_h * l.out_w;
    if (l.m != mExpected)
      return fail(who() + ": m must equal images*out_h*out_w = " +
                  std::to_string(mExpected) + ", found " + std::to_string(l.m));
    if (l.inChannels % l.groups != 0)
      return fail(who() + ": in_channels " + std::to_string(l.inChannels) +
                  " is not a multiple of groups " + std::to_string(l.groups));
    int64_t kExpected = (l.inChannels / l.groups) * l.kernelH * l.kernel_w;
    if (l.k != kExpected)
      return fail(who() +
                  ": k must equal (in_channels/groups)*kernel_h*"
                  "kernel_w = " +
                  std::to_string(kExpected) + ", found " + std::to_string(l.k));
    if (l.n * l.groups != l.outChannels)
      return fail(who() + ": n*groups must equal out_channels " +
                  std::to_string(l.outChannels) + ", found " +
                  std::to_string(l.n * l.groups));
  }
  if (l.kind == LayerKind::Vector && l.vectorWork.empty())
    return fail(who() +
                ": a vector layer needs at least one vector_work entry");
#undef CIM_CHECK
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Steps
//===----------------------------------------------------------------------===//

static int64_t inputRowsOfBlock(const RowSpace &s, int64_t first, int64_t end) {
  if (!s.halo)
    return end - first;
  int64_t lo = first * s.stride - s.pad;
  int64_t hi = (end - 1) * s.stride - s.pad + s.extent;
  if (lo >= 0 && hi <= s.inRows)
    return hi - lo;
  // A block touching the padding: the DMA range runs from the first to the
  // last real row any window reads (dilation may skip rows near the edge).
  // Kernel row kh of output row oh reads oh*stride + base, increasing in oh,
  // so the output rows whose read is real form one interval per kh: O(kernel)
  // per block, however tall the block (a bound, docs/reliability.md).
  int64_t minRow = -1, maxRow = -1;
  for (int64_t kh = 0; kh < s.kernel; ++kh) {
    int64_t base = kh * s.dilation - s.pad;
    int64_t lo = std::max(first, llvm::divideCeilSigned(-base, s.stride));
    int64_t hi = std::min(
        end - 1, llvm::divideFloorSigned(s.inRows - 1 - base, s.stride));
    if (lo > hi)
      continue;
    int64_t lowest = lo * s.stride + base, highest = hi * s.stride + base;
    if (minRow < 0 || lowest < minRow)
      minRow = lowest;
    maxRow = std::max(maxRow, highest);
  }
  return minRow < 0 ? 0 : maxRow - minRow + 1;
}

StepSet cim::detail::stepKinds(const RowSpace &s, int64_t rps) {
  StepSet set;
  int64_t blocksPerImage = llvm::divideCeilSigned(s.rows, rps);
  set.steps = blocksPerImage * s.images;
  auto block = [&](int64_t j) {
    int64_t first = j * rps, end = std::min(s.rows, first + rps);
    return StepKind{end - first, inputRowsOfBlock(s, first, end), 1};
  };
  auto add = [&](StepKind kind, int64_t count) {
    for (StepKind &k : set.kinds)
      if (k.rowsOut == kind.rowsOut && k.rowsIn == kind.rowsIn) {
        k.count += count;
        return;
      }
    kind.count = count;
    set.kinds.push_back(kind);
  };
  set.first = block(0);
  set.last = block(blocksPerImage - 1);
  if (!s.halo) {
    int64_t full = s.rows / rps;
    if (full > 0)
      add(block(0), full * s.images);
    if (s.rows % rps != 0)
      add(set.last, s.images);
    return set;
  }
  // Blocks [lo, hi] are unclipped and full-size: one steady kind. The rest
  // touch padding or are short; there are O(kernel / (rps*stride)) of them.
  int64_t lo = llvm::divideCeilSigned(s.pad, rps * s.stride);
  int64_t slack = s.inRows + s.pad - s.extent;
  int64_t hi = slack < 0 ? -1 : (slack / s.stride + 1) / rps - 1;
  hi = std::min(hi, s.rows / rps - 1);
  if (lo <= hi)
    add(block(lo), (hi - lo + 1) * s.images);
  for (int64_t j = 0, e = std::min(lo, blocksPerImage); j < e; ++j)
    add(block(j), s.images);
  for (int64_t j = std::max(lo, hi + 1); j < blocksPerImage; ++j)
    add(block(j), s.images);
  return set;
}

//===----------------------------------------------------------------------===//
// Planner
//===----------------------------------------------------------------------===//

static bool sameProfile(const RoundProfile &a, const RoundProfile &b) {
  return a.maxRows == b.maxRows && a.max_cols == b.max_cols &&
         a.outChannels == b.outChannels && a.inChannels == b.inChannels &&
         a.macsPerVector == b.macsPerVector && a.rowTiles == b.rowTiles &&
         a.firstSlice == b.firstSlice && a.last_slice == b.last_slice &&
         a.cores == b.cores && a.rowsProgrammed == b.rowsProgrammed &&
         a.weightDramBytes == b.weightDramBytes &&
         a.weight_noc_bytes == b.weight_noc_bytes &&
         a.weight_lb_bytes == b.weight_lb_bytes &&
         a.weightLbAllBytes == b.weightLbAllBytes &&
         a.usedSlots == b.usedSlots && a.arrays == b.arrays &&
         a.coreClasses == b.coreClasses;
}

void Planner::addRound(RoundProfile &&round) {
  for (RoundProfile &r : rounds)
    if (sameProfile(r, round)) {
      ++r.count;
      return;
    }
  round.count = 1;
  rounds.push_back(std::move(round));
}

Tiling cim::detail::tileLayer(const Layer &layer, const HardwareConfig &hw) {
  Tiling t;
  int64_t rowsPerArray = hw.rows, weightsPerRow = hw.weightsPerRow();
  int64_t packing = 0;
  if (layer.groups > 1)
    packing = std::min(rowsPerArray / layer.k, weightsPerRow / layer.n);
  if (packing >= 1) {
    t.packing = packing;
    t.blocks = llvm::divideCeilSigned(layer.groups, packing);
  } else {
    t.blocks = layer.groups;
    t.rowTiles = llvm::divideCeilSigned(layer.k, rowsPerArray);
    t.colTiles = llvm::divideCeilSigned(layer.n, weightsPerRow);
  }
  t.columns = layer.batch * t.blocks * t.colTiles;
  return t;
}

/// Cores a round of `units` arrays spreads over, and arrays on the fullest.
static void spread(int64_t units, int64_t cores, int64_t &used,
                   int64_t &perCore) {
  int64_t c = std::min(cores, units);
  perCore = llvm::divideCeilSigned(units, c);
  used = llvm::divideCeilSigned(units, perCore);
}

llvm::Expected<Planner> Planner::create(const Layer &layer,
                                        const HardwareConfig &hw,
                                        const LayerMapping &mapping) {
  if (llvm::Error e = validateLayer(layer))
    return std::move(e);
  Planner p(layer, hw);
  LayerMapping mp = mapping;
  auto who = [&]() { return "layer '" + layer.name + "'"; };

  // Row space of the temporal steps.
  RowSpace &s = p.space;
  if (layer.kind == LayerKind::Matmul || layer.kind == LayerKind::BatchMatmul) {
    s.images = 1;
    s.rows = layer.m;
    s.vectorsPerRow = 1;
  } else {
    ConvStepRows rows = convStepRows(layer.images, layer.out_h, layer.out_w);
    s.images = rows.images;
    s.rows = rows.rows;
    s.vectorsPerRow = rows.vectorsPerRow;
    // Blocks of output rows read a halo of input rows; blocks of whole
    // images read whole images.
    s.halo = layer.out_h > 1;
    if (s.halo) {
      s.inRows = layer.in_h;
      s.stride = layer.strideH;
      s.pad = layer.padTop;
      s.extent = (layer.kernelH - 1) * layer.dilationH + 1;
      s.kernel = layer.kernelH;
      s.dilation = layer.dilationH;
      s.inRowSpan = layer.in_w;
    } else {
      s.inRowSpan = layer.in_h * layer.in_w;
    }
  }

  if (s.rows > kMaxStepRows)
    return fail(who() + ": " + std::to_string(s.rows) +
                " rows of temporal steps; the limit is 2^24 (the mapper "
                "tries every distinct step height)");

  p.instances = layer.batch;
  p.groups = layer.groups;
  p.m = layer.m;
  p.k = layer.k;
  p.n = layer.n;
  p.kernelArea =
      layer.kind == LayerKind::Conv ? layer.kernelH * layer.kernel_w : 1;
  p.groupChannels = layer.k / p.kernelArea;
  // A GEMM's requantisation is the model's own (periphery when Tk = 1,
  // vector unit after the partial sums otherwise): a Requantize entry in
  // its fused work is not charged twice.
  for (const VectorWork &w : layer.vectorWork)
    if (!(layer.isGemm() && w.op == VectorOp::Requantize))
      p.fusedOps += vectorOpCost(w.op) * w.elements;

  if (mp.unit == ExecUnit::Vector) {
    bool groupedConv = layer.kind == LayerKind::Conv && layer.groups > 1;
    if (layer.kind != LayerKind::Vector && !groupedConv)
      return fail(who() + ": unit 'vector' runs only vector layers and "
                          "grouped convolutions");
    if (mp.resident)
      return fail(who() + ": a layer on the vector units cannot be resident");
    if (mp.replication != 1)
      return fail(who() +
                  ": replication must be 1 on the vector units, "
                  "found " +
                  std::to_string(mp.replication));
    mp.arraysAvailable = 0;
    mp.packing = mp.rowTiles = mp.colTiles = mp.tiles = 0;
    mp.columnsPerRound = mp.rowTilesPerRound = 0;
    mp.rounds = 1;
    mp.cores =
        std::min(hw.cores, layer.kind == LayerKind::Vector ? layer.outChannels
                                                           : layer.groups);
    p.base = mp;
    p.buildVectorUnit();
    return std::move(p);
  }

  if (layer.kind == LayerKind::Vector)
    return fail(who() + ": a vector layer must run on unit 'vector'");
  if (layer.kind == LayerKind::BatchMatmul && mp.resident)
    return fail(who() + ": a batch_matmul's second operand exists only at run "
                        "time and cannot be resident");
  if (mp.arraysAvailable < 1)
    return fail(who() + ": no arrays available (arrays_available = " +
                std::to_string(mp.arraysAvailable) + ")");
  if (mp.arraysAvailable > hw.totalArrays())
    return fail(who() + ": arrays_available " +
                std::to_string(mp.arraysAvailable) + " exceeds the chip's " +
                std::to_string(hw.totalArrays()) + " arrays");
  if (mp.replication < 1)
    return fail(who() + ": replication must be positive, found " +
                std::to_string(mp.replication));

  Tiling tiling = tileLayer(layer, hw);
  mp.packing = tiling.packing;
  p.blocks = tiling.blocks;
  mp.rowTiles = tiling.rowTiles;
  mp.colTiles = tiling.colTiles;
  int64_t columns = tiling.columns;
  mp.tiles = columns * mp.rowTiles;
  int64_t avail = mp.arraysAvailable;
  // buildRounds places every tile copy and every round one by one: bounded
  // before it starts (docs/reliability.md).
  CheckedInt units = CheckedInt(mp.tiles) * mp.replication;
  if (units.overflowed() || units.value() > kMaxPlanUnits)
    return fail(who() + ": " +
                (units.overflowed() ? std::string("more than 2^63")
                                    : std::to_string(units.value())) +
                " array tiles (tiles x replication); the planner's limit is "
                "2^24");
  if (mp.replication > 1 && mp.tiles * mp.replication > avail)
    return fail(who() + ": replication " + std::to_string(mp.replication) +
                " needs " + std::to_string(mp.tiles * mp.replication) +
                " arrays, only " + std::to_string(avail) + " available");
  int64_t maxColumns =
      mp.rowTiles <= avail
          ? std::min(columns, avail / (mp.rowTiles * mp.replication))
          : 0;
  if (mp.columnsPerRound == 0 && mp.rowTilesPerRound == 0) {
    mp.columnsPerRound = maxColumns;
    mp.rowTilesPerRound = maxColumns > 0 ? mp.rowTiles : avail;
  }
  if (mp.columnsPerRound > 0) {
    if (mp.columnsPerRound > maxColumns)
      return fail(
          who() + ": columns_per_round " + std::to_string(mp.columnsPerRound) +
          " needs " +
          std::to_string(mp.columnsPerRound * mp.rowTiles * mp.replication) +
          " arrays, only " + std::to_string(avail) + " available");
    if (mp.rowTilesPerRound != mp.rowTiles)
      return fail(who() + ": row_tiles_per_round must be " +
                  std::to_string(mp.rowTiles) + " with whole columns, found " +
                  std::to_string(mp.rowTilesPerRound));
    mp.rounds = llvm::divideCeilSigned(columns, mp.columnsPerRound);
  } else {
    if (mp.rowTilesPerRound < 1 || mp.rowTilesPerRound >= mp.rowTiles ||
        mp.rowTilesPerRound > avail || mp.replication != 1)
      return fail(who() + ": a split column needs 1 <= row_tiles_per_round < " +
                  std::to_string(mp.rowTiles) + ", <= " +
                  std::to_string(avail) + " arrays and no replication, found " +
                  std::to_string(mp.rowTilesPerRound) + " row tiles, " +
                  "replication " + std::to_string(mp.replication));
    mp.rounds =
        columns * llvm::divideCeilSigned(mp.rowTiles, mp.rowTilesPerRound);
  }
  if (mp.resident && mp.rounds != 1)
    return fail(who() + ": a resident layer needs all " +
                std::to_string(mp.tiles * mp.replication) +
                " tile copies at once, only " + std::to_string(avail) +
                " arrays granted");
  // Rounds are full except possibly the last; a smaller round may spread
  // over more cores (3 arrays on 3 cores, 4 arrays as 2 + 2), so take both.
  int64_t fullUnits, lastUnits;
  if (mp.columnsPerRound > 0) {
    fullUnits = mp.columnsPerRound * mp.rowTiles * mp.replication;
    lastUnits = (columns - (mp.rounds - 1) * mp.columnsPerRound) * mp.rowTiles *
                mp.replication;
  } else {
    fullUnits = mp.rowTilesPerRound;
    lastUnits = mp.rowTiles -
                (llvm::divideCeilSigned(mp.rowTiles, mp.rowTilesPerRound) - 1) *
                    mp.rowTilesPerRound;
  }
  int64_t perCore = 0, fullCores = 0, lastCores = 0;
  spread(fullUnits, hw.cores, fullCores, perCore);
  spread(lastUnits, hw.cores, lastCores, perCore);
  mp.cores = std::max(fullCores, lastCores);
  p.base = mp;
  p.totalOutputs = p.instances * p.groups * p.m * p.n;
  p.buildRounds();
  return std::move(p);
}

namespace {
struct Unit {
  int64_t rep, key, tile, rows, cols, weights;
};
} // namespace

void Planner::buildRounds() {
  const HardwareConfig &h = *hw;
  const LayerMapping &mp = base;
  // Several groups per array block-diagonally; one group per block (p = 1)
  // is the dense tiling of each group.
  bool packed = blocks < groups;
  int64_t R = h.rows, Cw = h.weightsPerRow();
  int64_t Tk = mp.rowTiles, Tn = mp.colTiles, rho = mp.replication;
  int64_t ab = h.inputBits, wb = h.weightBits;
  int64_t outBits = Tk > 1 ? h.partialSumBits() : h.outputBits;
  auto groupsIn = [&](int64_t blk) {
    return std::min(mp.packing, groups - blk * mp.packing);
  };
  auto tileRows = [&](int64_t blk, int64_t i) {
    return packed ? groupsIn(blk) * k : std::min(R, k - i * R);
  };
  auto colWidth = [&](int64_t blk, int64_t j) {
    return packed ? groupsIn(blk) * n : std::min(Cw, n - j * Cw);
  };
  auto sliceChannels = [&](int64_t blk, int64_t i0, int64_t i1) {
    if (packed)
      return groupsIn(blk) * groupChannels;
    return llvm::divideCeilSigned(std::min(k, i1 * R), kernelArea) -
           (i0 * R) / kernelArea;
  };
  int64_t columns = instances * blocks * Tn;
  int64_t perColumnSlices =
      mp.columnsPerRound > 0 ? 1
                             : llvm::divideCeilSigned(Tk, mp.rowTilesPerRound);
  std::vector<Unit> units;
  llvm::SmallVector<int64_t, 16> seen;
  llvm::SmallVector<int64_t, 16> row;

  auto makeRound = [&](int64_t col0, int64_t col1, int64_t i0, int64_t i1,
                       bool firstSlice, bool lastSlice) {
    units.clear();
    RoundProfile r;
    r.rowTiles = i1 - i0;
    r.firstSlice = firstSlice;
    r.last_slice = lastSlice;
    int64_t weightElems = 0;
    // Placement order (replica, group block, row tile, column tile): column
    // tiles that share an input vector sit together and share its transfer.
    for (int64_t rep = 0; rep < rho; ++rep) {
      int64_t c = col0;
      while (c < col1) {
        int64_t setIndex = c / Tn; // (instance, block)
        int64_t blk = setIndex % blocks;
        int64_t jEnd = std::min(col1, (setIndex + 1) * Tn);
        for (int64_t i = i0; i < i1; ++i)
          for (int64_t cc = c; cc < jEnd; ++cc) {
            int64_t j = cc % Tn;
            int64_t rows = tileRows(blk, i), cols = colWidth(blk, j);
            int64_t w = packed ? groupsIn(blk) * k * n : rows * cols;
            units.push_back(
                {rep, setIndex * Tk + i, cc * Tk + i, rows, cols, w});
          }
        if (rep == 0) {
          r.inChannels += sliceChannels(blk, i0, i1);
          for (int64_t cc = c; cc < jEnd; ++cc)
            r.outChannels += colWidth(blk, cc % Tn);
        }
        c = jEnd;
      }
    }
    for (const Unit &u : units) {
      r.maxRows = std::max(r.maxRows, u.rows);
      r.max_cols = std::max(r.max_cols, u.cols);
      r.usedSlots += u.weights;
      if (u.rep == 0) {
        r.macsPerVector += u.weights;
        weightElems += u.weights;
      }
    }
    int64_t U = static_cast<int64_t>(units.size());
    r.arrays = U;
    int64_t perCore = 0;
    spread(U, h.cores, r.cores, perCore);
    size_t stride = RoundProfile::classStride(rho);
    r.coreClasses.clear();
    for (int64_t core = 0; core < r.cores; ++core) {
      int64_t begin = core * perCore, end = std::min(U, begin + perCore);
      int64_t weightBits = 0;
      seen.clear();
      row.assign(stride, 0);
      row[0] = 1;
      for (int64_t u = begin; u < end; ++u) {
        const Unit &x = units[u];
        bool newInput = u == begin || units[u - 1].key != x.key ||
                        units[u - 1].rep != x.rep;
        if (newInput)
          row[2 + x.rep] += x.rows * ab;
        row[2 + rho + x.rep] += x.cols * outBits;
        // Channels of the input slice this tile reads (input line buffer).
        int64_t blk = (x.key / Tk) % blocks, i = x.key % Tk;
        row[1] += sliceChannels(blk, i, i + 1);
        bool deliver = true;
        if (h.writeBroadcast && rho > 1) {
          deliver = std::find(seen.begin(), seen.end(), x.tile) == seen.end();
          if (deliver)
            seen.push_back(x.tile);
        }
        if (deliver)
          weightBits += x.weights * wb;
      }
      bool merged = false;
      for (size_t c = 0; c < r.coreClasses.size() && !merged; c += stride)
        if (std::equal(row.begin() + 1, row.end(),
                       r.coreClasses.begin() + c + 1)) {
          ++r.coreClasses[c];
          merged = true;
        }
      if (!merged)
        r.coreClasses.insert(r.coreClasses.end(), row.begin(), row.end());
      int64_t bytes = llvm::divideCeilSigned(weightBits, 8);
      r.weight_noc_bytes += bytes;
      r.weightLbAllBytes += bytes;
      r.weight_lb_bytes = std::max(r.weight_lb_bytes, bytes);
    }
    r.rowsProgrammed = r.maxRows;
    r.weightDramBytes = llvm::divideCeilSigned(weightElems * wb, 8);
    addRound(std::move(r));
  };

  if (mp.columnsPerRound > 0) {
    for (int64_t c = 0; c < columns; c += mp.columnsPerRound)
      makeRound(c, std::min(columns, c + mp.columnsPerRound), 0, Tk, true,
                true);
  } else {
    for (int64_t c = 0; c < columns; ++c)
      for (int64_t s = 0; s < perColumnSlices; ++s) {
        int64_t i0 = s * mp.rowTilesPerRound;
        int64_t i1 = std::min(Tk, i0 + mp.rowTilesPerRound);
        makeRound(c, c + 1, i0, i1, s == 0, s + 1 == perColumnSlices);
      }
  }
}

void Planner::buildVectorUnit() {
  const Layer &l = *layer;
  if (l.kind == LayerKind::Vector) {
    for (const VectorWork &w : l.vectorWork)
      vectorOpsTotal += vectorOpCost(w.op) * w.elements;
    if (l.operands.size() >= 2)
      secondElements = l.secondInputElements > 0 ? l.secondInputElements
                                                 : l.outputElements();
  } else {
    weightBytes =
        llvm::divideCeilSigned(l.weightElements() * hw->weightBits, 8);
    totalOutputs = l.groups * l.m * l.n;
  }
}

//===----------------------------------------------------------------------===//
// Building a plan
//===----------------------------------------------------------------------===//

namespace {
/// Bytes of one step of a vector-unit layer.
struct VectorStep {
  int64_t in = 0, second = 0, out = 0, ops = 0, macs = 0;
};
} // namespace

static void addCase(LayerPlan &plan, const PlanCase &c) {
  if (c.count == 0)
    return;
  for (PlanCase &x : plan.cases)
    if (x.kind == c.kind && x.mvms == c.mvms && x.mvmRows == c.mvmRows &&
        x.mvmCols == c.mvmCols && x.finalOutputs == c.finalOutputs &&
        x.dramBytes == c.dramBytes && x.gbBytes == c.gbBytes &&
        x.lbBytes == c.lbBytes && x.lbBytesAllCores == c.lbBytesAllCores &&
        x.vectorOps == c.vectorOps && x.rowsProgrammed == c.rowsProgrammed &&
        x.macs == c.macs) {
      x.count += c.count;
      return;
    }
  plan.cases.push_back(c);
}

int64_t Planner::stepLbNeed(const RoundProfile &r, const StepKind &sk) const {
  const HardwareConfig &h = *hw;
  int64_t vectors = sk.rowsOut * space.vectorsPerRow;
  int64_t in = llvm::divideCeilSigned(
      sk.rowsIn * space.inRowSpan * r.inChannels * h.inputBits, 8);
  int64_t outBits = base.rowTiles > 1 ? h.partialSumBits() : h.outputBits;
  int64_t out = llvm::divideCeilSigned(vectors * r.outChannels * outBits, 8);
  // A later slice of a split column also holds the partial sums it reads
  // back, spread over the cores like its outputs.
  int64_t psumIn = base.columnsPerRound == 0 && !r.firstSlice
                       ? llvm::divideCeilSigned(
                             vectors * r.outChannels * h.partialSumBits(), 8)
                       : 0;
  return in + llvm::divideCeilSigned(out, r.cores) +
         llvm::divideCeilSigned(psumIn, r.cores);
}

int64_t cim::detail::splitPsumBytes(const Layer &layer,
                                    const HardwareConfig &hw) {
  // A split column is never packed, so it is at most Cw weights wide; its
  // partial sums cover every input vector of its instance.
  int64_t width = std::min(layer.n, hw.weightsPerRow());
  return mulDivCeil(layer.m * width, hw.partialSumBits(), 8);
}

int64_t Planner::computeLowerBound() const {
  if (base.unit != ExecUnit::Arrays)
    return 0;
  CheckedInt vectors =
      CheckedInt(space.images) * space.rows * space.vectorsPerRow;
  CheckedInt bound = 0;
  for (const RoundProfile &r : rounds) {
    MvmTiming t = mvmTiming(*hw, r.maxRows, r.max_cols, base.rowTiles == 1);
    bound += CheckedInt(r.count) * checkedCeilDiv(vectors, base.replication) *
             (t.overflowed ? CheckedInt::overflow() : CheckedInt(t.interval));
  }
  // An overflowed bound exceeds every cost: the plan cannot be costed.
  return bound.overflowed() ? std::numeric_limits<int64_t>::max()
                            : bound.value();
}

int64_t Planner::lbNeed(const StepSet &set) const {
  int64_t need = 0;
  if (base.unit == ExecUnit::Arrays) {
    for (const RoundProfile &r : rounds)
      for (const StepKind &sk : set.kinds)
        need = std::max(need, stepLbNeed(r, sk));
    return need;
  }
  const Layer &l = *layer;
  for (const StepKind &sk : set.kinds) {
    int64_t vectors = sk.rowsOut * space.vectorsPerRow;
    int64_t in = llvm::divideCeilSigned(
        sk.rowsIn * space.inRowSpan * l.inChannels * hw->inputBits, 8);
    int64_t second =
        secondElements > 0
            ? llvm::divideCeilSigned(mulDivCeil(secondElements, sk.rowsOut,
                                                space.images * space.rows) *
                                         hw->inputBits,
                                     8)
            : 0;
    int64_t out =
        llvm::divideCeilSigned(vectors * l.outChannels * hw->outputBits, 8);
    need = std::max(need, llvm::divideCeilSigned(
                              in + second + out + weightBytes, base.cores));
  }
  return need;
}

llvm::Error Planner::build(int64_t rps, bool db, LayerPlan &plan) const {
  const HardwareConfig &h = *hw;
  std::string who = "layer '" + layer->name + "'";
  if (rps < 1 || rps > space.rows)
    return fail(who + ": rows_per_step must be in [1, " +
                std::to_string(space.rows) + "], found " + std::to_string(rps));
  StepSet set = stepKinds(space, rps);
  if (db && (set.steps < 2 || !h.doubleBuffering))
    return fail(who +
                ": double buffering needs at least 2 steps and "
                "memory.double_buffering (steps = " +
                std::to_string(set.steps) + ")");
  int64_t need = lbNeed(set);
  if (need * (db ? 2 : 1) > h.lbBytes)
    return fail(who + ": a step of " + std::to_string(rps) +
                " output rows needs " + std::to_string(need) +
                " local-buffer bytes per core" + (db ? " twice" : "") +
                ", the local buffer holds " + std::to_string(h.lbBytes));
  fillPlan(set, rps, db, need, plan);
  return llvm::Error::success();
}

void Planner::fillPlan(const StepSet &set, int64_t rps, bool db, int64_t need,
                       LayerPlan &plan) const {
  const HardwareConfig &h = *hw;
  plan = LayerPlan();
  plan.mapping = base;
  plan.mapping.rowsPerStep = rps;
  plan.mapping.steps = set.steps;
  plan.mapping.doubleBuffered = db;
  plan.lbNeedBytes = need;
  const LayerMapping &mp = plan.mapping;
  int64_t ab = h.inputBits, ob = h.outputBits, pb = h.partialSumBits();

  if (mp.unit == ExecUnit::Vector) {
    const Layer &l = *layer;
    bool conv = l.kind == LayerKind::Conv;
    auto stepOf = [&](const StepKind &sk) {
      VectorStep v;
      int64_t vectors = sk.rowsOut * space.vectorsPerRow;
      int64_t outElems = vectors * l.outChannels;
      v.in = llvm::divideCeilSigned(
          sk.rowsIn * space.inRowSpan * l.inChannels * ab, 8);
      if (secondElements > 0)
        v.second = llvm::divideCeilSigned(
            mulDivCeil(secondElements, sk.rowsOut, space.images * space.rows) *
                ab,
            8);
      v.out = llvm::divideCeilSigned(outElems * ob, 8);
      if (conv) {
        v.macs = vectors * groups * k * n;
        v.ops =
            v.macs + outElems +
            (fusedOps > 0 ? mulDivCeil(fusedOps, outElems, totalOutputs) : 0);
      } else {
        v.ops =
            mulDivCeil(vectorOpsTotal, sk.rowsOut, space.images * space.rows);
      }
      return v;
    };
    for (const StepKind &sk : set.kinds) {
      VectorStep v = stepOf(sk);
      PlanCase c;
      c.kind = CaseKind::Step;
      c.count = sk.count;
      c.dramBytes = (mp.inputInGb ? 0 : v.in) +
                    (mp.secondInputInGb ? 0 : v.second) +
                    (mp.outputInGb ? 0 : v.out);
      c.gbBytes = v.in + v.second + v.out;
      c.lbBytesAllCores = v.in + v.second + v.out + weightBytes;
      c.lbBytes = llvm::divideCeilSigned(c.lbBytesAllCores, mp.cores);
      c.vectorOps = llvm::divideCeilSigned(v.ops, mp.cores);
      c.macs = v.macs;
      addCase(plan, c);
    }
    if (db) {
      VectorStep f = stepOf(set.first), d = stepOf(set.last);
      PlanCase fill;
      fill.kind = CaseKind::Fill;
      fill.count = 1;
      fill.dramBytes =
          (mp.inputInGb ? 0 : f.in) + (mp.secondInputInGb ? 0 : f.second);
      fill.gbBytes = f.in + f.second;
      addCase(plan, fill);
      PlanCase drain;
      drain.kind = CaseKind::Drain;
      drain.count = 1;
      drain.dramBytes = mp.outputInGb ? 0 : d.out;
      drain.gbBytes = d.out;
      addCase(plan, drain);
    }
    if (weightBytes > 0) {
      PlanCase load;
      load.kind = CaseKind::Program;
      load.count = 1;
      load.dramBytes = mp.weightsInGb ? 0 : weightBytes;
      load.gbBytes = weightBytes;
      load.lbBytes = llvm::divideCeilSigned(weightBytes, mp.cores);
      load.lbBytesAllCores = weightBytes;
      addCase(plan, load);
    }
    return;
  }

  int64_t rho = mp.replication;
  bool split = mp.columnsPerRound == 0;
  bool weightsFromGb = layer->kind == LayerKind::BatchMatmul
                           ? mp.secondInputInGb
                           : mp.weightsInGb;
  // Partial sums of a split column wait in the GB for the next slice when
  // one column's worth fits it; otherwise they go out to DRAM and back.
  bool psumsInDram = split && splitPsumBytes(*layer, h) > h.gbBytes;
  for (const RoundProfile &r : rounds) {
    plan.arraysUsed = std::max(plan.arraysUsed, r.arrays);
    plan.usedWeightSlots += r.count * r.usedSlots;
    plan.totalWeightSlots += r.count * r.arrays * h.rows * h.weightsPerRow();
    int64_t fanout = h.nocMulticast ? 1 : r.cores;
    struct Io {
      int64_t in, psumIn, psumOut, final;
    };
    auto io = [&](const StepKind &sk) {
      int64_t vectors = sk.rowsOut * space.vectorsPerRow;
      int64_t outElems = vectors * r.outChannels;
      Io x;
      x.in = llvm::divideCeilSigned(
          sk.rowsIn * space.inRowSpan * r.inChannels * ab, 8);
      x.final = r.last_slice ? llvm::divideCeilSigned(outElems * ob, 8) : 0;
      x.psumOut = r.last_slice ? 0 : llvm::divideCeilSigned(outElems * pb, 8);
      x.psumIn =
          split && !r.firstSlice ? llvm::divideCeilSigned(outElems * pb, 8) : 0;
      return x;
    };
    for (const StepKind &sk : set.kinds) {
      int64_t vectors = sk.rowsOut * space.vectorsPerRow;
      int64_t outElems = vectors * r.outChannels;
      Io x = io(sk);
      PlanCase c;
      c.kind = CaseKind::Step;
      c.count = r.count * sk.count;
      c.mvms = llvm::divideCeilSigned(vectors, rho);
      c.mvmRows = r.maxRows;
      c.mvmCols = r.max_cols;
      c.finalOutputs = mp.rowTiles == 1;
      c.gbBytes = x.in * fanout + x.psumIn + x.psumOut + x.final;
      c.dramBytes = (mp.inputInGb ? 0 : x.in) + (mp.outputInGb ? 0 : x.final) +
                    (psumsInDram ? x.psumIn + x.psumOut : 0);
      int64_t ops = (r.rowTiles - 1) * outElems;
      if (x.psumIn > 0)
        ops += outElems;
      if (r.last_slice) {
        if (mp.rowTiles > 1)
          ops += outElems; // requantisation after the last partial sum
        if (fusedOps > 0)
          ops += mulDivCeil(fusedOps, outElems, totalOutputs);
      }
      c.vectorOps = llvm::divideCeilSigned(ops, r.cores);
      int64_t hiVectors = llvm::divideCeilSigned(vectors, rho),
              loVectors = vectors / rho;
      int64_t hiReplicas = vectors % rho;
      int64_t lineBits = sk.rowsIn * space.inRowSpan * ab; // per input channel
      size_t stride = RoundProfile::classStride(rho);
      for (size_t k = 0; k < r.coreClasses.size(); k += stride) {
        const int64_t *cls = r.coreClasses.data() + k;
        int64_t bits = 0;
        for (int64_t rep = 0; rep < rho; ++rep) {
          int64_t v = rep < hiReplicas ? hiVectors : loVectors;
          bits += v * cls[2 + rho + rep];
          if (!h.inputLineBuffer)
            bits += v * cls[2 + rep];
        }
        if (h.inputLineBuffer)
          bits += cls[1] * lineBits;
        int64_t bytes = llvm::divideCeilSigned(bits, 8);
        c.lbBytes = std::max(c.lbBytes, bytes);
        c.lbBytesAllCores += cls[0] * bytes;
      }
      c.macs = vectors * r.macsPerVector;
      addCase(plan, c);
    }
    if (db) {
      Io f = io(set.first), d = io(set.last);
      PlanCase fill;
      fill.kind = CaseKind::Fill;
      fill.count = r.count;
      fill.dramBytes = (mp.inputInGb ? 0 : f.in) + (psumsInDram ? f.psumIn : 0);
      fill.gbBytes = f.in * fanout + f.psumIn;
      addCase(plan, fill);
      PlanCase drain;
      drain.kind = CaseKind::Drain;
      drain.count = r.count;
      drain.dramBytes =
          (mp.outputInGb ? 0 : d.final) + (psumsInDram ? d.psumOut : 0);
      drain.gbBytes = d.final + d.psumOut;
      addCase(plan, drain);
    }
    PlanCase prog;
    prog.kind = mp.resident ? CaseKind::ModelLoad : CaseKind::Program;
    prog.count = r.count;
    prog.rowsProgrammed = r.rowsProgrammed;
    prog.dramBytes = (!mp.resident && weightsFromGb) ? 0 : r.weightDramBytes;
    prog.gbBytes = r.weight_noc_bytes;
    prog.lbBytes = r.weight_lb_bytes;
    prog.lbBytesAllCores = r.weightLbAllBytes;
    addCase(plan, prog);
  }
}

//===----------------------------------------------------------------------===//
// Public entry points
//===----------------------------------------------------------------------===//

/// Validates `hw`, remembering the last valid configuration per thread:
/// planning usually repeats one configuration many times.
static llvm::Error validateOnce(const HardwareConfig &hw) {
  thread_local std::optional<HardwareConfig> lastValid;
  if (lastValid && *lastValid == hw)
    return llvm::Error::success();
  if (llvm::Error e = hw.validate())
    return e;
  lastValid = hw;
  return llvm::Error::success();
}

/// The planner and the mapping with every derived field filled in.
static llvm::Expected<std::pair<Planner, LayerMapping>>
complete(const Layer &layer, const HardwareConfig &hw,
         const LayerMapping &mapping) {
  if (llvm::Error e = validateOnce(hw))
    return std::move(e);
  llvm::Expected<Planner> planner = Planner::create(layer, hw, mapping);
  if (!planner)
    return planner.takeError();
  LayerMapping out = planner->mapping();
  const RowSpace &s = planner->rowSpace();
  if (mapping.rowsPerStep < 1 || mapping.rowsPerStep > s.rows)
    return fail("layer '" + layer.name + "': rows_per_step must be in [1, " +
                std::to_string(s.rows) + "], found " +
                std::to_string(mapping.rowsPerStep));
  out.rowsPerStep = mapping.rowsPerStep;
  out.steps = s.images * llvm::divideCeilSigned(s.rows, mapping.rowsPerStep);
  out.doubleBuffered = mapping.doubleBuffered;
  return std::make_pair(std::move(*planner), out);
}

llvm::Expected<LayerMapping> cim::completeMapping(const Layer &layer,
                                                  const HardwareConfig &hw,
                                                  LayerMapping mapping) {
  auto done = complete(layer, hw, mapping);
  if (!done)
    return done.takeError();
  return done->second;
}

llvm::Expected<LayerPlan> cim::planLayer(const Layer &layer,
                                         const HardwareConfig &hw,
                                         const LayerMapping &mapping) {
  auto done = complete(layer, hw, mapping);
  if (!done)
    return done.takeError();
  const LayerMapping &c = done->second;
  // A given derived field must equal what planLayer derives; fields are
  // named as in `#cim.mapping<...>`.
#define CIM_MAPPING_INT(spelling, member, derived)                             \
  if (derived && c.member != mapping.member)                                   \
    return fail("layer '" + layer.name +                                       \
                "': mapping field '" #spelling "' must be " +                  \
                std::to_string(c.member) + ", found " +                        \
                std::to_string(mapping.member));
#include "cim/CostModel/MappingFields.def"
  LayerPlan plan;
  if (llvm::Error e =
          done->first.build(mapping.rowsPerStep, mapping.doubleBuffered, plan))
    return std::move(e);
  return plan;
}
