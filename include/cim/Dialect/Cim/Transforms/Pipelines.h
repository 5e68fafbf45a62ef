//===- Pipelines.h - The cim-compile pipeline -------------------*- C++ -*-===//
//
// cim-compile as a library function, so every tool builds the same pipeline:
// cim-opt registers it by name (`--cim-compile="config=FILE ..."`), cim-run
// and the tests build it from CompileOptions.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIM_TRANSFORMS_PIPELINES_H
#define CIM_DIALECT_CIM_TRANSFORMS_PIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace cim {

/// Every choice of the cim-compile pipeline; the defaults are cim-opt's
/// `--cim-compile="config=FILE"`.
struct CompileOptions {
  /// Hardware configuration JSON file (docs/hardware.md), attached by
  /// cim-attach-hardware.
  std::string config;
  /// cim-map: the exhaustive residency allocator (networks of at most 6
  /// weight layers) instead of the greedy one.
  bool exhaustive = false;
  /// cim-map: let grouped and depthwise convolutions run on the vector units
  /// where that is cheaper; false maps them to the arrays.
  bool allowVectorUnit = true;
  /// After cim-lower, rewrite each array-mapped GEMM into its tile loops
  /// (cim-materialize-tiles), so executing the module checks the tiling.
  bool materializeTiles = false;
};

/// Appends cim-attach-hardware, cim-map, cim-lower and, when asked,
/// cim-materialize-tiles to `pm` (a pass manager on builtin.module).
void buildCompilePipeline(mlir::OpPassManager &pm,
                          const CompileOptions &options);

/// Registers `cim-compile` with one pipeline option per CompileOptions
/// field: config, exhaustive, allow-vector-unit, materialize-tiles.
void registerCimPipelines();

} // namespace cim

#endif // CIM_DIALECT_CIM_TRANSFORMS_PIPELINES_H
