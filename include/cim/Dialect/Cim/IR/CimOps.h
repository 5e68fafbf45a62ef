//===- CimOps.h - cim dialect operations ------------------------*- C++ -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMOPS_H
#define CIM_DIALECT_CIM_IR_CIMOPS_H

#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Dialect/Cim/IR/CimDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "cim/Dialect/Cim/IR/CimOps.h.inc"

#endif // CIM_DIALECT_CIM_IR_CIMOPS_H
