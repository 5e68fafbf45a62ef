//===- NetworkMapper.cpp - Residency, replication and placement -----------===//
//
// A network's layers run in order. Tensor placement (GB or DRAM) follows
// liveness alone, so it is monotone in the GB size. Residency is one
// allocation of arrays: each weight layer is streamed or resident with some
// replication. The greedy allocator tries every prefix of a saved-cycles-
// per-array order, then replica items; the exhaustive one (<= 6 weight
// layers) tries every allocation and is the reference in the tests.
//
//===----------------------------------------------------------------------===//

#include "MapperInternal.h"
#include "PlanInternal.h"

#include "cim/CostModel/CostModel.h"
#include "cim/CostModel/Energy.h"
#include "cim/Support/CheckedInt.h"
#include "cim/Support/Error.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

using namespace cim;
using namespace cim::detail;

static llvm::Error fail(const llvm::Twine &message) {
  return cim::makeError(message);
}

namespace {

/// Where each layer's tensors live.
struct Placement {
  std::vector<bool> inputInGb, second_in_gb, outputInGb;
  /// Per layer: bytes of every tensor live while it runs (wherever it is
  /// placed), and of those placed in the GB; both include the partial sums
  /// reserved for the layer.
  std::vector<int64_t> live_bytes, live_gb_bytes;
  int64_t peak_live_bytes = 0;
};

/// Producers of a layer's operands (empty operands: the previous layer).
llvm::SmallVector<int, 2> producersOf(const Workload &w, size_t i) {
  const Layer &l = w.layers[i];
  if (!l.operands.empty())
    return llvm::SmallVector<int, 2>(l.operands.begin(), l.operands.end());
  return {static_cast<int>(i) - 1};
}

int64_t outputElementsOf(const Layer &l) {
  return l.isGemm() ? l.batch * l.groups * l.m * l.n : l.outputElements();
}

int64_t inputElementsOf(const Layer &l) {
  switch (l.kind) {
  case LayerKind::Conv:
  case LayerKind::Vector:
    return l.inputElements();
  case LayerKind::Matmul:
  case LayerKind::BatchMatmul:
    return l.batch * l.m * l.k;
  }
  return 0;
}

llvm::Error checkWorkload(const Workload &w) {
  if (w.layers.empty())
    return fail("workload '" + w.name + "': no layers");
  for (size_t i = 0; i < w.layers.size(); ++i) {
    if (llvm::Error e = validateLayer(w.layers[i]))
      return e;
    for (int op : w.layers[i].operands)
      if (op < -1 || op >= static_cast<int>(i))
        return fail("layer '" + w.layers[i].name + "': operand " +
                    std::to_string(op) +
                    " must name an earlier layer (or -1 for the network "
                    "input)");
  }
  return llvm::Error::success();
}

/// A tensor stays in the GB when everything live at every point of its
/// lifetime fits there; otherwise it spills to DRAM. The network input and
/// tensors nobody consumes (network outputs) live in DRAM. `psumBytes[j]`
/// is held in the GB while layer j runs (its split columns' partial sums).
Placement placeTensors(const Workload &w, const HardwareConfig &hw,
                       llvm::ArrayRef<int64_t> psumBytes) {
  size_t n = w.layers.size();
  // Tensor t + 1 is layer t's output; tensor 0 is the network input.
  std::vector<int64_t> bytes(n + 1, 0), lastUse(n + 1, -1);
  for (size_t i = 0; i < n; ++i) {
    const Layer &l = w.layers[i];
    bytes[i + 1] = (outputElementsOf(l) * hw.outputBits + 7) / 8;
    for (int p : producersOf(w, i)) {
      lastUse[p + 1] = std::max<int64_t>(lastUse[p + 1], i);
      if (p == -1)
        bytes[0] =
            std::max(bytes[0], (inputElementsOf(l) * hw.inputBits + 7) / 8);
    }
  }
  std::vector<int64_t> live(psumBytes.begin(), psumBytes.end());
  for (size_t t = 0; t <= n; ++t) {
    int64_t born = t == 0 ? 0 : static_cast<int64_t>(t) - 1;
    int64_t end = std::max(born, lastUse[t]);
    for (int64_t j = born; j <= end; ++j)
      live[j] += bytes[t];
  }
  Placement p;
  std::vector<bool> inGb(n + 1, false);
  for (size_t t = 1; t <= n; ++t) {
    if (lastUse[t] < 0)
      continue;
    int64_t peak = 0;
    for (int64_t j = static_cast<int64_t>(t) - 1; j <= lastUse[t]; ++j)
      peak = std::max(peak, live[j]);
    inGb[t] = peak <= hw.gbBytes;
  }
  for (int64_t v : live)
    p.peak_live_bytes = std::max(p.peak_live_bytes, v);
  p.live_bytes = live;
  p.live_gb_bytes.assign(psumBytes.begin(), psumBytes.end());
  for (size_t t = 0; t <= n; ++t) {
    if (!inGb[t])
      continue;
    int64_t born = t == 0 ? 0 : static_cast<int64_t>(t) - 1;
    for (int64_t j = born; j <= lastUse[t]; ++j)
      p.live_gb_bytes[j] += bytes[t];
  }
  p.inputInGb.resize(n);
  p.second_in_gb.resize(n);
  p.outputInGb.resize(n);
  for (size_t i = 0; i < n; ++i) {
    llvm::SmallVector<int, 2> ops = producersOf(w, i);
    p.inputInGb[i] = inGb[ops[0] + 1];
    p.second_in_gb[i] = ops.size() >= 2 && inGb[ops[1] + 1];
    p.outputInGb[i] = inGb[i + 1];
  }
  return p;
}

class NetworkMapper {
public:
  NetworkMapper(const Workload &w, const HardwareConfig &hw,
                const NetworkOptions &options)
      : w(w), hw(hw), options(options) {}

  llvm::Expected<NetworkResult> run();

private:
  /// Per weight layer: 0 = streamed, else the resident replication.
  using Allocation = std::vector<int64_t>;

  struct Evaluation {
    int64_t cycles = 0, model_load = 0, arrays = 0;
    bool feasible = false;
  };

  /// Cycles of the network under `alloc`; gives up (infeasible) once the
  /// cycles exceed `bound` (< 0: no bound).
  Evaluation evaluate(const Allocation &alloc, int64_t bound = -1);
  std::optional<LayerChoice> choose(size_t layer, const LayerContext &ctx);
  LayerContext contextFor(size_t layer, const Allocation &alloc,
                          int64_t freeArrays, bool weightsInGb) const;
  int64_t residentArrays(const Allocation &alloc) const;
  bool weightsFitGb(const Allocation &alloc) const;
  /// Partial-sum bytes layer `layer` holds in the GB only because `alloc`
  /// leaves it too few arrays for whole columns (not in the placement).
  int64_t allocationPsums(size_t layer, const Allocation &alloc,
                          int64_t freeArrays) const;
  void exhaustive(size_t index, Allocation &alloc, int64_t used,
                  Allocation &best, Evaluation &bestEval);

  const Workload &w;
  const HardwareConfig &hw;
  const NetworkOptions &options;
  Placement placement;
  std::vector<size_t> weightLayers; // allocatable layers, by layer index
  std::vector<int64_t> tiles;       // per weight layer
  std::vector<int64_t> weightBytes; // per weight layer
  /// Weights of the layers too large to be resident (always streamed).
  int64_t alwaysStreamedWeightBytes = 0;
  std::vector<int64_t> rowTiles;  // per layer (0: not a GEMM)
  std::vector<int64_t> psumBytes; // per layer: split psums held in the GB
  std::vector<size_t> canonical;  // first layer with the same signature
  std::vector<size_t> evaluationOrder;
  std::map<std::tuple<size_t, bool, int64_t, int64_t, bool>,
           std::optional<LayerChoice>>
      memo;
  /// Some allocation's network cycles did not fit int64 (it counted as
  /// infeasible; reported when no allocation is feasible).
  bool sumOverflowed = false;
};

} // namespace

template <typename Eval>
static bool betterEval(const Eval &a, const Eval &b) {
  if (a.cycles != b.cycles)
    return a.cycles < b.cycles;
  if (a.model_load != b.model_load)
    return a.model_load < b.model_load;
  return a.arrays < b.arrays;
}

int64_t NetworkMapper::residentArrays(const Allocation &alloc) const {
  int64_t used = 0;
  for (size_t i = 0; i < alloc.size(); ++i)
    used += tiles[i] * alloc[i];
  return used;
}

int64_t NetworkMapper::allocationPsums(size_t layer, const Allocation &alloc,
                                       int64_t freeArrays) const {
  if (rowTiles[layer] > hw.totalArrays() || rowTiles[layer] <= freeArrays)
    return 0; // placed already, or whole columns fit
  auto it = std::find(weightLayers.begin(), weightLayers.end(), layer);
  if (it != weightLayers.end() && alloc[it - weightLayers.begin()] > 0)
    return 0; // resident: one round of whole columns
  return psumBytes[layer];
}

bool NetworkMapper::weightsFitGb(const Allocation &alloc) const {
  int64_t streamed = alwaysStreamedWeightBytes;
  for (size_t i = 0; i < alloc.size(); ++i)
    if (alloc[i] == 0)
      streamed += weightBytes[i];
  int64_t freeArrays = hw.totalArrays() - residentArrays(alloc);
  int64_t peak = placement.peak_live_bytes;
  for (size_t i = 0; i < w.layers.size(); ++i)
    peak = std::max(peak, placement.live_bytes[i] +
                              allocationPsums(i, alloc, freeArrays));
  return streamed + peak <= hw.gbBytes;
}

LayerContext NetworkMapper::contextFor(size_t layer, const Allocation &alloc,
                                       int64_t freeArrays,
                                       bool weightsInGb) const {
  LayerContext ctx;
  ctx.inputInGb = placement.inputInGb[layer];
  ctx.secondInputInGb = placement.second_in_gb[layer];
  ctx.outputInGb = placement.outputInGb[layer];
  ctx.weightsInGb = weightsInGb;
  ctx.allowVectorUnit = options.allowVectorUnit;
  ctx.arraysAvailable = freeArrays;
  auto it = std::find(weightLayers.begin(), weightLayers.end(), layer);
  if (it != weightLayers.end()) {
    size_t slot = it - weightLayers.begin();
    if (alloc[slot] > 0) {
      ctx.resident = true;
      ctx.replication = alloc[slot];
      ctx.arraysAvailable = tiles[slot] * alloc[slot];
      ctx.weightsInGb = false;
    }
  }
  return ctx;
}

std::optional<LayerChoice> NetworkMapper::choose(size_t layer,
                                                 const LayerContext &ctx) {
  // Placement flags are equal for layers sharing a canonical index only if
  // the placement agrees; include them through the canonical choice below.
  size_t key = canonical[layer];
  if (placement.inputInGb[key] != ctx.inputInGb ||
      placement.second_in_gb[key] != ctx.secondInputInGb ||
      placement.outputInGb[key] != ctx.outputInGb)
    key = layer;
  auto memoKey = std::make_tuple(key, ctx.resident,
                                 canonicalArrays(w.layers[layer], hw, ctx),
                                 ctx.replication, ctx.weightsInGb);
  auto it = memo.find(memoKey);
  if (it == memo.end()) {
    llvm::Expected<LayerChoice> choice =
        mapLayerUnchecked(w.layers[layer], hw, ctx, options.cache);
    std::optional<LayerChoice> result;
    if (choice)
      result = *choice;
    else
      llvm::consumeError(choice.takeError());
    it = memo.emplace(memoKey, result).first;
  }
  std::optional<LayerChoice> result = it->second;
  if (result && result->mapping.unit == ExecUnit::Arrays)
    result->mapping.arraysAvailable = ctx.arraysAvailable;
  return result;
}

NetworkMapper::Evaluation NetworkMapper::evaluate(const Allocation &alloc,
                                                  int64_t bound) {
  Evaluation e;
  e.arrays = residentArrays(alloc);
  if (e.arrays > hw.totalArrays())
    return e;
  int64_t freeArrays = hw.totalArrays() - e.arrays;
  // A layer split by this allocation needs room for its partial sums
  // beside the tensors placed in the GB while it runs.
  for (size_t i = 0; i < w.layers.size(); ++i)
    if (int64_t psums = allocationPsums(i, alloc, freeArrays))
      if (placement.live_gb_bytes[i] + psums > hw.gbBytes)
        return e;
  bool weightsInGb = weightsFitGb(alloc);
  // Costliest layers first, so a hopeless allocation stops early.
  for (size_t i : evaluationOrder) {
    std::optional<LayerChoice> c =
        choose(i, contextFor(i, alloc, freeArrays, weightsInGb));
    if (!c)
      return e;
    bool overflow = false;
    checkedAccumulate(e.cycles, c->cost.cycles, overflow);
    checkedAccumulate(e.model_load, c->cost.modelLoadCycles, overflow);
    if (overflow) {
      sumOverflowed = true;
      return e;
    }
    if (bound >= 0 && e.cycles > bound)
      return e;
  }
  e.feasible = true;
  return e;
}

void NetworkMapper::exhaustive(size_t index, Allocation &alloc, int64_t used,
                               Allocation &best, Evaluation &bestEval) {
  if (index == alloc.size()) {
    Evaluation e = evaluate(alloc, bestEval.feasible ? bestEval.cycles : -1);
    if (e.feasible && (!bestEval.feasible || betterEval(e, bestEval))) {
      bestEval = e;
      best = alloc;
    }
    return;
  }
  alloc[index] = 0;
  exhaustive(index + 1, alloc, used, best, bestEval);
  for (int64_t rho : replicationCandidates(hw.totalArrays())) {
    int64_t need = tiles[index] * rho;
    if (used + need > hw.totalArrays())
      break;
    alloc[index] = rho;
    exhaustive(index + 1, alloc, used + need, best, bestEval);
  }
  alloc[index] = 0;
}

llvm::Expected<NetworkResult> NetworkMapper::run() {
  if (llvm::Error e = hw.validate())
    return std::move(e);
  if (llvm::Error e = checkWorkload(w))
    return std::move(e);
  size_t n = w.layers.size();
  int64_t A = hw.totalArrays();
  // Partial sums of split columns live in the GB when one column's worth
  // fits it (else in DRAM, LayerPlan.cpp); a layer whose columns split on
  // the whole chip reserves them in the placement.
  rowTiles.assign(n, 0);
  psumBytes.assign(n, 0);
  std::vector<int64_t> reserved(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Layer &l = w.layers[i];
    if (!l.isGemm())
      continue;
    rowTiles[i] = tileLayer(l, hw).rowTiles;
    int64_t psums = splitPsumBytes(l, hw);
    psumBytes[i] = psums <= hw.gbBytes ? psums : 0;
    if (rowTiles[i] > A)
      reserved[i] = psumBytes[i];
  }
  placement = placeTensors(w, hw, reserved);
  canonical.resize(n);
  for (size_t i = 0; i < n; ++i) {
    canonical[i] = i;
    for (size_t j = 0; j < i; ++j)
      if (canonical[j] == j && sameSignature(w.layers[j], w.layers[i])) {
        canonical[i] = j;
        break;
      }
  }
  for (size_t i = 0; i < n; ++i) {
    const Layer &l = w.layers[i];
    if (l.kind != LayerKind::Conv && l.kind != LayerKind::Matmul)
      continue;
    LayerMapping probe;
    probe.arraysAvailable = A;
    llvm::Expected<Planner> p = Planner::create(l, hw, probe);
    if (!p)
      return p.takeError();
    // A layer that cannot be resident even alone is always streamed, and
    // its weights count when the GB holds streamed weights.
    if (p->mapping().tiles > A) {
      alwaysStreamedWeightBytes += (l.weightElements() * hw.weightBits + 7) / 8;
      continue;
    }
    weightLayers.push_back(i);
    tiles.push_back(p->mapping().tiles);
    weightBytes.push_back((l.weightElements() * hw.weightBits + 7) / 8);
  }

  evaluationOrder.resize(n);
  for (size_t i = 0; i < n; ++i)
    evaluationOrder[i] = i;

  Allocation best(weightLayers.size(), 0);
  Evaluation bestEval;
  if (options.allocator == Allocator::Exhaustive) {
    if (weightLayers.size() > 6)
      return fail("workload '" + w.name +
                  "': the exhaustive allocator "
                  "handles at most 6 weight layers, found " +
                  std::to_string(weightLayers.size()));
    Allocation alloc(weightLayers.size(), 0);
    exhaustive(0, alloc, 0, best, bestEval);
  } else {
    // Saved cycles per array of making each layer resident (with the
    // replication that saves most per array), everything else streamed on
    // the whole chip.
    Allocation none(weightLayers.size(), 0);
    bool weightsInGb = weightsFitGb(none);
    struct Item {
      double value;
      size_t slot;
      int64_t replication;
    };
    std::vector<Item> order;
    for (size_t s = 0; s < weightLayers.size(); ++s) {
      size_t i = weightLayers[s];
      std::optional<LayerChoice> streamed =
          choose(i, contextFor(i, none, A, weightsInGb));
      std::optional<Item> bestItem;
      // More copies stop paying per array once they stop saving cycles:
      // the scan ends there (the order is a heuristic; the exhaustive
      // allocator is the reference).
      int64_t previous = -1;
      for (int64_t rho : replicationCandidates(A / tiles[s])) {
        Allocation one = none;
        one[s] = rho;
        std::optional<LayerChoice> resident =
            choose(i, contextFor(i, one, A, weightsInGb));
        if (!resident)
          continue;
        if (previous >= 0 && resident->cost.cycles >= previous)
          break;
        previous = resident->cost.cycles;
        double saved = streamed ? static_cast<double>(streamed->cost.cycles -
                                                      resident->cost.cycles)
                                : 1e300;
        double value = saved / static_cast<double>(tiles[s] * rho);
        if (saved > 0 && (!bestItem || value > bestItem->value))
          bestItem = Item{value, s, rho};
      }
      if (bestItem)
        order.push_back(*bestItem);
    }
    std::stable_sort(
        order.begin(), order.end(),
        [](const Item &a, const Item &b) { return a.value > b.value; });
    // Every prefix of the order (the empty one: everything streamed; the
    // longest that fits: everything resident). An item that does not fit
    // with its replication enters with one copy.
    Allocation alloc = none;
    bestEval = evaluate(alloc);
    best = alloc;
    if (bestEval.feasible) {
      std::vector<int64_t> cycles(n, 0);
      for (size_t i = 0; i < n; ++i)
        if (std::optional<LayerChoice> c =
                choose(i, contextFor(i, none, A, weightsInGb)))
          cycles[i] = c->cost.cycles;
      std::stable_sort(
          evaluationOrder.begin(), evaluationOrder.end(),
          [&](size_t a, size_t b) { return cycles[a] > cycles[b]; });
    }
    int64_t used = 0;
    for (const Item &item : order) {
      size_t s = item.slot;
      int64_t rho =
          used + tiles[s] * item.replication <= A ? item.replication : 1;
      if (used + tiles[s] * rho > A)
        break;
      used += tiles[s] * rho;
      alloc[s] = rho;
      Evaluation e = evaluate(alloc, bestEval.feasible ? bestEval.cycles : -1);
      if (e.feasible && (!bestEval.feasible || betterEval(e, bestEval))) {
        bestEval = e;
        best = alloc;
      }
    }
    // Replica items of resident layers, in the same order.
    for (const Item &item : order) {
      size_t s = item.slot;
      if (best[s] == 0)
        continue;
      for (int64_t rho : replicationCandidates(A)) {
        if (rho <= best[s])
          continue;
        Allocation trial = best;
        trial[s] = rho;
        if (residentArrays(trial) > A)
          break;
        Evaluation e = evaluate(trial, bestEval.cycles);
        if (!e.feasible || !betterEval(e, bestEval))
          break;
        bestEval = e;
        best = trial;
      }
    }
  }
  if (!bestEval.feasible) {
    // Report the first layer that cannot be mapped, with its own error.
    int64_t freeArrays = A - residentArrays(best);
    bool weightsInGb = weightsFitGb(best);
    for (size_t i = 0; i < n; ++i) {
      llvm::Expected<LayerChoice> c = mapLayerUnchecked(
          w.layers[i], hw, contextFor(i, best, freeArrays, weightsInGb),
          nullptr);
      if (!c)
        return fail("workload '" + w.name +
                    "': " + llvm::toString(c.takeError()));
    }
    if (sumOverflowed) {
      CostBreakdown bad;
      bad.overflowed = true;
      return checkCost(bad, "workload '" + w.name + "'");
    }
    return fail("workload '" + w.name + "': no feasible allocation");
  }

  NetworkResult result;
  int64_t freeArrays = A - residentArrays(best);
  bool weightsInGb = weightsFitGb(best);
  for (size_t i = 0; i < n; ++i) {
    std::optional<LayerChoice> c =
        choose(i, contextFor(i, best, freeArrays, weightsInGb));
    result.mappings.push_back(c->mapping);
    result.layers.push_back(c->cost);
    result.actions.push_back(c->actions);
  }
  result.total = networkTotal(result.layers);
  if (llvm::Error e = checkCost(result.total, "workload '" + w.name + "'"))
    return std::move(e);
  result.cycles = result.total.cycles;
  result.modelLoadCycles = result.total.modelLoadCycles;
  result.residentArrays = residentArrays(best);
  return result;
}

llvm::Expected<NetworkResult> cim::mapNetwork(const Workload &workload,
                                              const HardwareConfig &hw,
                                              const NetworkOptions &options) {
  NetworkMapper mapper(workload, hw, options);
  return mapper.run();
}

llvm::Expected<NetworkResult>
cim::evaluateNetwork(const Workload &workload, const HardwareConfig &hw,
                     llvm::ArrayRef<LayerMapping> mappings) {
  if (llvm::Error e = hw.validate())
    return std::move(e);
  if (llvm::Error e = checkWorkload(workload))
    return std::move(e);
  if (mappings.size() != workload.layers.size())
    return fail("workload '" + workload.name +
                "': " + std::to_string(mappings.size()) + " mappings for " +
                std::to_string(workload.layers.size()) + " layers");
  int64_t resident = 0;
  for (const LayerMapping &m : mappings)
    if (m.resident)
      resident += m.arraysAvailable;
  int64_t A = hw.totalArrays();
  if (resident > A)
    return fail("workload '" + workload.name + "': resident layers hold " +
                std::to_string(resident) + " arrays, the chip has " +
                std::to_string(A));
  NetworkResult result;
  result.residentArrays = resident;
  for (size_t i = 0; i < mappings.size(); ++i) {
    const LayerMapping &m = mappings[i];
    if (!m.resident && m.unit == ExecUnit::Arrays &&
        m.arraysAvailable > A - resident)
      return fail("layer '" + workload.layers[i].name + "': streamed over " +
                  std::to_string(m.arraysAvailable) + " arrays, only " +
                  std::to_string(A - resident) +
                  " are not held by resident layers");
    llvm::Expected<LayerPlan> plan = planLayer(workload.layers[i], hw, m);
    if (!plan)
      return plan.takeError();
    CostBreakdown cost = costOfPlan(*plan, hw);
    if (llvm::Error e =
            checkCost(cost, "layer '" + workload.layers[i].name + "'"))
      return std::move(e);
    result.mappings.push_back(m);
    result.layers.push_back(cost);
    result.actions.push_back(countActions(*plan, hw, cost.cycles));
  }
  result.total = networkTotal(result.layers);
  if (llvm::Error e =
          checkCost(result.total, "workload '" + workload.name + "'"))
    return std::move(e);
  result.cycles = result.total.cycles;
  result.modelLoadCycles = result.total.modelLoadCycles;
  return result;
}
