//===- Passes.h - cim dialect passes ----------------------------*- C++ -*-===//

#ifndef CIM_DIALECT_CIM_TRANSFORMS_PASSES_H
#define CIM_DIALECT_CIM_TRANSFORMS_PASSES_H

#include "cim/Dialect/Cim/IR/CimDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace cim {

#define GEN_PASS_DECL
#include "cim/Dialect/Cim/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "cim/Dialect/Cim/Transforms/Passes.h.inc"

} // namespace cim

#endif // CIM_DIALECT_CIM_TRANSFORMS_PASSES_H
