//===- Runner.h - Lower a module to LLVM and execute it ---------*- C++ -*-===//
//
// Compiles one function of a workload module (imported, or compiled with
// cim-compile and tile-materialized) through upstream MLIR lowering (one-shot
// bufferization, linalg to loops, scf/affine to cf, everything to the LLVM
// dialect) and executes it with mlir::ExecutionEngine on host tensors.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_RUN_RUNNER_H
#define CIM_RUN_RUNNER_H

#include "cim/Run/TensorIO.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class DialectRegistry;
class ExecutionEngine;
} // namespace mlir

namespace cim {

/// Registers cim::registerAllDialects (so workload and mapped modules parse)
/// plus what lowering to LLVM needs: the affine, cf and LLVM dialects,
/// bufferization models and LLVM IR translations.
void registerLoweringDialects(mlir::DialectRegistry &registry);

/// Replaces every `cim.layer` by the ops of its payload (the yielded values
/// replace the layer's results) and drops `cim.*` attributes, so upstream
/// lowering applies. Fails on a payload that does not end in `cim.yield`.
mlir::LogicalResult inlineCimLayers(mlir::ModuleOp module);

struct TensorSignature {
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  std::string describe() const;
};

struct NamedTensor {
  /// How errors name it, e.g. "input 'x' (#0) from 'in.pb'".
  std::string label;
  const HostTensor *tensor = nullptr;
};

class Executable {
public:
  ~Executable();
  /// Lowers `funcName` of `module` (empty: the only public function) and
  /// JIT-compiles it. The module is rewritten in place.
  static llvm::Expected<std::unique_ptr<Executable>>
  compile(mlir::ModuleOp module, llvm::StringRef funcName);

  llvm::ArrayRef<TensorSignature> inputs() const { return inputSigs; }
  llvm::ArrayRef<TensorSignature> outputs() const { return outputSigs; }
  llvm::StringRef name() const { return funcName; }

  /// Runs once. Each input must match its signature exactly (same shape;
  /// same element kind and width, integer signedness aside).
  llvm::Expected<std::vector<HostTensor>>
  run(llvm::ArrayRef<NamedTensor> inputs);

private:
  Executable() = default;
  std::string funcName;
  llvm::SmallVector<TensorSignature> inputSigs, outputSigs;
  std::unique_ptr<mlir::ExecutionEngine> engine;
};

/// Dtype of a tensor element type (signless integers read as signed).
llvm::Expected<DType> dtypeOfElementType(mlir::Type type);

} // namespace cim

#endif // CIM_RUN_RUNNER_H
