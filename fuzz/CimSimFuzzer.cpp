//===- CimSimFuzzer.cpp - Fuzz the cim parser, verifier and simulators ----===//
//
// Text -> MLIR parser with the cim dialect and its verifiers -> the
// analytical model (cim::simulateModule) and the event-driven engine
// (cim::evsim::simulateEvents), the library path of cim-sim. Every number
// must be non-negative: a negative cycle count is a wrong number.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "cim/EventSim/EventSim.h"
#include "cim/InitAllDialects.h"
#include "cim/Report/Report.h"
#include "cim/Sim/Simulator.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static cim::fuzz::ReusedContext context(cim::registerAllDialects);
  mlir::ParserConfig config(&context.get());
  // parseSourceString verifies the module, as cim-sim's parseSourceFile does.
  // MLIR's lexer reads up to a NUL terminator (the file buffers cim-sim
  // parses have one); libFuzzer's input has none, so copy it into a string.
  const std::string source(cim::fuzz::asText(data, size));
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, config, "fuzz.mlir");
  if (!module)
    return 0;
  mlir::FailureOr<std::vector<cim::NetworkReport>> reports =
      cim::simulateModule(*module);
  if (mlir::failed(reports))
    return 0;
  for (const cim::NetworkReport &network : *reports)
    for (const cim::LayerReport &layer : network.layers)
      if (layer.cost.cycles < 0 || layer.cost.modelLoadCycles < 0 ||
          layer.cost.stalls < 0)
        cim::fuzz::propertyFailed("the analytical model gave negative cycles");
  // The text report formats every number (as cim-sim --analytic prints it).
  std::string text;
  llvm::raw_string_ostream os(text);
  cim::printReportText(os, *reports);
  mlir::FailureOr<std::vector<cim::evsim::NetworkTiming>> events =
      cim::evsim::simulateEvents(*module);
  if (mlir::failed(events))
    return 0;
  for (const cim::evsim::NetworkTiming &network : *events)
    if (network.cycles < 0)
      cim::fuzz::propertyFailed("the event-driven engine gave negative cycles");
  return 0;
}
