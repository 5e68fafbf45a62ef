//===- TensorProtoTest.cpp - The one ONNX TensorProto decoder -------------===//
//
// Every element type the importer and the runner read, from raw_data and
// from the typed field ONNX stores it in, and every error.
//
//===----------------------------------------------------------------------===//

#include "cim/Import/TensorProto.h"

#include "onnx/onnx_pb.h"

#include "gtest/gtest.h"

#include <cstring>
#include <string>
#include <vector>

using namespace cim::onnx_import;
using onnx::TensorProto;

namespace {

/// The expected little-endian bytes of `values` stored as T.
template <typename T>
std::vector<char> bytesOf(std::initializer_list<T> values) {
  std::vector<char> out(values.size() * sizeof(T));
  std::memcpy(out.data(), values.begin(), out.size());
  return out;
}

TensorProto proto(int32_t dtype, std::initializer_list<int64_t> dims) {
  TensorProto t;
  t.set_name("t");
  t.set_data_type(dtype);
  for (int64_t d : dims)
    t.add_dims(d);
  return t;
}

std::vector<char> decodedBytes(const TensorProto &t) {
  auto decoded = decodeTensorProto(t);
  EXPECT_TRUE(static_cast<bool>(decoded))
      << llvm::toString(decoded.takeError());
  if (!decoded)
    return {};
  llvm::ArrayRef<char> bytes = decoded->bytes();
  return std::vector<char>(bytes.begin(), bytes.end());
}

std::string errorOf(const TensorProto &t) {
  auto decoded = decodeTensorProto(t);
  EXPECT_FALSE(static_cast<bool>(decoded));
  return decoded ? "" : llvm::toString(decoded.takeError());
}

TEST(TensorProto, ByteSizesAndNames) {
  struct Row {
    int32_t dtype;
    size_t bytes;
    const char *name;
  } rows[] = {
      {TensorProto::FLOAT, 4, "float"},
      {TensorProto::UINT8, 1, "uint8"},
      {TensorProto::INT8, 1, "int8"},
      {TensorProto::UINT16, 2, "uint16"},
      {TensorProto::INT16, 2, "int16"},
      {TensorProto::INT32, 4, "int32"},
      {TensorProto::INT64, 8, "int64"},
      {TensorProto::BOOL, 1, "bool"},
      {TensorProto::FLOAT16, 2, "float16"},
      {TensorProto::DOUBLE, 8, "double"},
      {TensorProto::UINT32, 4, "uint32"},
      {TensorProto::UINT64, 8, "uint64"},
      {TensorProto::STRING, 0, "string"},
      {TensorProto::BFLOAT16, 0, "bfloat16"},
      {TensorProto::COMPLEX64, 0, "data type 14"},
  };
  for (const Row &row : rows) {
    EXPECT_EQ(dtypeByteSize(row.dtype), row.bytes) << row.name;
    EXPECT_EQ(dtypeName(row.dtype), row.name);
  }
  EXPECT_TRUE(isFloatDType(TensorProto::FLOAT16));
  EXPECT_FALSE(isFloatDType(TensorProto::INT64));
}

// raw_data is taken as it is, for every element type, and borrowed.
TEST(TensorProto, RawDataOfEveryTypeIsBorrowed) {
  for (int32_t dtype :
       {TensorProto::FLOAT, TensorProto::UINT8, TensorProto::INT8,
        TensorProto::UINT16, TensorProto::INT16, TensorProto::INT32,
        TensorProto::INT64, TensorProto::BOOL, TensorProto::FLOAT16,
        TensorProto::DOUBLE, TensorProto::UINT32, TensorProto::UINT64}) {
    TensorProto t = proto(dtype, {2, 3});
    std::string raw(6 * dtypeByteSize(dtype), '\0');
    for (size_t i = 0; i < raw.size(); ++i)
      raw[i] = static_cast<char>(i * 7 + 1);
    t.set_raw_data(raw);
    auto decoded = decodeTensorProto(t);
    ASSERT_TRUE(static_cast<bool>(decoded)) << dtypeName(dtype);
    EXPECT_EQ(decoded->dtype, dtype);
    EXPECT_EQ(decoded->shape, (llvm::SmallVector<int64_t, 4>{2, 3}));
    EXPECT_TRUE(decoded->borrowsRawData());
    EXPECT_EQ(decoded->bytes().data(), t.raw_data().data());
    EXPECT_EQ(decoded->takeBytes(), std::vector<char>(raw.begin(), raw.end()));
  }
}

// Each type from the typed field ONNX keeps it in, narrowed to its width.
TEST(TensorProto, TypedFieldsOfEveryType) {
  TensorProto f = proto(TensorProto::FLOAT, {2});
  f.add_float_data(1.5f);
  f.add_float_data(-2.25f);
  EXPECT_EQ(decodedBytes(f), bytesOf<float>({1.5f, -2.25f}));

  TensorProto d = proto(TensorProto::DOUBLE, {2});
  d.add_double_data(0.1);
  d.add_double_data(-1e300);
  EXPECT_EQ(decodedBytes(d), bytesOf<double>({0.1, -1e300}));

  TensorProto i64 = proto(TensorProto::INT64, {2});
  i64.add_int64_data(INT64_MAX);
  i64.add_int64_data(-3);
  EXPECT_EQ(decodedBytes(i64), bytesOf<int64_t>({INT64_MAX, -3}));

  TensorProto u64 = proto(TensorProto::UINT64, {1});
  u64.add_uint64_data(UINT64_MAX);
  EXPECT_EQ(decodedBytes(u64), bytesOf<uint64_t>({UINT64_MAX}));

  // uint32 travels in uint64_data.
  TensorProto u32 = proto(TensorProto::UINT32, {2});
  u32.add_uint64_data(4000000000u);
  u32.add_uint64_data(7);
  EXPECT_EQ(decodedBytes(u32), bytesOf<uint32_t>({4000000000u, 7}));

  // The narrow integer types and bool travel in int32_data.
  TensorProto i32 = proto(TensorProto::INT32, {2});
  i32.add_int32_data(-70000);
  i32.add_int32_data(5);
  EXPECT_EQ(decodedBytes(i32), bytesOf<int32_t>({-70000, 5}));

  TensorProto i16 = proto(TensorProto::INT16, {2});
  i16.add_int32_data(-300);
  i16.add_int32_data(300);
  EXPECT_EQ(decodedBytes(i16), bytesOf<int16_t>({-300, 300}));

  TensorProto u16 = proto(TensorProto::UINT16, {1});
  u16.add_int32_data(65535);
  EXPECT_EQ(decodedBytes(u16), bytesOf<uint16_t>({65535}));

  TensorProto i8 = proto(TensorProto::INT8, {2});
  i8.add_int32_data(-128);
  i8.add_int32_data(127);
  EXPECT_EQ(decodedBytes(i8), bytesOf<int8_t>({-128, 127}));

  TensorProto u8 = proto(TensorProto::UINT8, {1});
  u8.add_int32_data(255);
  EXPECT_EQ(decodedBytes(u8), bytesOf<uint8_t>({255}));

  // bool is one byte, 1 for any non-zero value.
  TensorProto b = proto(TensorProto::BOOL, {3});
  b.add_int32_data(0);
  b.add_int32_data(1);
  b.add_int32_data(5);
  EXPECT_EQ(decodedBytes(b), bytesOf<uint8_t>({0, 1, 1}));

  // float16 values are their bit patterns (1.0 = 0x3c00, -2.0 = 0xc000).
  TensorProto h = proto(TensorProto::FLOAT16, {2});
  h.add_int32_data(0x3c00);
  h.add_int32_data(0xc000);
  EXPECT_EQ(decodedBytes(h), bytesOf<uint16_t>({0x3c00, 0xc000}));

  // Decoded values are owned.
  auto decoded = decodeTensorProto(h);
  ASSERT_TRUE(static_cast<bool>(decoded));
  EXPECT_FALSE(decoded->borrowsRawData());
}

TEST(TensorProto, ScalarsAndEmptyTensors) {
  TensorProto scalar = proto(TensorProto::INT64, {});
  scalar.add_int64_data(42);
  auto decoded = decodeTensorProto(scalar);
  ASSERT_TRUE(static_cast<bool>(decoded));
  EXPECT_TRUE(decoded->shape.empty());
  EXPECT_EQ(decoded->bytes().size(), 8u);

  TensorProto empty = proto(TensorProto::FLOAT, {0, 3});
  auto none = decodeTensorProto(empty);
  ASSERT_TRUE(static_cast<bool>(none));
  EXPECT_TRUE(none->bytes().empty());
}

TEST(TensorProto, ErrorsNameTheProblem) {
  TensorProto external = proto(TensorProto::FLOAT, {1});
  external.set_data_location(TensorProto::EXTERNAL);
  EXPECT_EQ(errorOf(external),
            "external data files are not supported; save the model with its "
            "weights inside the .onnx file");

  EXPECT_EQ(errorOf(proto(TensorProto::BFLOAT16, {1})),
            "unsupported element type bfloat16");
  EXPECT_EQ(errorOf(proto(TensorProto::STRING, {1})),
            "unsupported element type string");

  TensorProto negative = proto(TensorProto::FLOAT, {2, -1});
  EXPECT_EQ(errorOf(negative), "negative dimension -1");

  TensorProto shortRaw = proto(TensorProto::FLOAT, {2, 2});
  shortRaw.set_raw_data(std::string(12, '\0'));
  EXPECT_EQ(errorOf(shortRaw),
            "raw_data has 12 bytes, expected 16 for 4 elements of float");

  TensorProto shortField = proto(TensorProto::INT32, {2, 2});
  shortField.add_int32_data(1);
  EXPECT_EQ(errorOf(shortField),
            "int32_data holds 1 values, expected 4 for shape [2,2]");

  // uint32 values in the wrong field: uint64_data is the one read.
  TensorProto wrongField = proto(TensorProto::UINT32, {1});
  wrongField.add_int32_data(1);
  EXPECT_EQ(errorOf(wrongField),
            "uint64_data holds 0 values, expected 1 for shape [1]");
}

} // namespace
