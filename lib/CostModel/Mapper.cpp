//===- Mapper.cpp - Best mapping of one layer, memoized -------------------===//
//
// Enumerates the unit (arrays or vector lanes), the replication (a fixed
// candidate set, so the choice is monotone in the array count), the rows per
// temporal step (every distinct block height) and double buffering, and
// keeps the cheapest plan. Round profiles are built once per (unit,
// replication); each step size then costs O(distinct cases).
//
//===----------------------------------------------------------------------===//

#include "MapperInternal.h"
#include "PlanInternal.h"

#include "cim/CostModel/CostModel.h"
#include "cim/CostModel/Energy.h"
#include "cim/Support/CheckedInt.h"
#include "cim/Support/Error.h"

#include <algorithm>
#include <unordered_map>

using namespace cim;
using namespace cim::detail;

bool LayerContext::operator==(const LayerContext &o) const {
  return resident == o.resident && arraysAvailable == o.arraysAvailable &&
         replication == o.replication && inputInGb == o.inputInGb &&
         secondInputInGb == o.secondInputInGb && outputInGb == o.outputInGb &&
         weightsInGb == o.weightsInGb && allowVectorUnit == o.allowVectorUnit;
}

static size_t hashContext(const LayerContext &c) {
  return llvm::hash_combine(c.resident, c.arraysAvailable, c.replication,
                            c.inputInGb, c.secondInputInGb, c.outputInGb,
                            c.weightsInGb, c.allowVectorUnit);
}

//===----------------------------------------------------------------------===//
// Cache
//===----------------------------------------------------------------------===//

namespace {
struct CacheEntry {
  Layer layer;
  HardwareConfig hw;
  LayerContext ctx;
  CachedOutcome outcome;
};
} // namespace

struct LayerCostCache::Impl {
  std::unordered_map<size_t, std::vector<CacheEntry>> buckets;
  size_t entries = 0;
};

LayerCostCache::LayerCostCache() : impl(std::make_unique<Impl>()) {}
LayerCostCache::~LayerCostCache() = default;

void LayerCostCache::clear() {
  impl->buckets.clear();
  impl->entries = 0;
  hitCount = missCount = 0;
}

size_t LayerCostCache::size() const { return impl->entries; }

static size_t cacheKey(const Layer &layer, const HardwareConfig &hw,
                       const LayerContext &ctx) {
  return llvm::hash_combine(signatureHash(layer), hash_value(hw),
                            hashContext(ctx));
}

const CachedOutcome *LayerCostCache::lookup(const Layer &layer,
                                            const HardwareConfig &hw,
                                            const LayerContext &ctx) {
  if (!enabled)
    return nullptr;
  auto it = impl->buckets.find(cacheKey(layer, hw, ctx));
  if (it != impl->buckets.end())
    for (const CacheEntry &e : it->second)
      if (e.ctx == ctx && e.hw == hw && sameSignature(e.layer, layer)) {
        ++hitCount;
        return &e.outcome;
      }
  ++missCount;
  return nullptr;
}

void LayerCostCache::insert(const Layer &layer, const HardwareConfig &hw,
                            const LayerContext &ctx, CachedOutcome outcome) {
  if (!enabled)
    return;
  Layer key = layer;
  key.name.clear();
  key.operands.assign(layer.operands.size(), 0);
  impl->buckets[cacheKey(layer, hw, ctx)].push_back(
      {key, hw, ctx, std::move(outcome)});
  ++impl->entries;
}

//===----------------------------------------------------------------------===//
// Mapping search
//===----------------------------------------------------------------------===//

llvm::SmallVector<int64_t, 16> cim::replicationCandidates(int64_t limit) {
  llvm::SmallVector<int64_t, 16> out;
  for (int64_t r = 1; r <= 8 && r <= limit; ++r)
    out.push_back(r);
  for (int64_t r = 16; r <= limit; r *= 2)
    out.push_back(r);
  return out;
}

/// Every distinct block height ceil(rows / steps) for steps = 1..rows,
/// smallest first.
static llvm::SmallVector<int64_t, 32> rowsPerStepCandidates(int64_t rows) {
  llvm::SmallVector<int64_t, 32> out;
  int64_t value = rows;
  while (true) {
    out.push_back(value);
    if (value == 1)
      break;
    int64_t blocks = llvm::divideCeilSigned(rows, value);
    // Next smaller height: the one for blocks + 1 steps, or further.
    int64_t next = llvm::divideCeilSigned(rows, blocks + 1);
    while (next == value)
      next = llvm::divideCeilSigned(rows, ++blocks + 1);
    value = next;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

/// {ceil(total / r) : r >= 1} restricted to [1, limit], largest first.
static llvm::SmallVector<int64_t, 16> distinctCeilings(int64_t total,
                                                       int64_t limit) {
  llvm::SmallVector<int64_t, 16> out;
  for (int64_t size : rowsPerStepCandidates(total))
    if (size <= limit)
      out.push_back(size);
  std::reverse(out.begin(), out.end());
  return out;
}

static bool better(const LayerChoice &a, const LayerChoice &b) {
  if (a.cost.cycles != b.cost.cycles)
    return a.cost.cycles < b.cost.cycles;
  if (a.cost.modelLoadCycles != b.cost.modelLoadCycles)
    return a.cost.modelLoadCycles < b.cost.modelLoadCycles;
  return a.mapping.steps < b.mapping.steps;
}

static llvm::Expected<LayerChoice> searchLayer(const Layer &layer,
                                               const HardwareConfig &hw,
                                               const LayerContext &ctx);
static llvm::Expected<LayerChoice> searchCached(const Layer &layer,
                                                const HardwareConfig &hw,
                                                const LayerContext &ctx,
                                                LayerCostCache *cache);

int64_t cim::detail::canonicalArrays(const Layer &layer,
                                     const HardwareConfig &hw,
                                     const LayerContext &ctx) {
  if (layer.kind == LayerKind::Vector || ctx.arraysAvailable < 1)
    return ctx.arraysAvailable;
  if (ctx.resident && ctx.replication > 0)
    return ctx.arraysAvailable;
  // Ping-pong programming depends on the arrays left free beside a round,
  // not only on the candidates: every array count is its own.
  if (hw.pingPongProgramming)
    return ctx.arraysAvailable;
  Tiling t = tileLayer(layer, hw);
  int64_t avail = ctx.arraysAvailable, tiles = t.tiles();
  if (tiles <= avail)
    return tiles * replicationCandidates(avail / tiles).back();
  if (t.rowTiles <= avail)
    return t.rowTiles *
           distinctCeilings(t.columns, std::min(t.columns, avail / t.rowTiles))
               .front();
  return distinctCeilings(t.rowTiles, std::min(t.rowTiles - 1, avail)).front();
}

llvm::Expected<LayerChoice>
cim::detail::mapLayerUnchecked(const Layer &layer, const HardwareConfig &hw,
                               const LayerContext &given,
                               LayerCostCache *cache) {
  if (llvm::Error e = validateLayer(layer))
    return std::move(e);
  // Arrays beyond the largest candidate round or replication change
  // nothing: search (and memoize) with the fewest arrays that give the same
  // candidates, then record the arrays actually available.
  LayerContext ctx = given;
  ctx.arraysAvailable = canonicalArrays(layer, hw, given);
  llvm::Expected<LayerChoice> result = searchCached(layer, hw, ctx, cache);
  if (result && result->mapping.unit == ExecUnit::Arrays)
    result->mapping.arraysAvailable = given.arraysAvailable;
  return result;
}

static llvm::Expected<LayerChoice> searchCached(const Layer &layer,
                                                const HardwareConfig &hw,
                                                const LayerContext &ctx,
                                                LayerCostCache *cache) {
  if (cache) {
    if (const CachedOutcome *hit = cache->lookup(layer, hw, ctx)) {
      if (hit->choice)
        return *hit->choice;
      return cim::makeError(hit->error);
    }
    llvm::Expected<LayerChoice> fresh = searchLayer(layer, hw, ctx);
    CachedOutcome outcome;
    if (fresh) {
      outcome.choice = *fresh;
    } else {
      outcome.error = llvm::toString(fresh.takeError());
      cache->insert(layer, hw, ctx, outcome);
      return cim::makeError(outcome.error);
    }
    cache->insert(layer, hw, ctx, std::move(outcome));
    return *fresh;
  }
  return searchLayer(layer, hw, ctx);
}

static llvm::Expected<LayerChoice> searchLayer(const Layer &layer,
                                               const HardwareConfig &hw,
                                               const LayerContext &ctx) {

  LayerMapping seed;
  seed.inputInGb = ctx.inputInGb;
  seed.secondInputInGb = ctx.secondInputInGb;
  seed.outputInGb = ctx.outputInGb;
  seed.weightsInGb = ctx.weightsInGb;

  llvm::SmallVector<LayerMapping, 32> choices;
  std::string lastError;
  if (layer.kind == LayerKind::Vector) {
    LayerMapping m = seed;
    m.unit = ExecUnit::Vector;
    choices.push_back(m);
  } else {
    if (ctx.arraysAvailable >= 1) {
      LayerMapping m = seed;
      m.unit = ExecUnit::Arrays;
      m.resident = ctx.resident;
      m.arraysAvailable = ctx.arraysAvailable;
      m.replication = 1;
      llvm::Expected<Planner> probe = Planner::create(layer, hw, m);
      if (probe) {
        int64_t tiles = probe->mapping().tiles;
        llvm::SmallVector<int64_t, 16> rhos;
        if (ctx.resident && ctx.replication > 0)
          rhos.push_back(ctx.replication);
        else if (tiles <= ctx.arraysAvailable)
          rhos = replicationCandidates(ctx.arraysAvailable / tiles);
        else
          rhos.push_back(1);
        int64_t Tk = probe->mapping().rowTiles;
        int64_t columns = tiles / Tk;
        // Most replication and largest rounds first: they usually win, and
        // an early good candidate lets the bounds below prune the rest.
        std::reverse(rhos.begin(), rhos.end());
        for (int64_t rho : rhos) {
          m.replication = rho;
          if (rho > 1) {
            m.columnsPerRound = columns;
            m.rowTilesPerRound = Tk;
            choices.push_back(m);
            continue;
          }
          // Every round size that gives a distinct round count, so the
          // candidates only grow with the arrays available.
          if (Tk <= ctx.arraysAvailable) {
            int64_t maxColumns = std::min(columns, ctx.arraysAvailable / Tk);
            for (int64_t size : distinctCeilings(columns, maxColumns)) {
              m.columnsPerRound = size;
              m.rowTilesPerRound = Tk;
              choices.push_back(m);
            }
          } else {
            for (int64_t size :
                 distinctCeilings(Tk, std::min(Tk - 1, ctx.arraysAvailable))) {
              m.columnsPerRound = 0;
              m.rowTilesPerRound = size;
              choices.push_back(m);
            }
          }
        }
      } else {
        // Reported when no other choice works (a size limit, say).
        lastError = llvm::toString(probe.takeError());
      }
    }
    if (layer.kind == LayerKind::Conv && layer.groups > 1 &&
        ctx.allowVectorUnit && !ctx.resident) {
      LayerMapping m = seed;
      m.unit = ExecUnit::Vector;
      choices.push_back(m);
    }
  }

  std::optional<LayerChoice> best;
  LayerPlan plan;
  std::vector<std::pair<int64_t, StepSet>> stepSets;
  int64_t smallestNeed = -1;
  bool overflowed = false; // some candidate's cost did not fit int64
  for (const LayerMapping &m : choices) {
    llvm::Expected<Planner> planner = Planner::create(layer, hw, m);
    if (!planner) {
      lastError = llvm::toString(planner.takeError());
      continue;
    }
    // Step sets depend only on the layer's rows: build them once.
    if (stepSets.empty()) {
      for (int64_t rps : rowsPerStepCandidates(planner->rowSpace().rows))
        stepSets.push_back({rps, stepKinds(planner->rowSpace(), rps)});
    }
    // Programming does not depend on the step size, and every step size
    // runs all vectors through the busiest array: a step size whose hops
    // plus those exceed the best cost cannot win. Taller steps come first,
    // so the bound only grows and the loop stops.
    // The bounds are overflow-checked: an overflowed bound is larger than
    // any cost, so it prunes (its plan's cost would overflow as well).
    int64_t programCycles = -1;
    CheckedInt computeBound = planner->computeLowerBound();
    int64_t rounds = planner->mapping().rounds;
    if (best && computeBound + CheckedInt(rounds) * hw.stepOverheadCycles >
                    CheckedInt(best->cost.cycles))
      continue;
    auto consider = [&]() {
      LayerChoice candidate{plan.mapping, costOfPlan(plan, hw)};
      if (candidate.cost.overflowed) {
        overflowed = true;
        return;
      }
      // Ping-pong hides programming behind the steps, so it shrinks as
      // steps grow: only the plain programming bounds every step size.
      programCycles = hw.pingPongProgramming ? 0 : candidate.cost.program;
      if (!best || better(candidate, *best)) {
        candidate.actions = countActions(plan, hw, candidate.cost.cycles);
        best = std::move(candidate);
      }
    };
    for (auto it = stepSets.rbegin(); it != stepSets.rend(); ++it) {
      int64_t rps = it->first;
      const StepSet &set = it->second;
      int64_t need = planner->lbNeed(set);
      if (smallestNeed < 0 || need < smallestNeed)
        smallestNeed = need;
      if (need > hw.lbBytes)
        continue;
      if (best && programCycles >= 0 &&
          CheckedInt(set.steps) * rounds * hw.stepOverheadCycles +
                  programCycles + computeBound >
              CheckedInt(best->cost.cycles))
        break;
      bool db = set.steps >= 2 && hw.doubleBuffering && 2 * need <= hw.lbBytes;
      planner->fillPlan(set, rps, db, need, plan);
      consider();
      if (!db)
        continue;
      // The serial variant of the same steps: drop fill and drain.
      plan.mapping.doubleBuffered = false;
      plan.cases.erase(std::remove_if(plan.cases.begin(), plan.cases.end(),
                                      [](const PlanCase &c) {
                                        return c.kind == CaseKind::Fill ||
                                               c.kind == CaseKind::Drain;
                                      }),
                       plan.cases.end());
      consider();
    }
  }
  if (!best) {
    if (overflowed) {
      CostBreakdown bad;
      bad.overflowed = true;
      return checkCost(bad, "layer '" + layer.name + "'");
    }
    if (smallestNeed > hw.lbBytes)
      return cim::makeError(
          "layer '" + layer.name +
          "': no mapping fits: the smallest step "
          "needs " +
          std::to_string(smallestNeed) +
          " local-buffer bytes per core, memory.lb_bytes is " +
          std::to_string(hw.lbBytes));
    if (!lastError.empty())
      return cim::makeError(lastError);
    return cim::makeError("layer '" + layer.name +
                          "': no mapping: no arrays available and "
                          "the layer cannot run on the vector units");
  }
  return *best;
}

llvm::Expected<LayerChoice> cim::mapLayer(const Layer &layer,
                                          const HardwareConfig &hw,
                                          const LayerContext &ctx,
                                          LayerCostCache *cache) {
  // Searches usually repeat one configuration: validate it once per thread.
  thread_local std::optional<HardwareConfig> lastValid;
  if (!lastValid || *lastValid != hw) {
    if (llvm::Error e = hw.validate())
      return std::move(e);
    lastValid = hw;
  }
  return detail::mapLayerUnchecked(layer, hw, ctx, cache);
}
