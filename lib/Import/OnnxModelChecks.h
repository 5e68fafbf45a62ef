//===- OnnxModelChecks.h - ONNX checker + shape inference boundary --------===//
//
// ONNX's checker and shape inference report errors by throwing. They live in
// their own library built with exceptions; these functions catch everything
// at the boundary and return llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_IMPORT_ONNXMODELCHECKS_H
#define CIM_LIB_IMPORT_ONNXMODELCHECKS_H

#include "llvm/Support/Error.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace cim {

/// Runs onnx::checker::check_model, then onnx::shape_inference::InferShapes
/// (with data propagation), which fills graph.value_info in place.
llvm::Error checkAndInferOnnxShapes(onnx::ModelProto &model);

} // namespace cim

#endif // CIM_LIB_IMPORT_ONNXMODELCHECKS_H
