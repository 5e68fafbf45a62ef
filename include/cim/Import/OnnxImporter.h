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

/// Import limits (docs/reliability.md lists them with their reasons). Window
/// attributes are checked before ONNX shape inference runs, tensor sizes
/// before anything is allocated for them; an error names the node.
/// Kernel, stride and dilation entries of Conv and the pools: 1..1024.
constexpr int64_t kMaxWindowAttr = 1024;
/// Pads entries: 0..1024 (pools also need a pad smaller than the window).
constexpr int64_t kMaxPadAttr = 1024;
/// Any dimension of any tensor (graph inputs, results, constants).
constexpr int64_t kMaxDimSize = int64_t(1) << 20;
/// Elements of any tensor.
constexpr int64_t kMaxTensorElements = int64_t(1) << 32;
/// Elements of a tensor computed at import time (folded shape sub-graphs).
constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

struct OnnxImportOptions {
  /// Emit weights as dense_resource handles without blobs (shapes only).
  bool elideWeights = false;
  /// Name of the generated function; empty = sanitized graph name or "main".
  std::string funcName;
  /// Static shapes for graph inputs, overriding (or completing) the model's.
  std::vector<std::pair<std::string, llvm::SmallVector<int64_t, 4>>>
      inputShapes;
};

/// Why an import failed. Its message (llvm::toString) is "<buffer>: <what>".
/// For a model in the ONNX text syntax, line and column (1-based) say where:
/// the parser's position for a syntax error, the model's first token for
/// everything else. Binary models have no position (line 0).
class OnnxImportError : public llvm::ErrorInfo<OnnxImportError> {
public:
  static char ID;
  OnnxImportError(std::string bufferName, std::string what, unsigned line = 0,
                  unsigned column = 0)
      : bufferName(std::move(bufferName)), what(std::move(what)), line(line),
        column(column) {}

  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;

  llvm::StringRef getBufferName() const { return bufferName; }
  llvm::StringRef getWhat() const { return what; }
  unsigned getLine() const { return line; }
  unsigned getColumn() const { return column; }

private:
  std::string bufferName, what;
  unsigned line, column;
};

/// Parses "name=1x3x224x224" (the --input-shape syntax).
llvm::Expected<std::pair<std::string, llvm::SmallVector<int64_t, 4>>>
parseInputShapeSpec(llvm::StringRef spec);

/// Registers the dialects the imported IR uses: cim::registerAllDialects
/// (cim/InitAllDialects.h), the one list every tool shares.
void registerOnnxImportDialects(mlir::DialectRegistry &registry);

/// True when `bytes` hold a model in the ONNX text syntax
/// (onnx/defs/parser.h) rather than a binary ModelProto: its first character
/// after blanks and '#' comments is the '<' of the model header.
bool isOnnxTextModel(llvm::StringRef bytes);

/// Imports a model: a serialized ModelProto or the ONNX text syntax.
/// `bufferName` names the source in errors (OnnxImportError). Weight blobs
/// share the parsed model's storage (no copy); `bytes` may be released once
/// this returns.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importOnnxModel(llvm::StringRef bytes, llvm::StringRef bufferName,
                mlir::MLIRContext &context, const OnnxImportOptions &options);

/// Reads the file at `path` and imports it (importOnnxModel).
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importOnnxFile(llvm::StringRef path, mlir::MLIRContext &context,
               const OnnxImportOptions &options);

/// The names of a model's graph inputs (initializers excluded) and outputs,
/// in order: the imported function's arguments and results.
struct OnnxGraphSignature {
  std::vector<std::string> inputs, outputs;
};

/// Reads the model at `path` (binary or text) and returns its signature.
llvm::Expected<OnnxGraphSignature> readOnnxGraphSignature(llvm::StringRef path);

} // namespace cim

#endif // CIM_IMPORT_ONNXIMPORTER_H
