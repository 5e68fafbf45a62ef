//===- CimAttrs.h - cim dialect attributes ----------------------*- C++ -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMATTRS_H
#define CIM_DIALECT_CIM_IR_CIMATTRS_H

#include "cim/CostModel/LayerPlan.h"
#include "cim/Hardware/HardwareConfig.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"

namespace cim {
llvm::hash_code hash_value(const LayerMapping &mapping);
} // namespace cim

#define GET_ATTRDEF_CLASSES
#include "cim/Dialect/Cim/IR/CimAttrs.h.inc"

namespace cim {
/// The hardware attached to `module` (attribute `cim.hardware`), or null.
HardwareAttr getModuleHardware(mlir::ModuleOp module);
} // namespace cim

#endif // CIM_DIALECT_CIM_IR_CIMATTRS_H
