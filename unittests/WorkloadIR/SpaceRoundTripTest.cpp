//===- SpaceRoundTripTest.cpp - Round trip over supernet genomes --------===//
//
// Every search space's random sub-networks go through emitWorkloadModule and
// extractWorkload unchanged; the MACs of the extracted IR match the
// generator's count, and the largest OFA-MobileNetV3 matches the published
// total (566,170,656 at r = 224; unittests/Supernet/SpaceTest.cpp).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "cim/Supernet/OfaMbv3Space.h"
#include "cim/Supernet/SearchSpace.h"

#include "mlir/IR/Verifier.h"

#include "gtest/gtest.h"


using namespace cim;
using namespace cim::test;

namespace {

void expectSubNetworkRoundTrip(const SubNetwork &net,
                               const std::string &label) {
  Harness h;
  auto module = emitWorkloadModule(net.workload, h.context);
  ASSERT_TRUE(module) << label << ": " << h.diagnostics;
  ASSERT_TRUE(succeeded(mlir::verify(*module))) << label << h.diagnostics;
  auto extracted = extractWorkload(firstFunc(*module));
  ASSERT_TRUE(succeeded(extracted)) << label << ": " << h.diagnostics;
  EXPECT_EQ(compareWorkloads(net.workload, extracted->workload), "") << label;
  EXPECT_EQ(extracted->workload.macs(), net.macs) << label;
}

TEST(SpaceRoundTripTest, RandomGenomesOfEverySpace) {
  std::vector<std::string> names = searchSpaceNames();
  ASSERT_FALSE(names.empty());
  for (const std::string &name : names) {
    auto space = createSearchSpace(name);
    ASSERT_TRUE(static_cast<bool>(space)) << toString(space.takeError());
    evo::Rng rng(20240217);
    // ViT sub-networks are ~150 layers; fewer samples keep the test fast.
    int samples = name.rfind("vit", 0) == 0 ? 3 : 8;
    for (int i = 0; i < samples; ++i) {
      std::vector<int> genome = (*space)->sample(rng);
      SubNetwork net = (*space)->decode(genome);
      expectSubNetworkRoundTrip(net, name + " sample " + std::to_string(i));
    }
  }
}

TEST(SpaceRoundTripTest, LargestMobileNetV3MacsMatchThePublishedTotal) {
  OfaMbv3Space space;
  std::vector<int> ks(20, 7), e(20, 6), d(5, 4);
  auto genome = space.genomeFromValues(ks, e, d);
  ASSERT_TRUE(static_cast<bool>(genome)) << toString(genome.takeError());
  SubNetwork net = space.decode(*genome);
  Harness h;
  auto module = emitWorkloadModule(net.workload, h.context);
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(firstFunc(*module));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  EXPECT_EQ(extracted->workload.macs(), 566170656);
}

} // namespace
