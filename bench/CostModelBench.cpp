//===- CostModelBench.cpp - Cost-model throughput -------------------------===//
//
// Layer evaluations per second (cache off), whole-network mapping time for
// ResNet-50 and MobileNetV3-Large, and for random sub-networks of each search
// space, on configs/hw/default.json. Results are recorded in
// docs/performance.md.
//
//===----------------------------------------------------------------------===//

#include "Networks.h"

#include "cim/CostModel/CostModel.h"
#include "cim/Hardware/HardwareJson.h"
#include "cim/Supernet/SearchSpace.h"
#include "cim/Support/Resources.h"

#include "benchmark/benchmark.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

using namespace cim;

namespace {

const HardwareConfig &defaultConfig() {
  static HardwareConfig config = [] {
    llvm::Expected<std::string> path = findResource("configs/hw/default.json");
    llvm::Expected<HardwareConfig> c =
        path ? loadHardwareConfig(*path) : path.takeError();
    if (!c) {
      llvm::errs() << llvm::toString(c.takeError()) << "\n";
      std::exit(1);
    }
    return *c;
  }();
  return config;
}

/// The distinct GEMM and vector layers of both networks.
std::vector<Layer> distinctLayers() {
  std::vector<Layer> out;
  for (const Workload &w : {bench::resnet50(), bench::mobilenetV3Large()})
    for (const Layer &l : w.layers) {
      bool seen = false;
      for (const Layer &o : out)
        seen = seen || sameSignature(o, l);
      if (!seen)
        out.push_back(l);
    }
  return out;
}

LayerContext streamedContext(const HardwareConfig &hw) {
  LayerContext ctx;
  ctx.arraysAvailable = hw.totalArrays();
  ctx.inputInGb = ctx.outputInGb = true;
  return ctx;
}

// One full mapping search (every unit, replication, round size, step size
// and double-buffering choice) per iteration, no cache.
void BM_MapLayer(benchmark::State &state) {
  const HardwareConfig &hw = defaultConfig();
  std::vector<Layer> layers = distinctLayers();
  LayerContext ctx = streamedContext(hw);
  size_t next = 0;
  int64_t cycles = 0;
  for (auto _ : state) {
    llvm::Expected<LayerChoice> c =
        mapLayer(layers[next], hw, ctx, /*cache=*/nullptr);
    if (!c) {
      state.SkipWithError(llvm::toString(c.takeError()).c_str());
      return;
    }
    cycles += c->cost.cycles;
    next = (next + 1) % layers.size();
  }
  benchmark::DoNotOptimize(cycles);
  state.SetItemsProcessed(state.iterations());
  state.counters["distinct_layers"] = static_cast<double>(layers.size());
}
BENCHMARK(BM_MapLayer);

// planLayer + costOfPlan of a fixed mapping (the simulator's re-costing).
void BM_PlanAndCost(benchmark::State &state) {
  const HardwareConfig &hw = defaultConfig();
  std::vector<Layer> layers = distinctLayers();
  LayerContext ctx = streamedContext(hw);
  std::vector<LayerMapping> mappings;
  for (const Layer &l : layers) {
    llvm::Expected<LayerChoice> c = mapLayer(l, hw, ctx);
    if (!c) {
      state.SkipWithError(llvm::toString(c.takeError()).c_str());
      return;
    }
    mappings.push_back(c->mapping);
  }
  size_t next = 0;
  int64_t cycles = 0;
  for (auto _ : state) {
    llvm::Expected<LayerPlan> plan =
        planLayer(layers[next], hw, mappings[next]);
    if (!plan) {
      state.SkipWithError(llvm::toString(plan.takeError()).c_str());
      return;
    }
    cycles += costOfPlan(*plan, hw).cycles;
    next = (next + 1) % layers.size();
  }
  benchmark::DoNotOptimize(cycles);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlanAndCost);

void mapWholeNetwork(benchmark::State &state, const Workload &net) {
  const HardwareConfig &hw = defaultConfig();
  int64_t cycles = 0, modelLoad = 0, resident = 0;
  for (auto _ : state) {
    llvm::Expected<NetworkResult> r = mapNetwork(net, hw); // cache off
    if (!r) {
      state.SkipWithError(llvm::toString(r.takeError()).c_str());
      return;
    }
    cycles = r->cycles;
    modelLoad = r->modelLoadCycles;
    resident = r->residentArrays;
  }
  state.counters["layers"] = static_cast<double>(net.layers.size());
  state.counters["cycles"] = static_cast<double>(cycles);
  state.counters["model_load"] = static_cast<double>(modelLoad);
  state.counters["resident_arrays"] = static_cast<double>(resident);
}

void BM_MapNetworkResNet50(benchmark::State &state) {
  mapWholeNetwork(state, bench::resnet50());
}
BENCHMARK(BM_MapNetworkResNet50)->Unit(benchmark::kMillisecond);

void BM_MapNetworkMobileNetV3Large(benchmark::State &state) {
  mapWholeNetwork(state, bench::mobilenetV3Large());
}
BENCHMARK(BM_MapNetworkMobileNetV3Large)->Unit(benchmark::kMillisecond);

double threadCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// mapNetwork (cache off) of 20 uniformly random sub-networks of a search
// space (seed 1), one pass over all 20 per iteration. Counters: the mean and
// worst CPU milliseconds of one network over the run, the fewest and most
// layers among the 20.
void mapSubnetworks(benchmark::State &state, const char *spaceName) {
  const HardwareConfig &hw = defaultConfig();
  llvm::Expected<std::unique_ptr<SearchSpace>> space =
      createSearchSpace(spaceName);
  if (!space) {
    state.SkipWithError(llvm::toString(space.takeError()).c_str());
    return;
  }
  evo::Rng rng(1);
  std::vector<Workload> nets;
  size_t fewest = SIZE_MAX, most = 0;
  for (int i = 0; i < 20; ++i) {
    nets.push_back((*space)->decode((*space)->sample(rng)).workload);
    fewest = std::min(fewest, nets.back().layers.size());
    most = std::max(most, nets.back().layers.size());
  }
  double total = 0, worst = 0;
  int64_t mapped = 0, cycles = 0;
  for (auto _ : state) {
    for (const Workload &net : nets) {
      double start = threadCpuSeconds();
      llvm::Expected<NetworkResult> r = mapNetwork(net, hw); // cache off
      double seconds = threadCpuSeconds() - start;
      if (!r) {
        state.SkipWithError(llvm::toString(r.takeError()).c_str());
        return;
      }
      cycles += r->cycles;
      total += seconds;
      worst = std::max(worst, seconds);
      ++mapped;
    }
  }
  benchmark::DoNotOptimize(cycles);
  state.counters["mean_ms"] = 1e3 * total / static_cast<double>(mapped);
  state.counters["worst_ms"] = 1e3 * worst;
  state.counters["layers_min"] = static_cast<double>(fewest);
  state.counters["layers_max"] = static_cast<double>(most);
}

void BM_MapSubnetworksOfaMbv3(benchmark::State &state) {
  mapSubnetworks(state, "ofa_mbv3");
}
BENCHMARK(BM_MapSubnetworksOfaMbv3)->Unit(benchmark::kMillisecond);
void BM_MapSubnetworksOfaMbv3R(benchmark::State &state) {
  mapSubnetworks(state, "ofa_mbv3_r");
}
BENCHMARK(BM_MapSubnetworksOfaMbv3R)->Unit(benchmark::kMillisecond);
void BM_MapSubnetworksOfaResNet50(benchmark::State &state) {
  mapSubnetworks(state, "ofa_resnet50");
}
BENCHMARK(BM_MapSubnetworksOfaResNet50)->Unit(benchmark::kMillisecond);
void BM_MapSubnetworksVitB16(benchmark::State &state) {
  mapSubnetworks(state, "vit_b16");
}
BENCHMARK(BM_MapSubnetworksVitB16)->Unit(benchmark::kMillisecond);

} // namespace

// SearchSpace::decode (genome -> sub-network workload) of 2000 random
// OFA-MobileNetV3 genomes (seed 1), one pass per iteration; the counter is
// the CPU microseconds of one decode (target: under 100 us, so that decoding
// never matters next to mapping, docs/performance.md).
void BM_DecodeOfaMbv3(benchmark::State &state) {
  llvm::Expected<std::unique_ptr<SearchSpace>> space =
      createSearchSpace("ofa_mbv3");
  if (!space) {
    state.SkipWithError(llvm::toString(space.takeError()).c_str());
    return;
  }
  evo::Rng rng(1);
  std::vector<std::vector<int>> genomes;
  for (int i = 0; i < 2000; ++i)
    genomes.push_back((*space)->sample(rng));
  double seconds = 0;
  int64_t decoded = 0, macs = 0;
  for (auto _ : state) {
    double start = threadCpuSeconds();
    for (const std::vector<int> &genome : genomes)
      macs += (*space)->decode(genome).macs;
    seconds += threadCpuSeconds() - start;
    decoded += static_cast<int64_t>(genomes.size());
  }
  benchmark::DoNotOptimize(macs);
  state.counters["us_per_genome"] =
      1e6 * seconds / static_cast<double>(decoded);
}
BENCHMARK(BM_DecodeOfaMbv3)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
