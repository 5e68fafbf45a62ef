//===- OnnxModelChecks.cpp - The calls into libonnx that may throw --------===//

#include "OnnxModelChecks.h"
#include "cim/Support/Error.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <cstdio>
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
    return cim::makeError("ONNX checker rejected the model: " +
                          oneLine(e.what()));
  } catch (...) {
    return cim::makeError("ONNX checker rejected the model");
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type_val=*/false,
                                        /*strict_mode_val=*/1,
                                        /*data_prop_val=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &e) {
    return cim::makeError("ONNX shape inference failed: " + oneLine(e.what()));
  } catch (...) {
    return cim::makeError("ONNX shape inference failed");
  }
  return Error::success();
}

void cim::inferOnnxShapesLeniently(onnx::ModelProto &model) {
  try {
    onnx::ShapeInferenceOptions options(/*check_type_val=*/false,
                                        /*strict_mode_val=*/0,
                                        /*data_prop_val=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (...) {
  }
}

Error cim::parseOnnxTextModel(StringRef text, onnx::ModelProto &model,
                              OnnxTextPosition &errorPosition) {
  errorPosition = {};
  // The parser reads a NUL-terminated string.
  std::string source = text.str();
  std::string message;
  try {
    onnx::OnnxParser parser(source.c_str());
    onnx::Common::Status status = parser.Parse(model);
    if (status.IsOK())
      return Error::success();
    message = status.ErrorMessage();
  } catch (const std::exception &e) {
    message = e.what();
  } catch (...) {
    message = "unknown error";
  }
  // "[ParseError at position (line: L column: C)]\nError context: ...\nWHY"
  StringRef rest(message);
  size_t at = rest.find("(line: ");
  if (at != StringRef::npos)
    std::sscanf(message.c_str() + at, "(line: %u column: %u)",
                &errorPosition.line, &errorPosition.column);
  // The diagnostic shows the line itself: keep only the reason.
  if (rest.starts_with("[ParseError"))
    rest = rest.substr(rest.find('\n') + 1);
  if (rest.starts_with("Error context:"))
    rest = rest.substr(rest.find('\n') + 1);
  return cim::makeError("not a valid ONNX text model: " +
                        oneLine(rest.str().c_str()));
}
