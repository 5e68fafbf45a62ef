//===- Pipelines.cpp - The cim-compile pipeline
//----------------------------===//

#include "cim/Dialect/Cim/Transforms/Pipelines.h"
#include "cim/Dialect/Cim/Transforms/Passes.h"

#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void cim::buildCompilePipeline(OpPassManager &pm,
                               const CompileOptions &options) {
  CimAttachHardwareOptions attach;
  attach.config = options.config;
  pm.addPass(createCimAttachHardware(attach));
  CimMapOptions map;
  map.exhaustive = options.exhaustive;
  map.allowVectorUnit = options.allowVectorUnit;
  pm.addPass(createCimMap(map));
  pm.addPass(createCimLower());
  if (options.materializeTiles)
    pm.addPass(createCimMaterializeTiles());
}

namespace {
/// CompileOptions as textual pipeline options.
struct CompilePipelineOptions
    : public PassPipelineOptions<CompilePipelineOptions> {
  Option<std::string> config{
      *this, "config", llvm::cl::desc("Hardware configuration JSON file")};
  Option<bool> exhaustive{
      *this, "exhaustive",
      llvm::cl::desc("Exhaustive residency allocator (networks of at most 6 "
                     "weight layers) instead of the greedy one"),
      llvm::cl::init(false)};
  Option<bool> allowVectorUnit{
      *this, "allow-vector-unit",
      llvm::cl::desc("Let grouped and depthwise convolutions run on the "
                     "vector units when that is cheaper"),
      llvm::cl::init(true)};
  Option<bool> materializeTiles{
      *this, "materialize-tiles",
      llvm::cl::desc("Rewrite each array-mapped GEMM into its tile loops "
                     "(cim-materialize-tiles)"),
      llvm::cl::init(false)};

  cim::CompileOptions toCompileOptions() const {
    cim::CompileOptions options;
    options.config = config;
    options.exhaustive = exhaustive;
    options.allowVectorUnit = allowVectorUnit;
    options.materializeTiles = materializeTiles;
    return options;
  }
};
} // namespace

void cim::registerCimPipelines() {
  PassPipelineRegistration<CompilePipelineOptions>(
      "cim-compile",
      "Attach hardware, map every layer with the cost model, lower to cim "
      "schedule ops (and optionally materialize the tiles)",
      [](OpPassManager &pm, const CompilePipelineOptions &options) {
        buildCompilePipeline(pm, options.toCompileOptions());
      });
}
