//===- Passes.h - Workload IR passes -------------------------*- C++ -*-===//
//
// Pass declarations for the workload IR. Tools call
// cim::registerCimWorkloadPasses() to make them available by name.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_WORKLOADIR_PASSES_H
#define CIM_WORKLOADIR_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>

namespace cim {

#define GEN_PASS_DECL
#include "cim/WorkloadIR/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "cim/WorkloadIR/Passes.h.inc"

} // namespace cim

#endif // CIM_WORKLOADIR_PASSES_H
