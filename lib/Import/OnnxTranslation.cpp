//===- OnnxTranslation.cpp - The importer as an MLIR translation ----------===//
//
// `import-onnx`: the input buffer (a whole file, or one chunk of it under
// --split-input-file) is a binary ModelProto or a model in the ONNX text
// syntax. Errors become diagnostics located in the input: at a line and
// column of a text model (so --verify-diagnostics can match them), at line
// 0 (the file as a whole) for a binary one.
//
//===----------------------------------------------------------------------===//

#include "cim/Import/OnnxTranslation.h"

#include "cim/Import/OnnxImporter.h"
#include "cim/InitAllDialects.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
namespace cl = llvm::cl;

cl::OptionCategory &cim::getOnnxTranslationCategory() {
  static cl::OptionCategory category("cim-translate options");
  return category;
}

namespace {
/// The importer's options, registered with the translation.
struct ImportOptions {
  cl::opt<bool> elideWeights{
      "elide-weights",
      cl::desc("Keep only weight shapes: dense_resource handles without blobs"),
      cl::cat(cim::getOnnxTranslationCategory())};
  cl::list<std::string> inputShapes{
      "input-shape",
      cl::desc("Static shape of a graph input, name=1x3x224x224 (repeatable)"),
      cl::cat(cim::getOnnxTranslationCategory())};
  cl::opt<std::string> funcName{
      "func-name",
      cl::desc("Name of the generated function (default: the sanitized graph "
               "name, or main)"),
      cl::cat(cim::getOnnxTranslationCategory())};
  cl::opt<bool> verifyRoundtrip{
      "verify-roundtrip",
      cl::desc("Print the module, parse the text back and verify it"),
      cl::cat(cim::getOnnxTranslationCategory())};
};
} // namespace

static llvm::ManagedStatic<ImportOptions> importOptions;

/// The location of an error in the input `name`: a line and column of a text
/// model, or line 0 (the file as a whole).
static Location inputLoc(MLIRContext *context, llvm::StringRef name,
                         unsigned line = 0, unsigned column = 0) {
  return FileLineColLoc::get(context, name, line, column);
}

/// Reports a failure to translate the input `name` as a diagnostic.
static void emitImportError(llvm::Error err, MLIRContext *context,
                            llvm::StringRef name) {
  llvm::handleAllErrors(
      std::move(err),
      [&](const cim::OnnxImportError &e) {
        emitError(
            inputLoc(context, e.getBufferName(), e.getLine(), e.getColumn()))
            << e.getWhat();
      },
      [&](const llvm::ErrorInfoBase &e) {
        emitError(inputLoc(context, name)) << e.message();
      });
}

/// Prints `module`, parses the text back and verifies it.
static LogicalResult verifyRoundTrip(ModuleOp module, llvm::StringRef name) {
  MLIRContext *context = module.getContext();
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  os.flush();
  bool ok;
  {
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(text, "roundtrip"), llvm::SMLoc());
    SourceMgrDiagnosticHandler handler(sourceMgr, context);
    ParserConfig config(context);
    OwningOpRef<ModuleOp> reparsed =
        parseSourceFile<ModuleOp>(sourceMgr, config);
    ok = reparsed && succeeded(verify(*reparsed));
  }
  if (ok)
    return success();
  return emitError(inputLoc(context, name))
         << "the printed IR of '" << name << "' does not parse back and verify";
}

static OwningOpRef<Operation *> importTranslation(llvm::SourceMgr &sourceMgr,
                                                  MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef name = buffer->getBufferIdentifier();
  cim::OnnxImportOptions options;
  options.elideWeights = importOptions->elideWeights;
  options.funcName = importOptions->funcName;
  for (const std::string &spec : importOptions->inputShapes) {
    auto parsed = cim::parseInputShapeSpec(spec);
    if (!parsed) {
      emitImportError(parsed.takeError(), context, name);
      return nullptr;
    }
    options.inputShapes.push_back(*parsed);
  }
  auto module =
      cim::importOnnxModel(buffer->getBuffer(), name, *context, options);
  if (!module) {
    emitImportError(module.takeError(), context, name);
    return nullptr;
  }
  if (importOptions->verifyRoundtrip && failed(verifyRoundTrip(**module, name)))
    return nullptr;
  return OwningOpRef<Operation *>(module->release());
}

void cim::registerOnnxImportTranslation() {
  *importOptions;
  static TranslateToMLIRRegistration registration(
      "import-onnx",
      "Import an ONNX model (binary ModelProto or ONNX text syntax) to "
      "workload IR",
      importTranslation, registerAllDialects);
}
