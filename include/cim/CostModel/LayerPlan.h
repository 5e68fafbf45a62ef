//===- LayerPlan.h - A layer's mapping and its distinct cases ---*- C++ -*-===//
//
// Stage one of the cost model. A LayerMapping records every decision the
// mapper takes for one layer (all integers, bools and enums, so the IR can
// carry it as an attribute). planLayer() turns (layer, hardware, mapping)
// into a LayerPlan: the distinct iteration cases of the layer, each with an
// occurrence count and the integer work it does (MVMs on the busiest array,
// bytes on every interface, vector-unit operations, rows programmed). Stage
// two, costOfPlan() in CostModel.h, applies the formulas of docs/timing.md.
// Planning never loops over trip counts: it costs O(tiles + edge steps).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_COSTMODEL_LAYERPLAN_H
#define CIM_COSTMODEL_LAYERPLAN_H

#include "cim/CostModel/Workload.h"
#include "cim/Hardware/HardwareConfig.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>

namespace cim {

/// Which unit executes a layer's arithmetic.
enum class ExecUnit {
  /// CiM arrays (weights stationary in the arrays).
  Arrays,
  /// The per-core vector units (vector layers; grouped/depthwise conv when
  /// that is cheaper than the arrays).
  Vector,
};
/// Every ExecUnit, in declaration order.
inline constexpr ExecUnit kAllExecUnits[] = {ExecUnit::Arrays,
                                             ExecUnit::Vector};
llvm::StringRef stringifyExecUnit(ExecUnit unit);
std::optional<ExecUnit> symbolizeExecUnit(llvm::StringRef name);

/// A convolution's output rows as its temporal steps group them: `images`
/// x `rows` rows of `vectorsPerRow` GEMM rows (output pixels) each. With one
/// output row per image, a step is a block of whole images. The planner and
/// tile materialization (cim-materialize-tiles) both follow it.
struct ConvStepRows {
  int64_t images = 1, rows = 1, vectorsPerRow = 1;
};
inline ConvStepRows convStepRows(int64_t images, int64_t outH, int64_t outW) {
  if (outH > 1)
    return {images, outH, outW};
  return {1, images, outW};
}

/// Every decision of one layer's mapping. "Choice" fields are picked by the
/// mapper (or the IR); "derived" fields follow from the layer, the hardware
/// and the choices, and planLayer() rejects a mapping whose derived fields
/// disagree, so a recorded mapping is self-checking.
struct LayerMapping {
  // --- choices -----------------------------------------------------------
  ExecUnit unit = ExecUnit::Arrays;
  /// Resident: programmed once at model load, kept across inferences.
  /// Streamed: programmed every inference, round by round.
  bool resident = false;
  /// Arrays the layer may occupy: A_free for a streamed layer, the arrays
  /// granted to a resident one (>= tiles * replication).
  int64_t arraysAvailable = 0;
  /// rho: copies of all tiles, splitting the input vectors. > 1 only when
  /// every tile fits in one round.
  int64_t replication = 1;
  /// Output rows per temporal step (per image for conv; tokens for matmul).
  int64_t rowsPerStep = 1;
  /// Double-buffered steps (needs >= 2 steps, hardware double buffering and
  /// step buffers that fit the local buffer twice).
  bool doubleBuffered = false;
  /// Tensor placement (decided at network level): true = global buffer,
  /// false = DRAM.
  bool inputInGb = false;
  bool secondInputInGb = false;
  bool outputInGb = false;
  /// Streamed weights are held by the global buffer across inferences.
  bool weightsInGb = false;

  // --- derived (checked by planLayer) -------------------------------------
  /// p: groups packed block-diagonally per array (1 = dense tiling).
  int64_t packing = 1;
  /// Tk, Tn: row and column tiles per group block (1, 1 when packed).
  int64_t rowTiles = 1;
  int64_t colTiles = 1;
  /// T = batch * group blocks * Tk * Tn.
  int64_t tiles = 1;
  /// Round size. Whole weight columns (all Tk row tiles) per round, at most
  /// arrays_available / (Tk * replication); or 0 when a column is split
  /// over rounds of `row_tiles_per_round` (< Tk) row tiles. Both 0: the
  /// largest rounds that fit (completeMapping fills them in).
  int64_t columnsPerRound = 0;
  /// Row tiles per round: Tk for whole columns, fewer when split.
  int64_t rowTilesPerRound = 0;
  int64_t rounds = 1;
  /// Most cores any round uses.
  int64_t cores = 1;
  /// Temporal steps per round (all images).
  int64_t steps = 1;

  bool operator==(const LayerMapping &o) const;
  bool operator!=(const LayerMapping &o) const { return !(*this == o); }
};

/// What an occurrence of a case does.
enum class CaseKind {
  /// A temporal step: hop + max(terms) double-buffered, hop + sum otherwise.
  Step,
  /// First step's inbound transfers of a double-buffered round (exposed).
  Fill,
  /// Last step's outbound transfers of a double-buffered round (exposed).
  Drain,
  /// Programming one streamed round (per inference, not overlapped).
  Program,
  /// One-off programming of a resident layer at model load.
  ModelLoad,
};
/// Every CaseKind, in declaration order.
inline constexpr CaseKind kAllCaseKinds[] = {CaseKind::Step, CaseKind::Fill,
                                             CaseKind::Drain, CaseKind::Program,
                                             CaseKind::ModelLoad};
llvm::StringRef stringifyCaseKind(CaseKind kind);
std::optional<CaseKind> symbolizeCaseKind(llvm::StringRef name);

/// One distinct iteration case, occurring `count` times per inference
/// (ModelLoad: per model load). Byte fields are per occurrence.
struct PlanCase {
  CaseKind kind = CaseKind::Step;
  int64_t count = 0;
  /// Step: MVMs on the busiest array and its tile shape r x c (c = weight
  /// columns); whether it emits final outputs (ob bits) or partial sums (pb).
  int64_t mvms = 0;
  int64_t mvmRows = 0;
  int64_t mvmCols = 0;
  bool finalOutputs = true;
  /// DRAM <-> GB bytes.
  int64_t dramBytes = 0;
  /// GB <-> local buffers bytes on the shared NoC.
  int64_t gbBytes = 0;
  /// LB <-> arrays (or LB <-> vector lanes) bytes on the busiest core.
  int64_t lbBytes = 0;
  /// Same link summed over all cores (reporting and conservation).
  int64_t lbBytesAllCores = 0;
  /// Vector-unit element operations on the busiest core.
  int64_t vectorOps = 0;
  /// Rows programmed into the busiest array (Program / ModelLoad).
  int64_t rowsProgrammed = 0;
  /// MACs executed (all arrays or lanes) per occurrence.
  int64_t macs = 0;
};

struct LayerPlan {
  LayerMapping mapping;
  /// Distinct cases; identical cases are merged (counts added).
  llvm::SmallVector<PlanCase, 12> cases;
  /// Arrays the layer occupies at once (most over rounds).
  int64_t arraysUsed = 0;
  /// Weight cells in use over all rounds / (tile slots * R * Cw): spatial
  /// array utilization.
  int64_t usedWeightSlots = 0;
  int64_t totalWeightSlots = 0;
  /// Local-buffer bytes one step needs per core (largest step).
  int64_t lbNeedBytes = 0;
};

/// Plans `layer` on `hw` under `mapping`. Fails with a one-line error when
/// the layer is malformed (zero sizes, inconsistent geometry), the mapping is
/// infeasible (too few arrays, step buffers exceeding the local buffer) or
/// its derived fields disagree with the layer and hardware.
llvm::Expected<LayerPlan> planLayer(const Layer &layer,
                                    const HardwareConfig &hw,
                                    const LayerMapping &mapping);

/// Fills in the derived fields of `mapping` (packing, tiles, rounds, cores,
/// steps) from its choices; fails like planLayer when the choices cannot
/// work. planLayer(layer, hw, *completeMapping(layer, hw, m)) succeeds
/// unless the step buffers do not fit.
llvm::Expected<LayerMapping> completeMapping(const Layer &layer,
                                             const HardwareConfig &hw,
                                             LayerMapping mapping);

/// Size limits of one layer (docs/reliability.md gives the reasons): with
/// them every byte and element count the planner derives fits int64 with
/// room (cycles are checked separately, CheckedInt), and every loop of the
/// mapper has a bound known before it starts.
/// Elements of any one tensor or vector-work entry (1 TiB at 8 bits).
constexpr int64_t kMaxLayerElements = int64_t(1) << 40;
/// Multiply-accumulates of one layer.
constexpr int64_t kMaxLayerMacs = int64_t(1) << 50;
/// Kernel, stride, dilation, pads and the kernel's extent of a window.
constexpr int64_t kMaxWindow = int64_t(1) << 12;
/// Rows of a layer's temporal row space (output rows, or a GEMM's M): the
/// mapper tries ~2 sqrt(rows) step heights.
constexpr int64_t kMaxStepRows = int64_t(1) << 24;
/// Array tiles (tiles x replication) the planner places one by one.
constexpr int64_t kMaxPlanUnits = int64_t(1) << 24;

/// Checks that a layer is well-formed for the cost model and within the
/// size limits above.
llvm::Error validateLayer(const Layer &layer);

} // namespace cim

#endif // CIM_COSTMODEL_LAYERPLAN_H
