//===- AnalysisTest.cpp - Accuracy sources, hardware regret, resume -------===//

#include "TestPaths.h"
#include "cim/CoDesign/AccuracySources.h"
#include "cim/CoDesign/HardwareRegret.h"
#include "cim/CoDesign/RunArguments.h"

#include "cim/Supernet/OfaMbv3Space.h"
#include "cim/Supernet/VitSpace.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <fstream>

using namespace cim;
using namespace cim::codesign;

TEST(AccuracySourcesTest, AUserTableGetsARidgeFittedOnIt) {
  OfaMbv3Space space;
  std::string path = testSourcePath("test/Inputs/tiny-accuracy.csv");
  auto sources = loadAccuracySources(space, path);
  ASSERT_TRUE(static_cast<bool>(sources))
      << llvm::toString(sources.takeError());
  ASSERT_NE(sources->oracle(), nullptr);
  EXPECT_EQ(sources->tablePath, path);
  EXPECT_EQ(sources->measured->table().size(), 14u);
  EXPECT_EQ(sources->predictor->modelFile(), "");
  EXPECT_TRUE(llvm::StringRef(sources->predictorText)
                  .starts_with("ridge predictor fitted on it: 5-fold CV MAE "));
  EXPECT_EQ(sources->predictorTau, sources->predictor->model().cv.kendallTau);
  // The table answers for its networks, the ridge for the rest.
  auto measured =
      sources->oracle()->estimate(sources->measured->table().data().genomes[3]);
  ASSERT_TRUE(static_cast<bool>(measured));
  EXPECT_EQ(measured->source, AccuracySource::Measured);
  EXPECT_EQ(measured->top1, sources->measured->table().data().values[3]);
  evo::Rng rng(1);
  auto predicted = sources->oracle()->estimate(space.sample(rng));
  ASSERT_TRUE(static_cast<bool>(predicted));
  EXPECT_EQ(predicted->source, AccuracySource::Predicted);
  EXPECT_EQ(sources->oracle()->describe()["fallback"]["training_networks"], 14);
}

TEST(AccuracySourcesTest, NoneForASpaceWithoutDataAndErrorsNameTheFile) {
  VitSpace vit;
  auto none = loadAccuracySources(vit, "");
  ASSERT_TRUE(static_cast<bool>(none));
  EXPECT_EQ(none->oracle(), nullptr);
  EXPECT_EQ(none->tablePath, "");
  OfaMbv3Space space;
  auto missing = loadAccuracySources(space, "/nonexistent/acc.csv");
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find("/nonexistent/acc.csv"),
            std::string::npos);
}

TEST(HardwareRegretTest, RegretsFromTheRawSimulations) {
  OfaMbv3Space space;
  auto small =
      HardwareSpace::load(testSourcePath("test/Inputs/small-hw-space.json"));
  ASSERT_TRUE(static_cast<bool>(small)) << llvm::toString(small.takeError());
  JointProblemOptions options;
  options.workers = 2;
  auto problem = JointProblem::create(space, *small, nullptr, options);
  ASSERT_TRUE(static_cast<bool>(problem));
  std::string front = testSourcePath("test/Inputs/tiny-accuracy.csv");
  evo::ThreadPoolEvaluator evaluator(2);
  auto regret =
      analyzeHardwareRegret(**problem, space, *small, front, evaluator);
  ASSERT_TRUE(static_cast<bool>(regret)) << llvm::toString(regret.takeError());
  const size_t n = regret->networks.size(), h = regret->configurations.size();
  ASSERT_EQ(n, 14u);
  ASSERT_EQ(h, 4u);
  int bestCount = 0;
  for (size_t c = 0; c < h; ++c) {
    double worst = 0.0;
    for (size_t i = 0; i < n; ++i) {
      auto direct = mapNetwork(space.decode(regret->networks[i]).workload,
                               regret->configurations[c].config);
      ASSERT_TRUE(static_cast<bool>(direct));
      EXPECT_EQ(regret->values[i * h + c], double(direct->cycles));
      EXPECT_EQ(regret->valueTexts[i * h + c], std::to_string(direct->cycles));
      double best = regret->values[i * h];
      for (size_t d = 1; d < h; ++d)
        best = std::min(best, regret->values[i * h + d]);
      worst = std::max(worst, double(direct->cycles) / double(best) - 1.0);
    }
    EXPECT_EQ(regret->worst[c], worst);
    EXPECT_GE(regret->worst[c], regret->worst[regret->chosen]);
    bestCount += regret->bestFor[c];
  }
  EXPECT_EQ(bestCount, 14);
  // The table has no hardware columns: nothing is on an input front.
  EXPECT_TRUE(regret->onInputFront.empty());
  EXPECT_EQ(llvm::StringRef(regret->chosenGenes(*small)).count('='), 4u);

  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("cim-regret", dir));
  ASSERT_FALSE(static_cast<bool>(
      writeHardwareRegret(*regret, space, *small, dir.str())));
  auto csv = llvm::MemoryBuffer::getFile(dir + "/regret.csv");
  ASSERT_TRUE(static_cast<bool>(csv));
  EXPECT_EQ((*csv)->getBuffer().count('\n'), 5u);
  EXPECT_TRUE((*csv)->getBuffer().starts_with("hw_array_shape,hw_cores,"));
  auto raw = llvm::MemoryBuffer::getFile(dir + "/regret_cycles.csv");
  ASSERT_TRUE(static_cast<bool>(raw));
  EXPECT_EQ((*raw)->getBuffer().count('\n'), 1u + 14u * 4u);
  EXPECT_TRUE(llvm::sys::fs::exists(dir + "/best_hardware.json"));
  llvm::sys::fs::remove_directories(dir);
}

TEST(RunArgumentsTest, ThreadsAreTakenOutAndNeverStored) {
  std::vector<std::string> argv = {"tool",      "--seed", "3",
                                   "--threads", "2",      "--out=x"};
  auto threads = takeThreadsOption(argv);
  ASSERT_TRUE(static_cast<bool>(threads));
  EXPECT_EQ(*threads, 2u);
  EXPECT_EQ(argv, (std::vector<std::string>{"tool", "--seed", "3", "--out=x"}));
  std::vector<std::string> bad = {"tool", "--threads=0"};
  auto zero = takeThreadsOption(bad);
  ASSERT_FALSE(static_cast<bool>(zero));
  EXPECT_EQ(llvm::toString(zero.takeError()),
            "--threads: expected an integer from 1 to 256, found '0'");
  EXPECT_EQ(storableArguments({"tool", "--resume", "d", "--threads=4", "-seed",
                               "3", "--resume=e"}),
            (std::vector<std::string>{"-seed", "3"}));
}

TEST(RunArgumentsTest, ResumeReplaysTheStoredCommandLine) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("cim-resume", dir));
  {
    std::ofstream summary((dir + "/summary.json").str());
    summary << R"({"settings": {"arguments": ["--seed", "3", "--generations",
              "2", "--mode=joint"]}})";
  }
  std::string d = dir.str().str();
  auto same = expandResume({"tool", "--resume", d, "--threads", "2"});
  ASSERT_TRUE(static_cast<bool>(same)) << llvm::toString(same.takeError());
  EXPECT_EQ(*same,
            (std::vector<std::string>{"tool", "--seed", "3", "--generations",
                                      "2", "--mode=joint", "--resume", d,
                                      "--threads", "2", "--out=" + d}));
  // A new budget replaces the stored one, whichever flag spells it.
  auto longer = expandResume({"tool", "--resume=" + d, "--num_evals=50"});
  ASSERT_TRUE(static_cast<bool>(longer));
  EXPECT_EQ(*longer, (std::vector<std::string>{
                         "tool", "--seed", "3", "--mode=joint", "--resume=" + d,
                         "--num_evals=50", "--out=" + d}));
  auto plain = expandResume({"tool", "--seed", "1"});
  ASSERT_TRUE(static_cast<bool>(plain));
  EXPECT_EQ(*plain, (std::vector<std::string>{"tool", "--seed", "1"}));
  auto nowhere = expandResume({"tool", "--resume"});
  ASSERT_FALSE(static_cast<bool>(nowhere));
  EXPECT_EQ(llvm::toString(nowhere.takeError()), "--resume needs a directory");
  llvm::sys::fs::remove_directories(dir);
}
