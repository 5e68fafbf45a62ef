//===- ConstTensorTest.cpp - Import-time constant tensors -----------------===//

#include "ConstTensor.h"

#include "onnx/onnx_pb.h"

#include "gtest/gtest.h"

using namespace cim::onnx_import;

TEST(ConstTensor, IntsRoundTripThroughEveryIntegerType) {
  for (int32_t dtype : {kInt8, kUInt8, kInt16, kInt32, kInt64, kUInt32}) {
    auto t = ConstTensor::fromInts(dtype, {3}, {1, 2, 100});
    EXPECT_EQ(t->getInts(), (llvm::SmallVector<int64_t>{1, 2, 100}))
        << dtypeName(dtype);
    EXPECT_EQ(t->bytes().size(), 3 * dtypeByteSize(dtype));
  }
  // int64 keeps values a double could not (Slice ends use INT64_MAX).
  auto big = ConstTensor::fromInts(kInt64, {1}, {INT64_MAX});
  EXPECT_EQ(big->getInt(0), INT64_MAX);
}

TEST(ConstTensor, TransposeMovesElements) {
  // [[0,1,2],[3,4,5]]^T = [[0,3],[1,4],[2,5]]
  auto t = ConstTensor::fromDoubles(kFloat, {2, 3}, {0, 1, 2, 3, 4, 5});
  auto tt = t->transposed({1, 0});
  EXPECT_EQ(tt->shape(), (llvm::ArrayRef<int64_t>{3, 2}));
  EXPECT_EQ(tt->getDoubles(), (std::vector<double>{0, 3, 1, 4, 2, 5}));
}

TEST(ConstTensor, Rank3TransposeMatchesIndexFormula) {
  // out[i][j][k] = in[k][i][j] for perm {2, 0, 1} on shape [2,3,4].
  std::vector<double> vals(24);
  for (int i = 0; i < 24; ++i)
    vals[i] = i;
  auto t = ConstTensor::fromDoubles(kFloat, {2, 3, 4}, vals);
  auto tt = t->transposed({2, 0, 1});
  ASSERT_EQ(tt->shape(), (llvm::ArrayRef<int64_t>{4, 2, 3}));
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 3; ++c)
        EXPECT_EQ(tt->getDouble(a * 6 + b * 3 + c), b * 12 + c * 4 + a);
}

TEST(ConstTensor, CastFloatToIntTruncates) {
  auto t = ConstTensor::fromDoubles(kFloat, {3}, {1.75, -2.5, 3.0});
  auto i = t->castTo(kInt64);
  EXPECT_EQ(i->getInts(), (llvm::SmallVector<int64_t>{1, -2, 3}));
}

TEST(ConstTensor, FromProtoRawDataIsBorrowed) {
  onnx::TensorProto proto;
  proto.set_name("w");
  proto.set_data_type(kFloat);
  proto.add_dims(2);
  float vals[2] = {1.5f, -4.0f};
  proto.set_raw_data(std::string(reinterpret_cast<char *>(vals), 8));
  auto t = ConstTensor::fromProto(proto);
  ASSERT_TRUE(static_cast<bool>(t));
  EXPECT_FALSE((*t)->ownsStorage());
  EXPECT_EQ((*t)->bytes().data(), proto.raw_data().data());
  EXPECT_EQ((*t)->getDouble(1), -4.0);
}

TEST(ConstTensor, FromProtoTypedFieldAndCountMismatch) {
  onnx::TensorProto proto;
  proto.set_name("shape");
  proto.set_data_type(kInt64);
  proto.add_dims(3);
  proto.add_int64_data(7);
  proto.add_int64_data(-1);
  auto bad = ConstTensor::fromProto(proto);
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "tensor 'shape': int64_data holds 2 values, expected 3 for shape "
            "[3]");
  proto.add_int64_data(0);
  auto good = ConstTensor::fromProto(proto);
  ASSERT_TRUE(static_cast<bool>(good));
  EXPECT_EQ((*good)->getInts(), (llvm::SmallVector<int64_t>{7, -1, 0}));
}
