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
#include "cim/Support/Resources.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
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

  if (analytic && !traceFile.empty()) {
    llvm::errs() << "cim-sim: --trace records the event-driven run; it "
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
  if (!traceFile.empty()) {
    cim::HardwareConfig hw = cim::getModuleHardware(*module).getConfig();
    // Written to a temporary file and renamed: never a half-written trace.
    if (llvm::Error err =
            llvm::writeToOutput(traceFile, [&](llvm::raw_ostream &os) {
              cim::evsim::writeChromeTrace(os, trace, hw);
              return llvm::Error::success();
            })) {
      llvm::errs() << "cim-sim: cannot write the trace '" << traceFile
                   << "': " << llvm::toString(std::move(err)) << "\n";
      return 1;
    }
  }

  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "cim-sim: " << error << "\n";
    return 1;
  }
  if (analytic && json)
    output->os() << llvm::formatv("{0:2}", cim::reportToJson(*reports)) << "\n";
  else if (analytic)
    cim::printReportText(output->os(), *reports);
  else if (json)
    output->os() << llvm::formatv("{0:2}",
                                  cim::eventReportToJson(*events, *reports))
                 << "\n";
  else
    cim::printEventReportText(output->os(), *events, *reports);
  output->keep();
  return 0;
}
