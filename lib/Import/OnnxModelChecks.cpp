//===- OnnxModelChecks.cpp - ONNX checker + shape inference boundary ------===//

#include "OnnxModelChecks.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <exception>
#include <string>

using namespace llvm;

static std::string oneLine(const char *text) {
  std::string s(text ? text : "unknown error");
  for (char &c : s)
    if (c == '\n' || c == '\r')
      c = ' ';
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  return s;
}

Error cim::checkAndInferOnnxShapes(onnx::ModelProto &model) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    return createStringError(inconvertibleErrorCode(),
                             "ONNX checker rejected the model: " +
                                 oneLine(e.what()));
  } catch (...) {
    return createStringError(inconvertibleErrorCode(),
                             "ONNX checker rejected the model");
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type_val=*/false,
                                        /*strict_mode_val=*/1,
                                        /*data_prop_val=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &e) {
    return createStringError(inconvertibleErrorCode(),
                             "ONNX shape inference failed: " +
                                 oneLine(e.what()));
  } catch (...) {
    return createStringError(inconvertibleErrorCode(),
                             "ONNX shape inference failed");
  }
  return Error::success();
}
