//===- TensorIO.h - Host tensors, .pb/.npy files, comparison ----*- C++ -*-===//
//
// A host tensor is a dtype, a shape and a dense row-major byte buffer. It is
// read from and written to ONNX TensorProto files (.pb, the ONNX test-data
// format) and NumPy .npy files, and compared against an expected tensor
// with per-dtype tolerances (docs/verification.md).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_RUN_TENSORIO_H
#define CIM_RUN_TENSORIO_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cim {

enum class DType { F32, F64, F16, I64, I32, I16, I8, U64, U32, U16, U8, Bool };

llvm::StringRef dtypeName(DType dtype);
int64_t dtypeBytes(DType dtype);
bool isFloatDType(DType dtype);

struct HostTensor {
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<uint8_t> bytes;

  int64_t numElements() const;
  /// Element `i` converted to double (bool/int exact up to 2^53).
  double elementAsDouble(int64_t i) const;
  /// "f32[1x3x4x4]".
  std::string describe() const;
};

HostTensor makeTensor(DType dtype, llvm::ArrayRef<int64_t> shape);

/// Reads an ONNX TensorProto (.pb) or a .npy file, chosen by extension.
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);
llvm::Error writeTensorFile(llvm::StringRef path, const HostTensor &tensor);

llvm::Expected<HostTensor> readNpy(llvm::StringRef path);
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);
/// Parses .npy bytes; `name` is used in errors.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef bytes,
                                    llvm::StringRef name);

llvm::Expected<HostTensor> readTensorProto(llvm::StringRef path);
llvm::Error writeTensorProto(llvm::StringRef path, const HostTensor &tensor);

struct Tolerance {
  double rtol = 0;
  double atol = 0;
};
/// Default tolerance of a dtype: f32 rtol 1e-4 atol 1e-5; f64 rtol 1e-9
/// atol 1e-12; f16 rtol 1e-2 atol 1e-3; integers and bool exact.
Tolerance defaultTolerance(DType dtype);

struct Comparison {
  /// Largest |actual - expected| and |actual - expected| / |expected| (the
  /// latter over elements with expected != 0).
  double maxAbsError = 0;
  double maxRelError = 0;
  /// Elements violating |a - e| <= atol + rtol * |e| (NaN matches NaN,
  /// infinities must match exactly).
  int64_t mismatches = 0;
  int64_t firstMismatch = -1;
  bool passed() const { return mismatches == 0; }
};

/// Compares element by element; dtype and shape must agree (an error
/// otherwise, naming both).
llvm::Expected<Comparison> compareTensors(const HostTensor &actual,
                                          const HostTensor &expected,
                                          Tolerance tolerance);

} // namespace cim

#endif // CIM_RUN_TENSORIO_H
