//===- CimDialect.cpp - The cim dialect -----------------------------------===//

#include "cim/Dialect/Cim/IR/CimDialect.h"
#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Dialect/Cim/IR/CimOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace cim;

#include "cim/Dialect/Cim/IR/CimOpsDialect.cpp.inc"

void CimDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "cim/Dialect/Cim/IR/CimOps.cpp.inc"
      >();
}

LogicalResult CimDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == HardwareAttrHelper::getNameStr()) {
    if (!isa<ModuleOp>(op))
      return op->emitError()
             << "'" << name << "' may only be attached to a builtin.module";
    if (!isa<HardwareAttr>(attr.getValue()))
      return op->emitError()
             << "'" << name << "' must be a #cim.hardware attribute";
    return success();
  }
  // Cycle totals cim-map attaches to a function: never negative.
  if (name == CyclesAttrHelper::getNameStr() ||
      name == ModelLoadCyclesAttrHelper::getNameStr()) {
    auto cycles = dyn_cast<IntegerAttr>(attr.getValue());
    if (!cycles || cycles.getType().isInteger(1))
      return op->emitError() << "'" << name << "' must be an integer";
    if (cycles.getValue().isNegative())
      return op->emitError()
             << "'" << name << "' must be non-negative, found "
             << llvm::toString(cycles.getValue(), 10, /*Signed=*/true);
    return success();
  }
  if (name == MappingAttrHelper::getNameStr() &&
      !isa<MappingAttr>(attr.getValue()))
    return op->emitError() << "'" << name << "' must be a #cim.mapping";
  return success();
}
