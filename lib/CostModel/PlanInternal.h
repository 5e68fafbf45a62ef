//===- PlanInternal.h - Planner shared by planLayer and the mapper -*- C++ -*-//
//
// The mapper evaluates many step sizes for one (unit, replication) choice.
// A Planner computes the round profiles (tiles, per-core loads,
// programming) once, then builds the plan for any step size cheaply.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_COSTMODEL_PLANINTERNAL_H
#define CIM_LIB_COSTMODEL_PLANINTERNAL_H

#include "cim/CostModel/LayerPlan.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MathExtras.h"

#include <vector>

namespace cim {
namespace detail {

/// Output rows grouped into steps: `images` x `rows` output rows of
/// `vectors_per_row` input vectors each.
struct RowSpace {
  int64_t images = 1;
  int64_t rows = 1;
  int64_t vectorsPerRow = 1;
  /// Input rows of a block follow the conv halo (else one input row per
  /// output row).
  bool halo = false;
  int64_t inRows = 1, stride = 1, pad = 0, extent = 1;
  int64_t kernel = 1, dilation = 1;
  /// Input elements per input row and channel.
  int64_t inRowSpan = 1;
};

/// Blocks of output rows with identical shape, merged.
struct StepKind {
  int64_t rowsOut = 0;
  int64_t rowsIn = 0;
  int64_t count = 0; // over all images
};

struct StepSet {
  llvm::SmallVector<StepKind, 8> kinds;
  StepKind first; // block 0 of image 0
  StepKind last;  // last block of the last image
  int64_t steps = 0;
};

/// One distinct kind of round (identical rounds merged).
struct RoundProfile {
  int64_t count = 0;
  int64_t maxRows = 0, max_cols = 0;
  int64_t outChannels = 0; // sum of column widths (outputs per vector)
  int64_t inChannels = 0;  // input channels read per input row position
  int64_t macsPerVector = 0;
  int64_t rowTiles = 0; // row tiles per column in this round
  bool firstSlice = true, last_slice = true;
  int64_t cores = 0;
  int64_t rowsProgrammed = 0;
  int64_t weightDramBytes = 0, weight_noc_bytes = 0, weight_lb_bytes = 0;
  int64_t weightLbAllBytes = 0;
  int64_t usedSlots = 0, arrays = 0;
  /// Cores with identical loads, merged. Each class is `classStride(rho)`
  /// integers: core count, input channels summed over the core's units
  /// (input line buffer), then per replica the input bits per input vector,
  /// then per replica the output bits per input vector.
  std::vector<int64_t> coreClasses;
  static size_t classStride(int64_t rho) { return 2 + 2 * rho; }
};

class Planner {
public:
  /// Fails when the layer or the choices of `mapping` are invalid; fills in
  /// the derived fields except `steps` and `double_buffered`.
  static llvm::Expected<Planner> create(const Layer &layer,
                                        const HardwareConfig &hw,
                                        const LayerMapping &mapping);

  /// Builds the plan for `rowsPerStep` and `doubleBuffered`. Fails when the
  /// step buffers do not fit the local buffer (twice when double-buffered).
  llvm::Error build(int64_t rowsPerStep, bool doubleBuffered,
                    LayerPlan &plan) const;

  /// Local-buffer bytes per core the largest step of `set` needs.
  int64_t lbNeed(const StepSet &set) const;

  /// The plan for the steps of `set` (`rowsPerStep` output rows each),
  /// without feasibility checks (build() does them).
  void fillPlan(const StepSet &set, int64_t rowsPerStep, bool doubleBuffered,
                int64_t need, LayerPlan &plan) const;

  /// A lower bound on the compute cycles of any step size: every round
  /// runs all input vectors through its busiest array.
  int64_t computeLowerBound() const;

  const LayerMapping &mapping() const { return base; }
  const RowSpace &rowSpace() const { return space; }

private:
  Planner(const Layer &layer, const HardwareConfig &hw)
      : layer(&layer), hw(&hw) {}
  void buildRounds();
  void buildVectorUnit();
  void addRound(RoundProfile &&round);
  int64_t stepLbNeed(const RoundProfile &round, const StepKind &step) const;

  const Layer *layer;
  const HardwareConfig *hw;
  LayerMapping base;
  RowSpace space;
  llvm::SmallVector<RoundProfile, 4> rounds;
  // Layer constants.
  int64_t instances = 1, groups = 1, m = 0, k = 0, n = 0;
  int64_t blocks = 1, groupChannels = 1, kernelArea = 1;
  int64_t fusedOps = 0, totalOutputs = 0;
  int64_t weightBytes = 0;    // vector-unit conv weights
  int64_t secondElements = 0; // vector layers
  int64_t vectorOpsTotal = 0; // vector layers
};

StepSet stepKinds(const RowSpace &space, int64_t rowsPerStep);

/// Weight tiling of a GEMM layer on the arrays (docs/timing.md).
struct Tiling {
  int64_t packing = 1, blocks = 1, rowTiles = 1, colTiles = 1;
  int64_t columns = 1; // batch * blocks * col_tiles
  int64_t tiles() const { return columns * rowTiles; }
};
Tiling tileLayer(const Layer &layer, const HardwareConfig &hw);

/// GB bytes the partial sums of one split column occupy between its
/// slices: every input vector of the widest column at pb bits
/// (docs/timing.md). Meaningful only for layers whose columns split.
int64_t splitPsumBytes(const Layer &layer, const HardwareConfig &hw);

} // namespace detail
} // namespace cim

#endif // CIM_LIB_COSTMODEL_PLANINTERNAL_H
