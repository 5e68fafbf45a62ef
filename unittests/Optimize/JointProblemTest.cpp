//===- JointProblemTest.cpp - The CiM search problem ----------------------===//

#include "cim/Optimize/JointProblem.h"
#include "TestPaths.h"
#include "cim/Optimize/AccuracyOracles.h"

#include "cim/Hardware/HardwareJson.h"
#include "cim/Search/OfaMbv3Space.h"

#include "llvm/Support/FileSystem.h"

#include "gtest/gtest.h"

#include <fstream>
#include <random>

using namespace cim;
using namespace cim::opt;

namespace {

/// A fixed synthetic oracle: accuracy = 70 + sum of depth indices.
class DepthOracle : public AccuracyOracle {
public:
  explicit DepthOracle(const SearchSpace &space) : space(space) {}
  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override {
    const GeneGroup *d = space.findGroup("d");
    double value = 70.0;
    for (int i = 0; i < d->count; ++i)
      value += genome[d->offset + i];
    return AccuracyEstimate{value, AccuracySource::Synthetic};
  }
  nlohmann::json describe() const override { return "depth oracle"; }

private:
  const SearchSpace &space;
};

struct JointProblemTest : public ::testing::Test {
  void SetUp() override {
    auto loaded =
        HardwareSpace::load(testSourcePath("configs/hw-space/default.json"));
    ASSERT_TRUE(static_cast<bool>(loaded))
        << llvm::toString(loaded.takeError());
    hardwareSpace = std::make_unique<HardwareSpace>(std::move(*loaded));
  }
  std::vector<int> randomGenome(uint64_t seed) {
    std::mt19937_64 rng(seed);
    return space.sample(rng);
  }

  OfaMbv3Space space;
  std::unique_ptr<HardwareSpace> hardwareSpace;
};

} // namespace

TEST_F(JointProblemTest, JointGenesCanonicalFormAndGroups) {
  DepthOracle oracle(space);
  auto problem = JointProblem::create(space, *hardwareSpace, &oracle, {});
  ASSERT_TRUE(static_cast<bool>(problem));
  const JointProblem &p = **problem;
  ASSERT_EQ(p.genes().size(), 45u + hardwareSpace->genes().size());
  EXPECT_EQ(p.genes()[0].name, "ks0");
  EXPECT_EQ(p.genes()[20].name, "e0");
  EXPECT_EQ(p.genes()[40].name, "d0");
  EXPECT_EQ(p.genes()[45].name, "hw_array_shape");
  EXPECT_EQ(p.genes()[0].labels, (std::vector<std::string>{"3", "5", "7"}));

  // Depth index 0 (d = 2) in stage 0: slots 2 and 3 are inactive.
  std::vector<int> genome(p.genes().size(), 1);
  genome[40] = 0;
  Genome canonical = p.canonicalize(genome);
  EXPECT_EQ(canonical[2], -1);
  EXPECT_EQ(canonical[3], -1);
  EXPECT_EQ(canonical[22], -1);
  EXPECT_EQ(canonical[23], -1);
  EXPECT_EQ(canonical[1], 1);
  EXPECT_EQ(canonical[44], 1);
  // Inactive genes do not distinguish candidates.
  std::vector<int> other = genome;
  other[2] = 2;
  other[23] = 0;
  EXPECT_EQ(p.canonicalize(other), canonical);

  // ks and e of a block mutate together; everything else alone.
  std::vector<std::vector<int>> groups = p.mutationGroups();
  EXPECT_EQ(groups.size(), 20u + 5u + hardwareSpace->genes().size());
  EXPECT_EQ(groups[3], (std::vector<int>{3, 23}));
  EXPECT_EQ(groups[20], (std::vector<int>{40}));
}

TEST_F(JointProblemTest, EvaluationMatchesTheCostModelAndKeepsInvariants) {
  DepthOracle oracle(space);
  JointProblemOptions options;
  options.workers = 2;
  auto problem = JointProblem::create(space, *hardwareSpace, &oracle, options);
  ASSERT_TRUE(static_cast<bool>(problem));
  const JointProblem &p = **problem;
  const HardwareConfig &base = hardwareSpace->base();
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    std::vector<int> model = randomGenome(seed);
    std::vector<int> hw = {static_cast<int>(seed % 8),
                           static_cast<int>(seed % 5), 1,
                           static_cast<int>(seed % 4)};
    std::vector<int> genome = model;
    genome.insert(genome.end(), hw.begin(), hw.end());
    Genome canonical = p.canonicalize(genome);
    auto evaluation = p.evaluate(canonical, seed % 2);
    ASSERT_TRUE(static_cast<bool>(evaluation))
        << llvm::toString(evaluation.takeError());

    // The same simulation, called directly.
    auto config = hardwareSpace->decode(hw);
    ASSERT_TRUE(static_cast<bool>(config));
    SubNetwork network = space.decode(space.canonicalize(model));
    auto direct = mapNetwork(network.workload, *config);
    ASSERT_TRUE(static_cast<bool>(direct));
    EXPECT_EQ(evaluation->objectives[1], static_cast<double>(direct->cycles));

    double depth = 70.0;
    for (int i = 40; i < 45; ++i)
      depth += model[i];
    EXPECT_EQ(evaluation->objectives[0], depth);
    EXPECT_FALSE(evaluation->trusted);

    const std::vector<std::string> &columns = p.columns();
    auto field = [&](llvm::StringRef name) {
      auto it = llvm::find(columns, name);
      EXPECT_NE(it, columns.end()) << name.str();
      return evaluation->fields[it - columns.begin()];
    };
    EXPECT_EQ(field("cycles"), std::to_string(direct->cycles));
    EXPECT_EQ(field("macs"), std::to_string(network.macs));
    EXPECT_EQ(field("accuracy_source"), "synthetic");
    EXPECT_EQ(field("rows"), std::to_string(config->rows));
    const int64_t cores = std::stoll(field("cores"));
    EXPECT_EQ(std::stoll(field("gb_bytes")) +
                  cores * std::stoll(field("lb_bytes")),
              base.totalSramBytes());
    EXPECT_EQ(std::stoll(field("gb_bytes_per_cycle")) +
                  cores * std::stoll(field("lb_bytes_per_cycle")),
              base.bandwidthBudgetBytesPerCycle());
    EXPECT_EQ(cores * std::stoll(field("vector_lanes_per_core")),
              base.totalVectorLanes());
  }
  nlohmann::json stats = p.statistics();
  EXPECT_EQ(stats["accuracy_sources_this_session"]["synthetic"], 4);
  EXPECT_EQ(stats["layer_cost_cache"]["per_worker_tables"], 2);
}

TEST_F(JointProblemTest, ModelOnlyAndHardwareOnlyGenomes) {
  DepthOracle oracle(space);
  JointProblemOptions modelOnly;
  modelOnly.mode = SearchMode::ModelOnly;
  EXPECT_FALSE(static_cast<bool>(
      JointProblem::create(space, *hardwareSpace, &oracle, modelOnly)));
  modelOnly.fixedHardware = hardwareSpace->base();
  auto mo = JointProblem::create(space, *hardwareSpace, &oracle, modelOnly);
  ASSERT_TRUE(static_cast<bool>(mo));
  EXPECT_EQ((*mo)->genes().size(), 45u);

  JointProblemOptions hardwareOnly;
  hardwareOnly.mode = SearchMode::HardwareOnly;
  hardwareOnly.fixedModel = space.canonicalize(randomGenome(9));
  auto ho = JointProblem::create(space, *hardwareSpace, &oracle, hardwareOnly);
  ASSERT_TRUE(static_cast<bool>(ho));
  EXPECT_EQ((*ho)->genes().size(), hardwareSpace->genes().size());
  auto a = (*ho)->evaluate({0, 0, 0, 0}, 0);
  auto b = (*ho)->evaluate({7, 4, 2, 3}, 0);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->objectives[0], b->objectives[0]); // same network
}

TEST_F(JointProblemTest, MeasuredTableThenRidgeWithProvenance) {
  // A synthetic table whose top-1 is exactly linear in the active genes'
  // one-hot features, so a nearly unregularised ridge reproduces it.
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("acc", "csv", path));
  std::vector<std::vector<int>> genomes;
  {
    std::ofstream out(path.c_str());
    for (int i = 0; i < 20; ++i)
      out << "ks" << i << ",";
    for (int i = 0; i < 20; ++i)
      out << "e" << i << ",";
    out << "d0,d1,d2,d3,d4,resolution,top1\n";
    for (uint64_t seed = 100; seed < 400; ++seed) {
      std::vector<int> g = space.canonicalize(randomGenome(seed));
      genomes.push_back(g);
      double top1 = 72.0;
      for (int i = 0; i < 45; ++i)
        if (space.isActive(g, i))
          top1 += 0.01 * (i % 7) * g[i];
      for (int i = 0; i < 45; ++i) {
        const GeneGroup &group = space.groupOf(i);
        out << (space.isActive(g, i) ? formatGeneValue(group.values[g[i]])
                                     : std::string("0"))
            << ",";
      }
      out << "224," << formatDouble(top1) << "\n";
    }
  }
  auto table = MeasuredAccuracy::load(space, path, nullptr);
  ASSERT_TRUE(static_cast<bool>(table)) << llvm::toString(table.takeError());
  EXPECT_EQ((*table)->size(), 300u);
  auto ridge =
      RidgeAccuracy::fit(space, (*table)->genomes(), (*table)->values(), 1e-6);
  ASSERT_TRUE(static_cast<bool>(ridge));
  EXPECT_LT((*ridge)->cvMae(), 1e-3);
  EXPECT_GT((*ridge)->cvKendallTau(), 0.99);
  (*table)->setFallback(ridge->get());

  auto measured = (*table)->estimate(genomes[5]);
  ASSERT_TRUE(static_cast<bool>(measured));
  EXPECT_EQ(measured->source, AccuracySource::Measured);
  std::vector<double> values = (*table)->values();
  std::vector<std::vector<int>> stored = (*table)->genomes();
  auto at = llvm::find(stored, genomes[5]) - stored.begin();
  EXPECT_EQ(measured->top1, values[at]);

  std::vector<int> fresh = space.canonicalize(randomGenome(7));
  ASSERT_EQ(llvm::find(stored, fresh), stored.end());
  auto predicted = (*table)->estimate(fresh);
  ASSERT_TRUE(static_cast<bool>(predicted));
  EXPECT_EQ(predicted->source, AccuracySource::Predicted);
  double expected = 72.0;
  for (int i = 0; i < 45; ++i)
    if (space.isActive(fresh, i))
      expected += 0.01 * (i % 7) * fresh[i];
  EXPECT_NEAR(predicted->top1, expected, 1e-3);

  // Without a fallback an unmeasured network is an error naming it.
  auto bare = MeasuredAccuracy::load(space, path, nullptr);
  ASSERT_TRUE(static_cast<bool>(bare));
  auto missing = (*bare)->estimate(fresh);
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find("no predictor"),
            std::string::npos);
  llvm::sys::fs::remove(path);
}

TEST(KendallTauTest, ByHand) {
  // Pairs of (1,2,3,4) vs (1,3,2,4): 5 concordant, 1 discordant -> 4/6.
  EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3, 4}, {1, 3, 2, 4}), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3}, {3, 2, 1}), -1.0);
  // tau-b with a tie in b: pairs (1,2) tie in b; (1,3),(2,3) concordant:
  // 2 / sqrt(3 * 2).
  EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3}, {1, 1, 2}), 2.0 / std::sqrt(6.0));
}

TEST_F(JointProblemTest, MemoLimitChangesNothingButTheHitRate) {
  DepthOracle oracle(space);
  JointProblemOptions bounded;
  bounded.cacheEntryLimit = 0; // emptied before every simulation
  auto a = JointProblem::create(space, *hardwareSpace, &oracle, {});
  auto b = JointProblem::create(space, *hardwareSpace, &oracle, bounded);
  ASSERT_TRUE(a && b);
  for (uint64_t seed = 20; seed < 23; ++seed) {
    std::vector<int> genome = randomGenome(seed);
    genome.insert(genome.end(), {3, 2, 1, 0});
    Genome canonical = (*a)->canonicalize(genome);
    auto x = (*a)->evaluate(canonical, 0);
    auto y = (*b)->evaluate(canonical, 0);
    ASSERT_TRUE(x && y);
    EXPECT_EQ(x->fields, y->fields);
  }
  EXPECT_EQ((*a)->statistics()["layer_cost_cache"]["times_emptied"], 0);
  EXPECT_GE((*b)->statistics()["layer_cost_cache"]["times_emptied"], 2);
}
