//===- TensorIOTest.cpp - .npy/.pb round trips and tensor comparison ------===//

#include "cim/Run/TensorIO.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <string>

using namespace cim;

namespace {

HostTensor f32Tensor(std::initializer_list<int64_t> shape,
                     std::initializer_list<float> values) {
  HostTensor t = makeTensor(DType::F32, llvm::ArrayRef<int64_t>(shape));
  std::memcpy(t.bytes.data(), values.begin(), values.size() * sizeof(float));
  return t;
}

std::string tempPath(llvm::StringRef name) {
  llvm::SmallString<128> dir;
  llvm::sys::fs::createUniqueDirectory("cim-run-test", dir);
  llvm::sys::path::append(dir, name);
  return std::string(dir);
}

TEST(TensorIO, NpyRoundTripKeepsDtypeShapeAndBytes) {
  for (auto shape : {std::vector<int64_t>{}, std::vector<int64_t>{5},
                     std::vector<int64_t>{2, 3, 1}}) {
    HostTensor t = makeTensor(DType::I64, shape);
    for (int64_t i = 0; i < t.numElements(); ++i) {
      int64_t v = -7 * i + 3;
      std::memcpy(t.bytes.data() + 8 * i, &v, 8);
    }
    std::string path = tempPath("t.npy");
    ASSERT_FALSE(bool(writeNpy(path, t)));
    auto back = readNpy(path);
    ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(back->dtype, DType::I64);
    EXPECT_EQ(std::vector<int64_t>(back->shape.begin(), back->shape.end()),
              shape);
    EXPECT_EQ(back->bytes, t.bytes);
  }
}

TEST(TensorIO, NpyHeaderWrittenByHandParses) {
  // The header numpy 1.x writes for np.array([[1.5, -2]], dtype='<f4').
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }";
  // Pad so magic + version + length + header + '\n' is a multiple of 64.
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += char(header.size());
  file += '\0';
  file += header;
  float values[] = {1.5f, -2.0f};
  file.append(reinterpret_cast<const char *>(values), sizeof(values));
  auto t = parseNpy(file, "hand.npy");
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->describe(), "f32[1x2]");
  EXPECT_EQ(t->elementAsDouble(0), 1.5);
  EXPECT_EQ(t->elementAsDouble(1), -2.0);
}

TEST(TensorIO, NpyErrorsNameTheProblem) {
  auto bad = parseNpy("hello", "x.npy");
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "'x.npy': not a valid .npy file: missing the \\x93NUMPY magic");
  std::string header =
      "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }\n";
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += char(header.size());
  file += '\0';
  file += header;
  auto complex = parseNpy(file, "c.npy");
  ASSERT_FALSE(bool(complex));
  EXPECT_EQ(llvm::toString(complex.takeError()),
            "'c.npy': not a valid .npy file: unsupported dtype '<c8'");
}

TEST(TensorIO, TensorProtoRoundTrip) {
  HostTensor t = f32Tensor({2, 2}, {1, 2, 3, 4.25});
  std::string path = tempPath("t.pb");
  ASSERT_FALSE(bool(writeTensorFile(path, t)));
  auto back = readTensorFile(path);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->describe(), "f32[2x2]");
  EXPECT_EQ(back->bytes, t.bytes);
}

// .pb files go through the importer's TensorProto decoder: typed fields
// narrowed to the element type, errors prefixed with the file.
TEST(TensorIO, TensorProtoTypedFieldsAndErrors) {
  onnx::TensorProto proto;
  proto.set_data_type(onnx::TensorProto::INT16);
  proto.add_dims(2);
  proto.add_int32_data(-300);
  proto.add_int32_data(7);
  std::string path = tempPath("typed.pb");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << proto.SerializeAsString();
  }
  auto t = readTensorFile(path);
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->describe(), "i16[2]");
  EXPECT_EQ(t->elementAsDouble(0), -300);
  EXPECT_EQ(t->elementAsDouble(1), 7);

  proto.add_dims(3);
  std::string bad = tempPath("short.pb");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(bad, ec);
    ASSERT_FALSE(ec);
    os << proto.SerializeAsString();
  }
  auto err = readTensorFile(bad);
  ASSERT_FALSE(bool(err));
  EXPECT_EQ(llvm::toString(err.takeError()),
            "'" + bad +
                "': int32_data holds 2 values, expected 6 for shape "
                "[2,3]");
}

TEST(TensorIO, UnknownExtensionIsAnError) {
  auto t = readTensorFile("a.txt");
  ASSERT_FALSE(bool(t));
  EXPECT_EQ(llvm::toString(t.takeError()),
            "'a.txt': unknown tensor file type (expected .pb or .npy)");
}

TEST(TensorCompare, ErrorsComputedByHand) {
  HostTensor expected = f32Tensor({4}, {1, -2, 0, 100});
  HostTensor actual = f32Tensor({4}, {1.00005f, -2, 0.5f, 100});
  auto c = compareTensors(actual, expected, {1e-4, 1e-5});
  ASSERT_TRUE(bool(c));
  // |0.5 - 0| = 0.5 is the largest absolute error; relative errors skip
  // expected == 0: max(0.00005 / 1) (float rounding of 1.00005 aside).
  EXPECT_NEAR(c->maxAbsError, 0.5, 1e-12);
  EXPECT_NEAR(c->maxRelError, 5e-5, 1e-7);
  // 1.00005 vs 1: 5e-5 <= 1e-5 + 1e-4 * 1 passes; 0.5 vs 0 fails.
  EXPECT_EQ(c->mismatches, 1);
  EXPECT_EQ(c->firstMismatch, 2);
}

TEST(TensorCompare, NanMatchesNanAndInfinitiesMustBeEqual) {
  HostTensor expected = f32Tensor({3}, {NAN, INFINITY, 1});
  HostTensor same = f32Tensor({3}, {NAN, INFINITY, 1});
  HostTensor other = f32Tensor({3}, {1, -INFINITY, 1});
  auto c1 = compareTensors(same, expected, {0, 0});
  ASSERT_TRUE(bool(c1));
  EXPECT_TRUE(c1->passed());
  auto c2 = compareTensors(other, expected, {1, 1});
  ASSERT_TRUE(bool(c2));
  EXPECT_EQ(c2->mismatches, 2);
}

TEST(TensorCompare, IntegersAreExactAndShapesMustAgree) {
  HostTensor a = makeTensor(DType::I32, {2});
  HostTensor b = makeTensor(DType::I32, {2});
  int32_t one = 1;
  std::memcpy(b.bytes.data() + 4, &one, 4);
  auto c = compareTensors(a, b, defaultTolerance(DType::I32));
  ASSERT_TRUE(bool(c));
  EXPECT_EQ(c->mismatches, 1);
  auto bad = compareTensors(makeTensor(DType::I32, {3}), b, {});
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()), "expected i32[2], found i32[3]");
}

TEST(TensorCompare, DefaultTolerances) {
  EXPECT_EQ(defaultTolerance(DType::F32).rtol, 1e-4);
  EXPECT_EQ(defaultTolerance(DType::F32).atol, 1e-5);
  EXPECT_EQ(defaultTolerance(DType::I64).rtol, 0);
  EXPECT_EQ(defaultTolerance(DType::Bool).atol, 0);
}

} // namespace
