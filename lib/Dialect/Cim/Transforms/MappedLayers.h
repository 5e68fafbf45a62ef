//===- MappedLayers.h - Layers of a function with their mappings -*- C++
//-*-===//
//
// Shared by cim-lower and cim-report: extracts a function's layers and reads
// the mapping cim-map recorded on each layer's op.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_DIALECT_CIM_TRANSFORMS_MAPPEDLAYERS_H
#define CIM_LIB_DIALECT_CIM_TRANSFORMS_MAPPEDLAYERS_H

#include "cim/CostModel/LayerPlan.h"
#include "cim/WorkloadIR/WorkloadIR.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace cim {

struct MappedLayers {
  ExtractedWorkload extracted;
  std::vector<LayerMapping> mappings;
  std::vector<std::string> names;
};

/// Fails (with an error at the op) when a layer has no `cim.mapping`.
mlir::FailureOr<MappedLayers> getMappedLayers(mlir::func::FuncOp func);

/// A readable, unique layer name: the op's NameLoc if it has one, else
/// "<kind><index>".
std::string layerNameFor(mlir::Operation *anchor, const Layer &layer,
                         size_t index);

} // namespace cim

#endif // CIM_LIB_DIALECT_CIM_TRANSFORMS_MAPPEDLAYERS_H
