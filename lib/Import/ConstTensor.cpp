//===- ConstTensor.cpp - Tensors known at import time ---------------------===//

#include "ConstTensor.h"
#include "cim/Support/Error.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstring>

using namespace llvm;
using namespace cim::onnx_import;

bool cim::onnx_import::isFoldableDType(int32_t dtype) {
  return dtype != kFloat16 && dtypeByteSize(dtype) != 0;
}

int64_t cim::onnx_import::numElementsOf(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

SmallVector<int64_t> cim::onnx_import::stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

ConstTensorPtr ConstTensor::view(int32_t dtype, ArrayRef<int64_t> shape,
                                 ArrayRef<char> bytes) {
  auto t = std::make_shared<ConstTensor>();
  t->elementType = dtype;
  t->dims.assign(shape.begin(), shape.end());
  t->data = bytes;
  return t;
}

ConstTensorPtr ConstTensor::fromBytes(int32_t dtype, ArrayRef<int64_t> shape,
                                      std::vector<char> bytes) {
  auto t = std::make_shared<ConstTensor>();
  t->elementType = dtype;
  t->dims.assign(shape.begin(), shape.end());
  t->storage = std::make_shared<std::vector<char>>(std::move(bytes));
  t->data = ArrayRef<char>(t->storage->data(), t->storage->size());
  return t;
}

template <typename T>
static void storeAs(char *dst, T value) {
  std::memcpy(dst, &value, sizeof(T));
}

void cim::onnx_import::storeIntElement(int32_t dtype, char *dst, int64_t v) {
  switch (dtype) {
  case kUInt8:
    return storeAs<uint8_t>(dst, static_cast<uint8_t>(v));
  case kInt8:
    return storeAs<int8_t>(dst, static_cast<int8_t>(v));
  case kBool:
    return storeAs<uint8_t>(dst, v != 0);
  case kUInt16:
    return storeAs<uint16_t>(dst, static_cast<uint16_t>(v));
  case kInt16:
    return storeAs<int16_t>(dst, static_cast<int16_t>(v));
  case kInt32:
    return storeAs<int32_t>(dst, static_cast<int32_t>(v));
  case kUInt32:
    return storeAs<uint32_t>(dst, static_cast<uint32_t>(v));
  case kInt64:
    return storeAs<int64_t>(dst, v);
  case kUInt64:
    return storeAs<uint64_t>(dst, static_cast<uint64_t>(v));
  case kFloat:
    return storeAs<float>(dst, static_cast<float>(v));
  case kDouble:
    return storeAs<double>(dst, static_cast<double>(v));
  default:
    return;
  }
}

void cim::onnx_import::storeDoubleElement(int32_t dtype, char *dst, double v) {
  switch (dtype) {
  case kFloat:
    return storeAs<float>(dst, static_cast<float>(v));
  case kDouble:
    return storeAs<double>(dst, v);
  case kBool:
    return storeAs<uint8_t>(dst, v != 0.0);
  default:
    return storeIntElement(dtype, dst, static_cast<int64_t>(v));
  }
}

ConstTensorPtr ConstTensor::fromInts(int32_t dtype, ArrayRef<int64_t> shape,
                                     ArrayRef<int64_t> values) {
  size_t size = dtypeByteSize(dtype);
  std::vector<char> bytes(values.size() * size);
  for (auto [i, v] : llvm::enumerate(values))
    storeIntElement(dtype, bytes.data() + i * size, v);
  return fromBytes(dtype, shape, std::move(bytes));
}

ConstTensorPtr ConstTensor::fromDoubles(int32_t dtype, ArrayRef<int64_t> shape,
                                        ArrayRef<double> values) {
  size_t size = dtypeByteSize(dtype);
  std::vector<char> bytes(values.size() * size);
  for (auto [i, v] : llvm::enumerate(values))
    storeDoubleElement(dtype, bytes.data() + i * size, v);
  return fromBytes(dtype, shape, std::move(bytes));
}

template <typename T>
static T loadAs(const char *src) {
  T v;
  std::memcpy(&v, src, sizeof(T));
  return v;
}

double ConstTensor::getDouble(int64_t i) const {
  const char *p = data.data() + i * dtypeByteSize(elementType);
  switch (elementType) {
  case kFloat:
    return loadAs<float>(p);
  case kDouble:
    return loadAs<double>(p);
  case kUInt64:
    return static_cast<double>(loadAs<uint64_t>(p));
  default:
    return static_cast<double>(getInt(i));
  }
}

int64_t ConstTensor::getInt(int64_t i) const {
  const char *p = data.data() + i * dtypeByteSize(elementType);
  switch (elementType) {
  case kUInt8:
  case kBool:
    return loadAs<uint8_t>(p);
  case kInt8:
    return loadAs<int8_t>(p);
  case kUInt16:
    return loadAs<uint16_t>(p);
  case kInt16:
    return loadAs<int16_t>(p);
  case kInt32:
    return loadAs<int32_t>(p);
  case kUInt32:
    return loadAs<uint32_t>(p);
  case kInt64:
    return loadAs<int64_t>(p);
  case kUInt64:
    return static_cast<int64_t>(loadAs<uint64_t>(p));
  case kFloat:
    return static_cast<int64_t>(loadAs<float>(p));
  case kDouble:
    return static_cast<int64_t>(loadAs<double>(p));
  default:
    return 0;
  }
}

SmallVector<int64_t> ConstTensor::getInts() const {
  SmallVector<int64_t> out;
  int64_t n = numElements();
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i)
    out.push_back(getInt(i));
  return out;
}

std::vector<double> ConstTensor::getDoubles() const {
  std::vector<double> out;
  int64_t n = numElements();
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i)
    out.push_back(getDouble(i));
  return out;
}

ConstTensorPtr ConstTensor::reshaped(ArrayRef<int64_t> newShape) const {
  auto t = std::make_shared<ConstTensor>(*this);
  t->dims.assign(newShape.begin(), newShape.end());
  return t;
}

ConstTensorPtr
ConstTensor::gather(ArrayRef<int64_t> newShape,
                    function_ref<int64_t(int64_t)> sourceIndex) const {
  size_t size = dtypeByteSize(elementType);
  int64_t n = numElementsOf(newShape);
  std::vector<char> bytes(n * size);
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(bytes.data() + i * size, data.data() + sourceIndex(i) * size,
                size);
  return fromBytes(elementType, newShape, std::move(bytes));
}

ConstTensorPtr ConstTensor::transposed(ArrayRef<int64_t> perm) const {
  SmallVector<int64_t> newShape;
  for (int64_t p : perm)
    newShape.push_back(dims[p]);
  SmallVector<int64_t> srcStrides = stridesOf(dims);
  SmallVector<int64_t> dstStrides = stridesOf(newShape);
  return gather(newShape, [&](int64_t i) {
    int64_t src = 0;
    for (size_t d = 0; d < perm.size(); ++d) {
      int64_t idx = (i / dstStrides[d]) % newShape[d];
      src += idx * srcStrides[perm[d]];
    }
    return src;
  });
}

ConstTensorPtr ConstTensor::castTo(int32_t newDType) const {
  if (newDType == elementType)
    return reshaped(dims);
  if (isFloatDType(elementType))
    return fromDoubles(newDType, dims, getDoubles());
  return fromInts(newDType, dims, getInts());
}

Expected<ConstTensorPtr> ConstTensor::fromProto(const onnx::TensorProto &t) {
  Expected<DecodedTensorProto> decoded = decodeTensorProto(t);
  if (!decoded)
    return cim::makeError("tensor '" + t.name() +
                          "': " + toString(decoded.takeError()));
  if (decoded->borrowsRawData())
    return view(decoded->dtype, decoded->shape, decoded->bytes());
  return fromBytes(decoded->dtype, decoded->shape, decoded->takeBytes());
}
