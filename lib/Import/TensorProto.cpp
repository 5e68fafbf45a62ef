//===- TensorProto.cpp - Decoding ONNX TensorProto values -----------------===//

#include "cim/Import/TensorProto.h"
#include "cim/Support/Error.h"

#include "ConstTensor.h"

#include "onnx/onnx_pb.h"

#include "llvm/Support/FormatVariadic.h"

#include <type_traits>

using namespace llvm;
using namespace cim::onnx_import;

size_t cim::onnx_import::dtypeByteSize(int32_t dtype) {
  switch (dtype) {
  case kFloat:
  case kInt32:
  case kUInt32:
    return 4;
  case kUInt8:
  case kInt8:
  case kBool:
    return 1;
  case kUInt16:
  case kInt16:
  case kFloat16:
    return 2;
  case kInt64:
  case kDouble:
  case kUInt64:
    return 8;
  default:
    return 0;
  }
}

bool cim::onnx_import::isFloatDType(int32_t dtype) {
  return dtype == kFloat || dtype == kDouble || dtype == kFloat16;
}

std::string cim::onnx_import::dtypeName(int32_t dtype) {
  switch (dtype) {
  case kFloat:
    return "float";
  case kUInt8:
    return "uint8";
  case kInt8:
    return "int8";
  case kUInt16:
    return "uint16";
  case kInt16:
    return "int16";
  case kInt32:
    return "int32";
  case kInt64:
    return "int64";
  case kBool:
    return "bool";
  case kFloat16:
    return "float16";
  case kDouble:
    return "double";
  case kUInt32:
    return "uint32";
  case kUInt64:
    return "uint64";
  case onnx::TensorProto::STRING:
    return "string";
  case onnx::TensorProto::BFLOAT16:
    return "bfloat16";
  default:
    return formatv("data type {0}", dtype).str();
  }
}

std::vector<char> DecodedTensorProto::takeBytes() {
  if (borrowed)
    return std::vector<char>(rawData.begin(), rawData.end());
  return std::move(decoded);
}

static Error decodeError(const Twine &msg) { return cim::makeError(msg); }

Expected<DecodedTensorProto>
cim::onnx_import::decodeTensorProto(const onnx::TensorProto &proto) {
  DecodedTensorProto result;
  result.dtype = proto.data_type();
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return decodeError("external data files are not supported; save the "
                       "model with its weights inside the .onnx file");
  size_t size = dtypeByteSize(result.dtype);
  if (size == 0)
    return decodeError("unsupported element type " + dtypeName(result.dtype));
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return decodeError("negative dimension " + Twine(d));
    result.shape.push_back(d);
  }
  int64_t count = numElementsOf(result.shape);
  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != static_cast<size_t>(count) * size)
      return decodeError(formatv("raw_data has {0} bytes, expected {1} for "
                                 "{2} elements of {3}",
                                 raw.size(), count * size, count,
                                 dtypeName(result.dtype)));
    result.borrowed = true;
    result.rawData = ArrayRef<char>(raw.data(), raw.size());
    return std::move(result);
  }

  // Each value narrowed to the element type; float16 travels as its bits.
  int32_t storedAs = result.dtype == kFloat16 ? kUInt16 : result.dtype;
  auto decodeField = [&](const auto &field, StringRef fieldName) -> Error {
    if (field.size() != count)
      return decodeError(
          formatv("{0} holds {1} values, expected {2} for "
                  "shape [{3:$[,]}]",
                  fieldName, field.size(), count,
                  make_range(result.shape.begin(), result.shape.end())));
    result.decoded.resize(count * size);
    for (int64_t i = 0; i < count; ++i) {
      auto value = field.Get(i);
      char *dst = result.decoded.data() + i * size;
      if constexpr (std::is_floating_point_v<decltype(value)>)
        storeDoubleElement(storedAs, dst, value);
      else
        storeIntElement(storedAs, dst, static_cast<int64_t>(value));
    }
    return Error::success();
  };
  Error err = Error::success();
  switch (result.dtype) {
  case kFloat:
    err = decodeField(proto.float_data(), "float_data");
    break;
  case kDouble:
    err = decodeField(proto.double_data(), "double_data");
    break;
  case kInt64:
    err = decodeField(proto.int64_data(), "int64_data");
    break;
  case kUInt32:
  case kUInt64:
    err = decodeField(proto.uint64_data(), "uint64_data");
    break;
  default:
    err = decodeField(proto.int32_data(), "int32_data");
    break;
  }
  if (err)
    return std::move(err);
  return std::move(result);
}
