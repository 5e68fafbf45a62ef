//===- cim-sim.cpp - Cycle simulator for lowered cim modules --------------===//
//
// Usage: cim-sim lowered.mlir [--json] [--analytic] [--trace FILE] [-o FILE]
// Executes the cim schedule ops of a module lowered by `cim-opt
// --cim-compile` on the event-driven engine (lib/EventSim) and prints its
// cycles next to the analytical model's, per layer with the critical
// resource, stalls by cause and utilization. --analytic prints the
// analytical report alone (total and per-layer cycles, the bounding term,
// the breakdown and utilization).
//
//===----------------------------------------------------------------------===//

#include "cim/EventSim/EventSim.h"
#include "cim/InitAllDialects.h"
#include "cim/Report/Report.h"
#include "cim/Sim/EventReport.h"
#include "cim/Sim/Simulator.h"
#include "cim/Support/FileChecks.h"
#include "cim/Support/Resources.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

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
static llvm::cl::opt<bool>
    analytic("analytic",
             llvm::cl::desc("Print the analytical model's report alone "
                            "(the event-driven engine does not run)"),
             llvm::cl::cat(category));
static llvm::cl::opt<std::string> traceFile(
    "trace",
    llvm::cl::desc("Write the event-driven run as Chrome Trace Event JSON "
                   "(one track per resource; open it in Perfetto)"),
    llvm::cl::value_desc("filename"), llvm::cl::cat(category));

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
  // Errors are the diagnostic alone, without the failing op in generic
  // form after it (MLIR's default; docs/reliability.md).
  context.printOpOnDiagnostic(false);

  // Special files (/dev/zero, FIFOs) and oversized inputs are rejected
  // before a byte is read; "-" is stdin.
  std::unique_ptr<llvm::MemoryBuffer> input;
  if (inputFile == "-") {
    std::string error;
    input = openInputFile(inputFile, &error);
    if (!input) {
      llvm::errs() << "cim-sim: error: " << error << "\n";
      return 1;
    }
  } else {
    auto file =
        cim::readRegularFile(inputFile, cim::kMaxIrFileBytes, "input IR");
    if (!file) {
      llvm::errs() << "cim-sim: error: " << llvm::toString(file.takeError())
                   << "\n";
      return 1;
    }
    input = std::move(*file);
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

  if (analytic && !traceFile.empty()) {
    llvm::errs() << "cim-sim: error: --trace records the event-driven run; it "
                    "cannot be combined with --analytic\n";
    return 1;
  }
  cim::evsim::Trace trace;
  FailureOr<std::vector<cim::evsim::NetworkTiming>> events;
  if (!analytic) {
    events = cim::evsim::simulateEvents(*module,
                                        traceFile.empty() ? nullptr : &trace);
    if (failed(events))
      return 1;
  }
  // Both outputs are written to a temporary file and renamed: never a
  // half-written file, and an unwritable target is an error.
  if (!traceFile.empty()) {
    cim::HardwareConfig hw = cim::getModuleHardware(*module).getConfig();
    std::string text;
    llvm::raw_string_ostream os(text);
    cim::evsim::writeChromeTrace(os, trace, hw);
    if (llvm::Error err = cim::writeFileAtomically(traceFile, text)) {
      llvm::errs() << "cim-sim: error: cannot write the trace: "
                   << llvm::toString(std::move(err)) << "\n";
      return 1;
    }
  }

  std::string report;
  llvm::raw_string_ostream os(report);
  if (analytic && json)
    os << llvm::formatv("{0:2}", cim::reportToJson(*reports)) << "\n";
  else if (analytic)
    cim::printReportText(os, *reports);
  else if (json)
    os << llvm::formatv("{0:2}", cim::eventReportToJson(*events, *reports))
       << "\n";
  else
    cim::printEventReportText(os, *events, *reports);
  if (llvm::Error err = cim::writeFileAtomically(outputFile, report)) {
    llvm::errs() << "cim-sim: error: " << llvm::toString(std::move(err))
                 << "\n";
    return 1;
  }
  return 0;
}
