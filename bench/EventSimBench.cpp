//===- EventSimBench.cpp - Event-driven engine on whole networks ----------===//
//
// Times cim::evsim::simulateEvents on lowered ResNet-50, MobileNetV3-Large
// and ViT-B/16 (target: under 1 s each on one core, docs/performance.md).
// The lowered modules are read from $CIM_BENCH_LOWERED (a directory holding
// resnet50.low.mlir, mobilenet_v3_large.low.mlir and vit_b_16.low.mlir;
// bench/run_evsim.sh makes them); parsing is outside the timed loop.
//
//===----------------------------------------------------------------------===//

#include "cim/EventSim/EventSim.h"
#include "cim/InitAllDialects.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

static void simulateLowered(benchmark::State &state, const char *name) {
  const char *dir = std::getenv("CIM_BENCH_LOWERED");
  if (!dir) {
    state.SkipWithError("set CIM_BENCH_LOWERED (bench/run_evsim.sh does)");
    return;
  }
  mlir::DialectRegistry registry;
  cim::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.disableMultithreading();
  std::string path = std::string(dir) + "/" + name + ".low.mlir";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(path, &context);
  if (!module) {
    state.SkipWithError(("cannot parse " + path).c_str());
    return;
  }
  int64_t cycles = 0, layers = 0;
  for (auto _ : state) {
    auto result = cim::evsim::simulateEvents(*module);
    if (mlir::failed(result)) {
      state.SkipWithError("simulation failed");
      return;
    }
    cycles = result->front().cycles;
    layers = static_cast<int64_t>(result->front().layers.size());
    benchmark::DoNotOptimize(cycles);
  }
  state.counters["cycles"] = static_cast<double>(cycles);
  state.counters["layers"] = static_cast<double>(layers);
}

static void BM_EventSimResNet50(benchmark::State &state) {
  simulateLowered(state, "resnet50");
}
static void BM_EventSimMobileNetV3Large(benchmark::State &state) {
  simulateLowered(state, "mobilenet_v3_large");
}
static void BM_EventSimVitB16(benchmark::State &state) {
  simulateLowered(state, "vit_b_16");
}
BENCHMARK(BM_EventSimResNet50)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventSimMobileNetV3Large)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventSimVitB16)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
