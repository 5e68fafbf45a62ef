//===- cim-sim.cpp - Cycle simulator for lowered cim modules --------------===//
//
// Usage: cim-sim lowered.mlir [--json] [-o FILE]
// Interprets the cim schedule ops of a module lowered by
// `cim-opt --cim-compile` and prints total and per-layer cycles, the term
// that bounded each layer, the breakdown and utilization.
//
//===----------------------------------------------------------------------===//

#include "cim/InitAllDialects.h"
#include "cim/Report/Report.h"
#include "cim/Sim/Simulator.h"
#include "cim/Support/Resources.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

static llvm::cl::OptionCategory category("cim-sim options");

static llvm::cl::opt<std::string> inputFile(llvm::cl::Positional,
                                            llvm::cl::desc("<lowered.mlir>"),
                                            llvm::cl::init("-"),
                                            llvm::cl::cat(category));
static llvm::cl::opt<std::string> outputFile("o", llvm::cl::desc("Output file"),
                                             llvm::cl::value_desc("filename"),
                                             llvm::cl::init("-"),
                                             llvm::cl::cat(category));
static llvm::cl::opt<bool> json("json",
                                llvm::cl::desc("Print the report as JSON"),
                                llvm::cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << cim::versionString() << "\n"; });
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "cim-sim: cycles of a lowered cim module\n");

  DialectRegistry registry;
  cim::registerAllDialects(registry);
  MLIRContext context(registry);
  context.disableMultithreading();

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << "cim-sim: " << error << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  FailureOr<std::vector<cim::NetworkReport>> reports =
      cim::simulateModule(*module);
  if (failed(reports))
    return 1;

  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "cim-sim: " << error << "\n";
    return 1;
  }
  if (json)
    output->os() << llvm::formatv("{0:2}", cim::reportToJson(*reports)) << "\n";
  else
    cim::printReportText(output->os(), *reports);
  output->keep();
  return 0;
}
