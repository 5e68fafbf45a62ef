//===- OnnxModelChecks.h - The calls into libonnx that may throw
//-----------===//
//
// ONNX's checker, shape inference and text parser report errors by
// throwing (the parser also returns a status). They live in their own
// library built with exceptions; these functions catch everything at the
// boundary and return llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_IMPORT_ONNXMODELCHECKS_H
#define CIM_LIB_IMPORT_ONNXMODELCHECKS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace cim {

/// Runs onnx::checker::check_model, then onnx::shape_inference::InferShapes
/// (with data propagation), which fills graph.value_info in place.
llvm::Error checkAndInferOnnxShapes(onnx::ModelProto &model);

/// Runs onnx::shape_inference::InferShapes without strict mode and ignores
/// its errors: a probe for the shapes libonnx can infer (graph.value_info),
/// whose failures the strict run of checkAndInferOnnxShapes reports.
void inferOnnxShapesLeniently(onnx::ModelProto &model);

/// Where a syntax error in the ONNX text syntax is (1-based).
struct OnnxTextPosition {
  unsigned line = 0, column = 0;
};

/// Parses a model in the ONNX text syntax (onnx::OnnxParser). On a syntax
/// error, `errorPosition` is where the parser stopped (line 0 when unknown).
llvm::Error parseOnnxTextModel(llvm::StringRef text, onnx::ModelProto &model,
                               OnnxTextPosition &errorPosition);

} // namespace cim

#endif // CIM_LIB_IMPORT_ONNXMODELCHECKS_H
