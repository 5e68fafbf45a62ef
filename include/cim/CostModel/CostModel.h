//===- CostModel.h - Cycle formulas, layer and network mapping --*- C++ -*-===//
//
// Stage two of the cost model (costOfPlan: the formulas of docs/timing.md
// applied to a LayerPlan), the per-layer mapper (mapLayer: best mapping over
// the enumerated mapping space, memoized) and the whole-network mapper
// (mapNetwork: residency, replication, tensor placement; evaluateNetwork:
// re-cost recorded mappings, the simulator's path).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_COSTMODEL_COSTMODEL_H
#define CIM_COSTMODEL_COSTMODEL_H

#include "cim/CostModel/ActionCounts.h"
#include "cim/CostModel/LayerPlan.h"
#include "cim/CostModel/Workload.h"
#include "cim/Hardware/HardwareConfig.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cim {

//===----------------------------------------------------------------------===//
// Formulas
//===----------------------------------------------------------------------===//

/// Element operations per element of each vector op (docs/timing.md).
int64_t vectorOpCost(VectorOp op);

/// One MVM of an r x c tile (c weight columns) on one array.
struct MvmTiming {
  int64_t interval = 0;
  int64_t latency = 0;
  /// The cycles do not fit int64 (then interval and latency are 0).
  bool overflowed = false;
};
MvmTiming mvmTiming(const HardwareConfig &hw, int64_t rows, int64_t cols,
                    bool finalOutputs);

/// The terms a layer's cycles are made of, in reporting order.
enum class CostTerm { Compute, Dram, Gb, Lb, Vector, Program, Hop, Fill };
constexpr int kNumCostTerms = 8;
llvm::StringRef stringifyCostTerm(CostTerm term);

struct CostBreakdown {
  /// Per-inference cycles of the layer (steps + fill/drain + programming of
  /// streamed rounds).
  int64_t cycles = 0;
  /// One-off cycles to program a resident layer at model load.
  int64_t modelLoadCycles = 0;
  /// Busy cycles of each term summed over all steps (a term may overlap
  /// others when double-buffered): compute is the compute bound.
  int64_t compute = 0, dram = 0, gb = 0, lb = 0, vector = 0;
  /// Exposed programming, step overheads, fill + drain.
  int64_t program = 0, hop = 0, fill = 0;
  /// cycles - compute.
  int64_t stalls = 0;
  /// The term that bounded most of the cycles, and the cycles each term
  /// bounded (indexed by CostTerm; a double-buffered step's body goes to its
  /// largest term, a serial step's to each term, hop to hop).
  CostTerm bound = CostTerm::Compute;
  std::array<int64_t, kNumCostTerms> boundedCycles{};
  /// Bytes moved per inference: DRAM <-> GB, GB <-> LB (NoC), LB <-> arrays
  /// or lanes (all cores).
  int64_t dramBytes = 0, gbBytes = 0, lbBytes = 0;
  int64_t macs = 0;
  /// Spatial array utilization: weight cells used / weight cells of the
  /// arrays holding tiles, over all rounds (0 for vector-unit layers).
  double arrayUtilization = 0.0;
  int64_t usedWeightSlots = 0, totalWeightSlots = 0;

  /// Ping-pong programming across layers (hardware ping_pong_programming,
  /// docs/timing.md), per layer: the first round's programming, which may
  /// hide behind the previous layer's last round; the cycles of this
  /// layer's last round that no programming of its own hides; the streamed
  /// arrays its rounds hold and the arrays it may use. All 0 when off.
  int64_t pingPongFirstProgram = 0, pingPongLastRound = 0;
  int64_t pingPongArrays = 0, pingPongFreeArrays = 0;
  /// Network totals: programming cycles hidden behind the previous layer
  /// (total cycles = sum of the layers' cycles - this).
  int64_t crossLayerHidden = 0;
  /// Some count of this breakdown (or of a layer it sums) does not fit
  /// int64: none of its numbers may be used (checkCost turns it into an
  /// error naming the layer; docs/reliability.md).
  bool overflowed = false;

  /// Adds `other` (network totals) and recomputes bound and utilization.
  /// Does not apply the cross-layer overlap; networkTotal() does.
  void accumulate(const CostBreakdown &other);
};

/// Cost of a plan. Pure arithmetic on the plan's integers, overflow-checked:
/// a count that does not fit int64 sets `overflowed`.
CostBreakdown costOfPlan(const LayerPlan &plan, const HardwareConfig &hw);

/// An error naming `what` (e.g. "layer 'conv1'") when `cost` overflowed.
llvm::Error checkCost(const CostBreakdown &cost, const llvm::Twine &what);

/// The network's breakdown: the sum of its layers' (layers in execution
/// order), less the programming that ping-pong hides behind the previous
/// layer (crossLayerHidden; docs/timing.md). Its `bound` is the term
/// that bounded the most cycles over the whole network: each layer's
/// `bounded_cycles` are summed term by term and the largest sum wins (ties
/// in the order of CostTerm), the same rule a layer applies to its steps
/// (docs/timing.md). The search (mapNetwork), the simulator and the report
/// all take network totals from here.
CostBreakdown networkTotal(llvm::ArrayRef<CostBreakdown> layers);

//===----------------------------------------------------------------------===//
// Layer mapper
//===----------------------------------------------------------------------===//

/// What the network decides for a layer before the layer mapper runs.
struct LayerContext {
  bool resident = false;
  /// Streamed: A_free. Resident: arrays granted to the layer.
  int64_t arraysAvailable = 0;
  /// Resident layers: the replication the allocator granted (0: choose).
  int64_t replication = 0;
  bool inputInGb = false;
  bool secondInputInGb = false;
  bool outputInGb = false;
  bool weightsInGb = false;
  /// Grouped/depthwise conv may run on the vector units.
  bool allowVectorUnit = true;

  bool operator==(const LayerContext &o) const;
};

struct LayerChoice {
  LayerMapping mapping;
  CostBreakdown cost;
  /// countActions of the plan `cost` comes from: the search's energy
  /// (memoized with the choice, so no layer is planned twice).
  ActionCounts actions;
};

/// A memoized mapLayer outcome: the choice, or why no mapping exists.
struct CachedOutcome {
  std::optional<LayerChoice> choice;
  std::string error;
};

/// Memo of mapLayer results keyed by (layer signature, hardware, context).
/// Not thread-safe: give each thread its own.
class LayerCostCache {
public:
  LayerCostCache();
  ~LayerCostCache();
  void setEnabled(bool on) { enabled = on; }
  bool isEnabled() const { return enabled; }
  void clear();
  int64_t hits() const { return hitCount; }
  int64_t misses() const { return missCount; }
  size_t size() const;

  const CachedOutcome *lookup(const Layer &layer, const HardwareConfig &hw,
                              const LayerContext &ctx);
  void insert(const Layer &layer, const HardwareConfig &hw,
              const LayerContext &ctx, CachedOutcome outcome);

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
  bool enabled = true;
  int64_t hitCount = 0, missCount = 0;
};

/// Candidate replication factors: 1..8 and powers of two (up to `limit`).
llvm::SmallVector<int64_t, 16> replicationCandidates(int64_t limit);

/// Best mapping of one layer in `ctx`: enumerates unit, replication,
/// rows per step and double buffering, and returns the cheapest
/// (per-inference cycles, then model-load cycles). `cache` may be null.
llvm::Expected<LayerChoice> mapLayer(const Layer &layer,
                                     const HardwareConfig &hw,
                                     const LayerContext &ctx,
                                     LayerCostCache *cache = nullptr);

//===----------------------------------------------------------------------===//
// Network mapper
//===----------------------------------------------------------------------===//

enum class Allocator {
  /// Prefixes of a saved-cycles-per-array order (+ replica items).
  Greedy,
  /// Every allocation; networks with at most 6 weight layers.
  Exhaustive,
};

struct NetworkOptions {
  Allocator allocator = Allocator::Greedy;
  /// Cross-call memo (null: off). Benchmarks run with it off.
  LayerCostCache *cache = nullptr;
  /// Let grouped/depthwise conv run on the vector units when cheaper.
  bool allowVectorUnit = true;
};

struct NetworkResult {
  std::vector<LayerMapping> mappings;
  std::vector<CostBreakdown> layers;
  /// Per layer, the action counts of the plan its cost comes from
  /// (energyOfCounts gives its energy, Energy.h).
  std::vector<ActionCounts> actions;
  /// networkTotal(layers).
  CostBreakdown total;
  /// Per-inference cycles (== total.cycles).
  int64_t cycles = 0;
  /// One-off model-load programming of resident layers.
  int64_t modelLoadCycles = 0;
  int64_t residentArrays = 0;
};

/// Maps a whole network: residency and replication per layer, tensor
/// placement in GB or DRAM by liveness, each layer's best mapping.
llvm::Expected<NetworkResult> mapNetwork(const Workload &workload,
                                         const HardwareConfig &hw,
                                         const NetworkOptions &options = {});

/// Re-costs recorded mappings (one per layer, in order) with the same
/// formulas; checks that resident arrays and streamed layers' arrays fit.
llvm::Expected<NetworkResult>
evaluateNetwork(const Workload &workload, const HardwareConfig &hw,
                llvm::ArrayRef<LayerMapping> mappings);

} // namespace cim

#endif // CIM_COSTMODEL_COSTMODEL_H
