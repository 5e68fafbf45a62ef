//===- WorkloadIR.h - linalg-on-tensors <-> cim::Workload ----*- C++ -*-===//
//
// The workload IR is upstream MLIR: one func.func per network over static
// ranked tensors, linalg named ops for the GEMM-like layers, tagged
// linalg.generic / named ops for vector work, tensor ops for data movement
// (docs/workload-ir.md states the contract). This header converts between it
// and the plain-C++ layer list the cost model maps (cim/CostModel/Workload.h).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_WORKLOADIR_WORKLOADIR_H
#define CIM_WORKLOADIR_WORKLOADIR_H

#include "cim/CostModel/Workload.h"
#include "cim/Dialect/Cim/IR/CimDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cim {

/// Discardable attribute naming the cim::VectorOp kind of a linalg op, as
/// declared by the cim dialect. Read and write it with cim::getVectorOpTag
/// and cim::setVectorOpTag (cim/Dialect/Cim/IR/CimAttrs.h).
inline constexpr llvm::StringLiteral kVectorOpAttrName =
    CimDialect::VectorOpAttrHelper::getNameStr();

/// Loads the dialects of cim::registerAllDialects (cim/InitAllDialects.h)
/// into `context`: the workload IR's and the cim dialect.
void loadWorkloadDialects(mlir::MLIRContext &context);

struct ExtractedWorkload {
  Workload workload;
  /// The op that is each layer (GEMM op, or the first op of a vector layer);
  /// same index as workload.layers.
  std::vector<mlir::Operation *> anchors;
  /// Per layer, the ops folded into it after the anchor: fused element-wise
  /// ops and the further ops of a multi-op vector kind (e.g. layer_norm).
  std::vector<llvm::SmallVector<mlir::Operation *>> fused;
  /// The vector kind of each op in `fused` (tagged or classified).
  std::vector<llvm::SmallVector<VectorOp>> fusedKinds;
};

/// Builds the layer list of `func`. Emits an error at the offending op and
/// fails on any op outside the workload IR form.
mlir::FailureOr<ExtractedWorkload> extractWorkload(mlir::func::FuncOp func);

struct EmitOptions {
  /// Name of the emitted func.func; empty: the workload's name, or
  /// "workload" when that is empty too.
  std::string functionName;
  /// True: weights are blob-less `dense_resource` handles (shapes only).
  /// False: deterministic pseudo-random `dense` weights from `weightSeed`.
  bool elideWeights = true;
  uint64_t weightSeed = 1;
};

/// Emits `workload` as a module holding one func.func in the workload IR form.
/// Loads the workload dialects into `context`. On a layer that cannot be
/// emitted, reports an error through the context's diagnostics and returns a
/// null module.
mlir::OwningOpRef<mlir::ModuleOp>
emitWorkloadModule(const Workload &workload, mlir::MLIRContext &context,
                   const EmitOptions &options = {});

} // namespace cim

#endif // CIM_WORKLOADIR_WORKLOADIR_H
