//===- CimOps.cpp - cim dialect operations --------------------------------===//

#include "cim/Dialect/Cim/IR/CimOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace cim;

#define GET_OP_CLASSES
#include "cim/Dialect/Cim/IR/CimOps.cpp.inc"
