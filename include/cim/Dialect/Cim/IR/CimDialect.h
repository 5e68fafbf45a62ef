//===- CimDialect.h - The cim dialect ---------------------------*- C++ -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMDIALECT_H
#define CIM_DIALECT_CIM_IR_CIMDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"

// The dialect's discardable-attribute helpers name these attribute classes.
#include "cim/Dialect/Cim/IR/CimAttrs.h"

#include "cim/Dialect/Cim/IR/CimOpsDialect.h.inc"

#endif // CIM_DIALECT_CIM_IR_CIMDIALECT_H
