//===- WireFormatTest.cpp - MPI messages of candidates and results --------===//
//
// What crosses between ranks must come back exactly: genomes (inactive
// genes included), prepared text with any bytes, objectives bit for bit
// (negative zero, subnormals, the largest double), fields, the trusted
// flag, and errors as their message. A damaged message is refused.
//
//===----------------------------------------------------------------------===//

#include "cim/Mpi/MpiEvaluator.h"

#include "gtest/gtest.h"

#include <cstring>
#include <limits>

using namespace cim;
using namespace cim::mpi;

TEST(WireFormatTest, ItemRoundTrip) {
  evo::BatchItem item{{3, -1, 0, 7, 2}, std::string("measured 71.5\0x,\"", 17)};
  std::string bytes = encodeItem(41, item);
  // 8 (index) + 4 (count) + 5 * 4 (genes) + 4 (length) + 17 (text).
  EXPECT_EQ(bytes.size(), 8u + 4u + 20u + 4u + 17u);
  uint64_t index = 0;
  evo::BatchItem back;
  ASSERT_TRUE(decodeItem(bytes, index, back));
  EXPECT_EQ(index, 41u);
  EXPECT_EQ(back.genome, item.genome);
  EXPECT_EQ(back.prepared, item.prepared);
  // Truncated anywhere, or with a byte too many: refused.
  for (size_t cut = 0; cut < bytes.size(); ++cut)
    EXPECT_FALSE(
        decodeItem(llvm::StringRef(bytes).take_front(cut), index, back))
        << cut;
  EXPECT_FALSE(decodeItem(bytes + "x", index, back));
}

TEST(WireFormatTest, ResultRoundTripIsBitExact) {
  evo::Evaluation evaluation;
  evaluation.objectives = {-0.0, 4.9406564584124654e-324,
                           std::numeric_limits<double>::max(), 76.123456789};
  evaluation.fields = {"", "evaluated", "1,2"};
  evaluation.trusted = false;
  std::string bytes = encodeResult(7, evaluation);
  uint64_t index = 0;
  std::optional<llvm::Expected<evo::Evaluation>> back;
  ASSERT_TRUE(decodeResult(bytes, index, back));
  EXPECT_EQ(index, 7u);
  ASSERT_TRUE(bool(*back));
  const evo::Evaluation &got = **back;
  ASSERT_EQ(got.objectives.size(), evaluation.objectives.size());
  for (size_t m = 0; m < got.objectives.size(); ++m)
    EXPECT_EQ(std::memcmp(&got.objectives[m], &evaluation.objectives[m],
                          sizeof(double)),
              0)
        << m;
  EXPECT_EQ(got.fields, evaluation.fields);
  EXPECT_FALSE(got.trusted);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::optional<llvm::Expected<evo::Evaluation>> damaged;
    EXPECT_FALSE(
        decodeResult(llvm::StringRef(bytes).take_front(cut), index, damaged))
        << cut;
  }
}

TEST(WireFormatTest, ErrorTravelsAsItsMessage) {
  std::string bytes = encodeResult(
      3, llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "cost model failed on sub-network x"));
  uint64_t index = 0;
  std::optional<llvm::Expected<evo::Evaluation>> back;
  ASSERT_TRUE(decodeResult(bytes, index, back));
  EXPECT_EQ(index, 3u);
  ASSERT_FALSE(bool(*back));
  EXPECT_EQ(llvm::toString(back->takeError()),
            "cost model failed on sub-network x");
}
