//===- CimOps.td - cim dialect operations -------------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMOPS_TD
#define CIM_DIALECT_CIM_IR_CIMOPS_TD

include "cim/Dialect/Cim/IR/CimDialect.td"
include "cim/Dialect/Cim/IR/CimAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

#endif // CIM_DIALECT_CIM_IR_CIMOPS_TD
