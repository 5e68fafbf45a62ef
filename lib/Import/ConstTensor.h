//===- ConstTensor.h - Tensors known at import time -----------*- C++ -*-===//
//
// Initializers, Constant nodes and the results of folding shape sub-graphs.
// Storage is raw little-endian bytes in the ONNX element type, either
// borrowed from the ModelProto (large weights are never copied) or owned.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_IMPORT_CONSTTENSOR_H
#define CIM_LIB_IMPORT_CONSTTENSOR_H

#include "cim/Import/TensorProto.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace cim::onnx_import {

/// ONNX TensorProto.DataType values the importer knows.
enum OnnxDType : int32_t {
  kFloat = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUInt32 = 12,
  kUInt64 = 13,
};

/// Element types whose values the folder can read (all but float16).
bool isFoldableDType(int32_t dtype);

int64_t numElementsOf(llvm::ArrayRef<int64_t> shape);

class ConstTensor;
using ConstTensorPtr = std::shared_ptr<const ConstTensor>;

class ConstTensor {
public:
  /// Borrows `bytes`; the caller keeps them alive.
  static ConstTensorPtr view(int32_t dtype, llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<char> bytes);
  static ConstTensorPtr fromBytes(int32_t dtype, llvm::ArrayRef<int64_t> shape,
                                  std::vector<char> bytes);
  static ConstTensorPtr fromInts(int32_t dtype, llvm::ArrayRef<int64_t> shape,
                                 llvm::ArrayRef<int64_t> values);
  static ConstTensorPtr fromDoubles(int32_t dtype,
                                    llvm::ArrayRef<int64_t> shape,
                                    llvm::ArrayRef<double> values);
  /// Decodes an initializer or a Constant's value (decodeTensorProto);
  /// borrows raw_data when it is present.
  static llvm::Expected<ConstTensorPtr> fromProto(const onnx::TensorProto &t);

  int32_t dtype() const { return elementType; }
  llvm::ArrayRef<int64_t> shape() const { return dims; }
  int64_t rank() const { return static_cast<int64_t>(dims.size()); }
  int64_t numElements() const { return numElementsOf(dims); }
  llvm::ArrayRef<char> bytes() const { return data; }
  bool ownsStorage() const { return storage != nullptr; }

  /// Element `i` (row-major) converted; requires isFoldableDType(dtype()).
  double getDouble(int64_t i) const;
  int64_t getInt(int64_t i) const;
  llvm::SmallVector<int64_t> getInts() const;
  std::vector<double> getDoubles() const;

  /// Same storage, new shape (same element count).
  ConstTensorPtr reshaped(llvm::ArrayRef<int64_t> newShape) const;
  /// Element `i` of the result is element `sourceIndex(i)` of this tensor.
  ConstTensorPtr gather(llvm::ArrayRef<int64_t> newShape,
                        llvm::function_ref<int64_t(int64_t)> sourceIndex) const;
  ConstTensorPtr transposed(llvm::ArrayRef<int64_t> perm) const;
  ConstTensorPtr castTo(int32_t newDType) const;

private:
  int32_t elementType = kFloat;
  llvm::SmallVector<int64_t, 4> dims;
  std::shared_ptr<std::vector<char>> storage;
  llvm::ArrayRef<char> data;
};

/// Row-major strides of `shape`.
llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape);

/// Writes `value` converted to `dtype` (dtypeByteSize(dtype) bytes at
/// `dst`): integers narrowed, bool as != 0. float16 is not converted: store
/// its bit pattern as kUInt16.
void storeIntElement(int32_t dtype, char *dst, int64_t value);
void storeDoubleElement(int32_t dtype, char *dst, double value);

} // namespace cim::onnx_import

#endif // CIM_LIB_IMPORT_CONSTTENSOR_H
