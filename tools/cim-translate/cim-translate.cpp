//===- cim-translate.cpp - ONNX -> workload IR translator -----------------===//
//
// cim-translate --import-onnx model.onnx [-o out.mlir] [--elide-weights]
//               [--input-shape name=1x3x224x224]... [--func-name NAME]
//               [--verify-roundtrip] [--mlir-print-debuginfo]
//
//===----------------------------------------------------------------------===//

#include "cim/Import/OnnxImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory category("cim-translate options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<input .onnx file>"),
                                          cl::Required, cl::cat(category));
static cl::opt<bool> importOnnx("import-onnx",
                                cl::desc("Import an ONNX model (binary "
                                         "ModelProto) to workload IR"),
                                cl::cat(category));
static cl::opt<std::string> outputFilename("o", cl::desc("Output file"),
                                           cl::value_desc("filename"),
                                           cl::init("-"), cl::cat(category));
static cl::opt<bool>
    elideWeights("elide-weights",
                 cl::desc("Keep only weight shapes: dense_resource handles "
                          "without blobs"),
                 cl::cat(category));
static cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Static shape of a graph input, name=1x3x224x224 "
                         "(repeatable)"),
                cl::cat(category));
static cl::opt<std::string>
    funcName("func-name",
             cl::desc("Name of the generated function (default: the "
                      "sanitized graph name, or main)"),
             cl::cat(category));
static cl::opt<bool> verifyRoundtrip(
    "verify-roundtrip",
    cl::desc("Print the module, parse the text back and verify it"),
    cl::cat(category));

static cl::opt<bool>
    printDebugInfo("mlir-print-debuginfo",
                   cl::desc("Print locations (each op's ONNX node name)"),
                   cl::cat(category));

static int fail(const Twine &msg) {
  WithColor::error(errs(), "cim-translate") << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "cim-translate: ONNX -> cim workload IR\n");
  if (!importOnnx)
    return fail("choose a translation; the only one is --import-onnx");

  cim::OnnxImportOptions options;
  options.elideWeights = elideWeights;
  options.funcName = funcName;
  for (const std::string &spec : inputShapes) {
    auto parsed = cim::parseInputShapeSpec(spec);
    if (!parsed)
      return fail(toString(parsed.takeError()));
    options.inputShapes.push_back(*parsed);
  }

  auto buffer = MemoryBuffer::getFileOrSTDIN(inputFilename, /*IsText=*/false);
  if (std::error_code ec = buffer.getError())
    return fail("cannot open '" + inputFilename + "': " + ec.message());

  mlir::DialectRegistry registry;
  cim::registerOnnxImportDialects(registry);
  mlir::MLIRContext context(registry);
  context.disableMultithreading();

  StringRef name =
      inputFilename == "-" ? StringRef("<stdin>") : StringRef(inputFilename);
  auto module =
      cim::importOnnxModel((*buffer)->getBuffer(), name, context, options);
  if (!module)
    return fail(toString(module.takeError()));
  buffer->reset();

  if (verifyRoundtrip) {
    std::string text;
    raw_string_ostream os(text);
    (*module)->print(os);
    os.flush();
    mlir::ParserConfig config(&context);
    SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(MemoryBuffer::getMemBuffer(text, "roundtrip"),
                                 SMLoc());
    mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
    auto reparsed = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
    if (!reparsed || failed(mlir::verify(*reparsed)))
      return fail("the printed IR of '" + name +
                  "' does not parse back and verify");
  }

  std::string errorMessage;
  auto output = mlir::openOutputFile(outputFilename, &errorMessage);
  if (!output)
    return fail(errorMessage);
  mlir::OpPrintingFlags flags;
  if (printDebugInfo)
    flags.enableDebugInfo();
  (*module)->print(output->os(), flags);
  output->os() << "\n";
  output->keep();
  return 0;
}
