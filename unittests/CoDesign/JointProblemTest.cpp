//===- JointProblemTest.cpp - The CiM search problem ----------------------===//

#include "cim/CoDesign/JointProblem.h"
#include "TestPaths.h"
#include "cim/Predict/AccuracyTable.h"

#include "cim/CostModel/Area.h"
#include "cim/CostModel/Energy.h"
#include "cim/Hardware/HardwareJson.h"
#include "cim/Supernet/OfaMbv3Space.h"

#include "llvm/Support/FileSystem.h"

#include "gtest/gtest.h"

#include <fstream>

using namespace cim;
using namespace cim::codesign;
using cim::evo::Genome;

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
  /// Every gene at its last value.
  std::vector<int> largestGenome() const {
    std::vector<int> largest;
    for (int i = 0; i < space.genomeLength(); ++i)
      largest.push_back(static_cast<int>(space.groupOf(i).values.size()) - 1);
    return largest;
  }
  std::vector<int> randomGenome(uint64_t seed) {
    evo::Rng rng(seed);
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

TEST_F(JointProblemTest, AnUnmeasuredNetworkWithoutAPredictorIsAnError) {
  auto table = AccuracyTable::load(
      space, testSourcePath("test/Inputs/tiny-accuracy.csv"));
  ASSERT_TRUE(static_cast<bool>(table)) << llvm::toString(table.takeError());
  std::vector<int> measured = table->data().genomes[0];
  MeasuredAccuracy bare(space, std::move(*table));
  auto problem = JointProblem::create(space, *hardwareSpace, &bare, {});
  ASSERT_TRUE(static_cast<bool>(problem));
  Genome genome = measured;
  genome.insert(genome.end(), {0, 0, 0, 0});
  auto known = (*problem)->evaluate((*problem)->canonicalize(genome), 0);
  ASSERT_TRUE(static_cast<bool>(known)) << llvm::toString(known.takeError());
  EXPECT_TRUE(known->trusted);
  genome = randomGenome(3);
  genome.insert(genome.end(), {0, 0, 0, 0});
  auto unknown = (*problem)->evaluate((*problem)->canonicalize(genome), 0);
  ASSERT_FALSE(static_cast<bool>(unknown));
  std::string message = llvm::toString(unknown.takeError());
  EXPECT_NE(message.find("no accuracy for sub-network ks="), std::string::npos)
      << message;
  EXPECT_NE(message.find("no predictor"), std::string::npos) << message;
}

TEST_F(JointProblemTest, DefaultReferencePointAndOneEvaluation) {
  auto small =
      HardwareSpace::load(testSourcePath("test/Inputs/small-hw-space.json"));
  ASSERT_TRUE(static_cast<bool>(small)) << llvm::toString(small.takeError());
  DepthOracle oracle(space);
  auto problem = JointProblem::create(space, *small, &oracle, {});
  ASSERT_TRUE(static_cast<bool>(problem));

  // Every gene at its last value, on each of the 4 configurations.
  std::vector<int> largest = largestGenome();
  auto configurations = allConfigurations(*small);
  ASSERT_TRUE(static_cast<bool>(configurations));
  ASSERT_EQ(configurations->size(), 4u);
  EXPECT_EQ((*configurations)[1].genome, (std::vector<int>{1, 0, 0, 0}));
  int64_t worst = 0;
  for (const HardwareChoice &choice : *configurations) {
    auto direct = mapNetwork(space.decode(largest).workload, choice.config);
    ASSERT_TRUE(static_cast<bool>(direct));
    worst = std::max(worst, direct->cycles);
  }
  auto reference = (*problem)->defaultReferencePoint();
  ASSERT_TRUE(static_cast<bool>(reference));
  EXPECT_EQ(*reference,
            (std::vector<double>{70.0, std::ceil(1.1 * double(worst))}));

  // --evaluate's row: the same simulation and the oracle's accuracy.
  const HardwareConfig &hardware = (*configurations)[2].config;
  auto csv = (*problem)->evaluationCsv(largest, hardware);
  ASSERT_TRUE(static_cast<bool>(csv));
  auto direct = mapNetwork(space.decode(largest).workload, hardware);
  ASSERT_TRUE(static_cast<bool>(direct));
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(*csv).split(lines, '\n', -1, /*KeepEmpty=*/false);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "subnet,hw,accuracy,accuracy_source,cycles,macs,params,"
                      "bounding_term,dram_bytes,gb_bytes,lb_bytes,energy_pj,"
                      "edp_pj_us,area_mm2");
  EXPECT_TRUE(lines[1].starts_with("\"ks=7,7,7,7,"));
  EXPECT_NE(
      lines[1].find(",80,synthetic," + std::to_string(direct->cycles) + ","),
      llvm::StringRef::npos)
      << lines[1].str();
}

/// Energy of a network summed layer by layer from the library entry point
/// (layerEnergy plans each layer again under its recorded mapping): a
/// second path to what the search sums from the mapper's memoized counts.
static double energyByLayers(const Workload &workload,
                             const HardwareConfig &hw) {
  auto mapped = mapNetwork(workload, hw);
  EXPECT_TRUE(static_cast<bool>(mapped));
  if (!mapped)
    return 0.0;
  double total = 0.0;
  for (size_t i = 0; i < workload.layers.size(); ++i) {
    auto energy = layerEnergy(workload.layers[i], hw, mapped->mappings[i]);
    EXPECT_TRUE(static_cast<bool>(energy));
    if (energy)
      total += energy->total();
  }
  return total;
}

TEST_F(JointProblemTest, EnergyEdpAndAreaObjectivesMatchTheLibrary) {
  DepthOracle oracle(space);
  JointProblemOptions options;
  options.workers = 2;
  options.objectives = {Metric::Energy, Metric::Accuracy, Metric::Edp};
  auto problem = JointProblem::create(space, *hardwareSpace, &oracle, options);
  ASSERT_TRUE(static_cast<bool>(problem))
      << llvm::toString(problem.takeError());
  const JointProblem &p = **problem;
  ASSERT_EQ(p.objectives().size(), 3u);
  EXPECT_EQ(p.objectives()[0].name, "energy");
  EXPECT_EQ(p.objectives()[1].sense, evo::Sense::Maximize);
  EXPECT_EQ(p.objectives()[2].name, "edp");
  const std::vector<std::string> &columns = p.columns();
  // New columns come last, after every column the tool wrote before.
  ASSERT_GE(columns.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(columns.end() - 3, columns.end()),
            (std::vector<std::string>{"energy_pj", "edp_pj_us", "area_mm2"}));
  std::vector<int> objectiveColumns = p.objectiveColumns();
  EXPECT_EQ(columns[objectiveColumns[0]], "energy_pj");
  EXPECT_EQ(columns[objectiveColumns[1]], "accuracy");
  EXPECT_EQ(columns[objectiveColumns[2]], "edp_pj_us");

  for (uint64_t seed = 1; seed <= 5; ++seed) {
    std::vector<int> model = randomGenome(seed + 10);
    std::vector<int> hw = {
        static_cast<int>(seed % 8), static_cast<int>((seed * 3) % 5),
        static_cast<int>(seed % 3), static_cast<int>(seed % 4)};
    std::vector<int> genome = model;
    genome.insert(genome.end(), hw.begin(), hw.end());
    // Twice on one worker: the second reads every layer from the memo.
    auto first = p.evaluate(p.canonicalize(genome), 0);
    auto second = p.evaluate(p.canonicalize(genome), 0);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->objectives, second->objectives);
    EXPECT_EQ(first->fields, second->fields);

    auto config = hardwareSpace->decode(hw);
    ASSERT_TRUE(static_cast<bool>(config));
    SubNetwork network = space.decode(space.canonicalize(model));
    auto direct = mapNetwork(network.workload, *config);
    ASSERT_TRUE(static_cast<bool>(direct));
    const double expected = energyByLayers(network.workload, *config);
    const double energy = first->objectives[0];
    EXPECT_GT(energy, 0.0);
    // Summed in another order (layer totals, not components): equal to
    // rounding.
    EXPECT_NEAR(energy, expected, 1e-12 * expected);
    // EDP = energy x latency, latency = cycles / clock (MHz) in us.
    const double latencyUs = static_cast<double>(direct->cycles) /
                             static_cast<double>(config->clockMhz);
    EXPECT_NEAR(first->objectives[2], energy * latencyUs,
                1e-12 * energy * latencyUs);

    auto field = [&](llvm::StringRef name) {
      auto it = llvm::find(columns, name);
      EXPECT_NE(it, columns.end()) << name.str();
      return first->fields[it - columns.begin()];
    };
    // The fields read back to the objectives exactly (resume relies on it).
    double parsed = 0;
    ASSERT_TRUE(evo::parseDouble(field("energy_pj"), parsed));
    EXPECT_EQ(parsed, energy);
    ASSERT_TRUE(evo::parseDouble(field("edp_pj_us"), parsed));
    EXPECT_EQ(parsed, first->objectives[2]);
    ASSERT_TRUE(evo::parseDouble(field("area_mm2"), parsed));
    EXPECT_EQ(parsed, chipArea(*config).total());
    EXPECT_EQ(field("cycles"), std::to_string(direct->cycles));
  }
}

TEST_F(JointProblemTest, ObjectiveListErrors) {
  auto message = [](llvm::StringRef text) {
    auto parsed = parseObjectives(text);
    return parsed ? std::string("ok") : llvm::toString(parsed.takeError());
  };
  EXPECT_EQ(message("accuracy,energy"), "ok");
  EXPECT_EQ(message("accuracy,latency"),
            "--objectives: unknown objective 'latency' in 'accuracy,latency' "
            "(expected 1 to 3 of accuracy, cycles, energy, edp, area)");
  EXPECT_EQ(message("cycles,energy,cycles"),
            "--objectives: 'cycles' is given twice in 'cycles,energy,cycles'");
  EXPECT_EQ(message("accuracy,cycles,energy,edp"),
            "--objectives: at most 3 objectives (the exact hypervolume covers "
            "1 to 3), found 4 in 'accuracy,cycles,energy,edp'");
  EXPECT_EQ(message(""), "--objectives: unknown objective '' in '' (expected "
                         "1 to 3 of accuracy, cycles, energy, edp, area)");

  DepthOracle oracle(space);
  auto createError = [&](std::vector<Metric> metrics, SearchMode mode,
                         const AccuracyOracle *accuracy) {
    JointProblemOptions options;
    options.mode = mode;
    options.objectives = std::move(metrics);
    if (mode == SearchMode::ModelOnly)
      options.fixedHardware = hardwareSpace->base();
    if (mode == SearchMode::HardwareOnly)
      options.fixedModel = space.canonicalize(randomGenome(1));
    auto problem =
        JointProblem::create(space, *hardwareSpace, accuracy, options);
    return problem ? std::string("ok") : llvm::toString(problem.takeError());
  };
  EXPECT_EQ(createError({Metric::Accuracy, Metric::Energy}, SearchMode::Joint,
                        nullptr),
            "--objectives accuracy,energy: accuracy is an objective, but this "
            "space has no accuracy source (give --accuracy-data or "
            "--accuracy-evaluator, or leave accuracy out)");
  EXPECT_EQ(createError({Metric::Accuracy, Metric::Area}, SearchMode::ModelOnly,
                        &oracle),
            "--objectives accuracy,area: area is constant in a model-only "
            "search (the chip is fixed); leave it out");
  EXPECT_EQ(createError({Metric::Energy}, SearchMode::Joint, &oracle),
            "--objectives energy: a single objective only in a hardware-only "
            "search (the network is fixed); give 2 or 3");
  EXPECT_EQ(createError({Metric::Accuracy}, SearchMode::HardwareOnly, &oracle),
            "--objectives accuracy: accuracy alone is constant in a "
            "hardware-only search (the network is fixed)");
  EXPECT_EQ(createError({Metric::Energy}, SearchMode::HardwareOnly, &oracle),
            "ok");
  EXPECT_EQ(
      createError({Metric::Cycles, Metric::Area}, SearchMode::Joint, nullptr),
      "ok");
}

TEST_F(JointProblemTest, DefaultReferencePointOfEnergyObjectives) {
  auto small =
      HardwareSpace::load(testSourcePath("test/Inputs/small-hw-space.json"));
  ASSERT_TRUE(static_cast<bool>(small)) << llvm::toString(small.takeError());
  DepthOracle oracle(space);
  JointProblemOptions options;
  options.objectives = {Metric::Accuracy, Metric::Energy, Metric::Area};
  auto problem = JointProblem::create(space, *small, &oracle, options);
  ASSERT_TRUE(static_cast<bool>(problem));
  std::vector<int> largest = largestGenome();
  auto configurations = allConfigurations(*small);
  ASSERT_TRUE(static_cast<bool>(configurations));
  double worstEnergy = 0.0, worstArea = 0.0;
  for (const HardwareChoice &choice : *configurations) {
    worstEnergy =
        std::max(worstEnergy,
                 energyByLayers(space.decode(largest).workload, choice.config));
    worstArea = std::max(worstArea, chipArea(choice.config).total());
  }
  auto reference = (*problem)->defaultReferencePoint();
  ASSERT_TRUE(static_cast<bool>(reference));
  ASSERT_EQ(reference->size(), 3u);
  EXPECT_EQ((*reference)[0], 70.0);
  EXPECT_NEAR((*reference)[1], 1.1 * worstEnergy, 1e-12 * worstEnergy);
  EXPECT_EQ((*reference)[2], 1.1 * worstArea);
}
