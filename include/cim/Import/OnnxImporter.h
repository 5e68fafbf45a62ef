//===- OnnxImporter.h - ONNX model -> workload IR (linalg on tensors) -----===//
//
// Imports an ONNX ModelProto into one func.func of upstream linalg/tensor/
// arith ops on static-shape tensors: the workload IR form described in
// docs/importer.md. Shapes come from ONNX's own shape inference; shape
// sub-graphs on constants are folded at import time.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_IMPORT_ONNXIMPORTER_H
#define CIM_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace mlir {
class DialectRegistry;
class MLIRContext;
} // namespace mlir

namespace cim {

/// Oldest and newest default-domain opset the importer accepts.
constexpr int64_t kMinOnnxOpset = 7;
constexpr int64_t kMaxOnnxOpset = 17;

struct OnnxImportOptions {
  /// Emit weights as dense_resource handles without blobs (shapes only).
  bool elideWeights = false;
  /// Name of the generated function; empty = sanitized graph name or "main".
  std::string funcName;
  /// Static shapes for graph inputs, overriding (or completing) the model's.
  std::vector<std::pair<std::string, llvm::SmallVector<int64_t, 4>>>
      inputShapes;
};

/// Parses "name=1x3x224x224" (the --input-shape syntax).
llvm::Expected<std::pair<std::string, llvm::SmallVector<int64_t, 4>>>
parseInputShapeSpec(llvm::StringRef spec);

/// Registers the dialects the imported IR uses.
void registerOnnxImportDialects(mlir::DialectRegistry &registry);

/// Imports a serialized ONNX model. `bufferName` names the source in errors.
/// Weight blobs share the parsed model's storage (no copy); `bytes` may be
/// released once this returns.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importOnnxModel(llvm::StringRef bytes, llvm::StringRef bufferName,
                mlir::MLIRContext &context, const OnnxImportOptions &options);

} // namespace cim

#endif // CIM_IMPORT_ONNXIMPORTER_H
