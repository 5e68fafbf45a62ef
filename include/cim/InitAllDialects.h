//===- InitAllDialects.h - Dialects every cim tool parses -------*- C++ -*-===//
//
// One registration list shared by cim-opt, cim-sim and cim-opt-search so the
// tools agree on what they can read.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_INITALLDIALECTS_H
#define CIM_INITALLDIALECTS_H

#include "cim/Dialect/Cim/IR/CimDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

namespace cim {
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<CimDialect, mlir::arith::ArithDialect,
                  mlir::bufferization::BufferizationDialect,
                  mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect, mlir::tensor::TensorDialect>();
}
} // namespace cim

#endif // CIM_INITALLDIALECTS_H
