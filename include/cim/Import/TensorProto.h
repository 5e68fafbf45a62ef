//===- TensorProto.h - Decoding ONNX TensorProto values ---------*- C++ -*-===//
//
// One decoder for every ONNX tensor the project reads: the importer's
// initializers and Constant values, and the runner's test-data files (.pb).
// A decoded tensor is its ONNX element type, its shape and its values as
// dense row-major little-endian bytes of that type.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_IMPORT_TENSORPROTO_H
#define CIM_IMPORT_TENSORPROTO_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace cim::onnx_import {

// Element types are ONNX's TensorProto.DataType values (1 float, 7 int64,
// ...; the importer names them in lib/Import/ConstTensor.h).

/// Bytes per element, or 0 for element types the project does not handle
/// (string, bfloat16, complex, ...).
size_t dtypeByteSize(int32_t dtype);
bool isFloatDType(int32_t dtype);
/// ONNX's name of the type ("float", "int64", "bfloat16", ...).
std::string dtypeName(int32_t dtype);

/// The values of a TensorProto. When the proto stores them in raw_data the
/// bytes are borrowed from it (weights are never copied) and stay valid
/// while the proto lives; values from a typed field (float_data,
/// int32_data, ...) are decoded into owned storage.
class DecodedTensorProto {
public:
  int32_t dtype = 0; // TensorProto.DataType
  llvm::SmallVector<int64_t, 4> shape;

  llvm::ArrayRef<char> bytes() const {
    return borrowed ? rawData : llvm::ArrayRef<char>(decoded);
  }
  bool borrowsRawData() const { return borrowed; }
  /// The bytes as an owned buffer (a copy when they are borrowed).
  std::vector<char> takeBytes();

private:
  friend llvm::Expected<DecodedTensorProto>
  decodeTensorProto(const onnx::TensorProto &proto);
  bool borrowed = false;
  llvm::ArrayRef<char> rawData;
  std::vector<char> decoded;
};

/// Decodes `proto`. Typed fields are read as ONNX stores them: float_data
/// (float), double_data (double), int64_data (int64), uint64_data (uint32,
/// uint64), int32_data (the other integer types, bool as != 0, and float16
/// as its bit pattern); each value is narrowed to the element type. Errors
/// (external data, an unhandled element type, a negative dimension, a value
/// count or byte size that does not match the shape) name the problem but
/// not the tensor: callers prefix their own context.
llvm::Expected<DecodedTensorProto>
decodeTensorProto(const onnx::TensorProto &proto);

} // namespace cim::onnx_import

#endif // CIM_IMPORT_TENSORPROTO_H
