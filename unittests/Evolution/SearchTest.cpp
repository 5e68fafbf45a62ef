//===- SearchTest.cpp - NSGA-II, random search, run files, resume ---------===//
//
// A toy problem stands in for the real spaces: 8 genes of 4 values, the last
// gene switches genes 5 and 6 off (so distinct genomes share a canonical
// form), accuracy-like objective maximised, cost-like objective minimised.
//
//===----------------------------------------------------------------------===//

#include "cim/Evolution/Search.h"
#include "cim/Evolution/Hypervolume.h"
#include "cim/Evolution/Pareto.h"
#include "cim/Evolution/RunFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>

using namespace cim::evo;

namespace {

class ToyProblem : public Problem {
public:
  ToyProblem() {
    for (int i = 0; i < 8; ++i)
      geneList.push_back({"g" + std::to_string(i), {"0", "1", "2", "3"}});
    objectiveList = {{"score", Sense::Maximize}, {"cost", Sense::Minimize}};
    columnList = {"score", "parity", "cost"};
  }
  const std::vector<Gene> &genes() const override { return geneList; }
  const std::vector<Objective> &objectives() const override {
    return objectiveList;
  }
  const std::vector<std::string> &columns() const override {
    return columnList;
  }
  std::vector<int> objectiveColumns() const override { return {0, 2}; }
  bool isTrusted(llvm::ArrayRef<std::string> fields) const override {
    return fields[1] == "even";
  }
  Genome canonicalize(llvm::ArrayRef<int> genome) const override {
    Genome canonical(genome.begin(), genome.end());
    if (canonical[7] == 0)
      canonical[5] = canonical[6] = -1;
    return canonical;
  }

  static void objectivesOf(llvm::ArrayRef<int> g, double &score, double &cost) {
    static const double weight[8] = {1.0, 0.7, 1.3, 0.4, 0.9, 1.1, 0.6, 0.5};
    static const double price[8] = {0.5, 1.2, 0.8, 0.3, 1.0, 0.4, 0.9, 0.2};
    score = 0.0;
    cost = 1.0;
    for (int i = 0; i < 8; ++i) {
      int x = g[i] < 0 ? 0 : g[i];
      score += weight[i] * x;
      cost += price[i] * x * x;
    }
  }

  llvm::Expected<Evaluation> evaluate(llvm::ArrayRef<int> canonical,
                                      unsigned worker) const override {
    ++calls;
    EXPECT_LT(worker, 4u);
    {
      std::lock_guard<std::mutex> lock(mutex);
      evaluated[Genome(canonical.begin(), canonical.end())]++;
    }
    if (failOn && Genome(canonical.begin(), canonical.end()) == *failOn)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "toy failure");
    Evaluation e;
    double score, cost;
    objectivesOf(canonical, score, cost);
    e.objectives = {score, cost};
    e.trusted = canonical[0] % 2 == 0;
    e.fields = {formatDouble(score), e.trusted ? "even" : "odd",
                formatDouble(cost)};
    return e;
  }

  mutable std::atomic<int> calls{0};
  mutable std::mutex mutex;
  mutable std::map<Genome, int> evaluated;
  std::optional<Genome> failOn;

private:
  std::vector<Gene> geneList;
  std::vector<Objective> objectiveList;
  std::vector<std::string> columnList;
};

SearchSettings toySettings(Algorithm algorithm = Algorithm::Nsga2) {
  SearchSettings s;
  s.algorithm = algorithm;
  s.population = 20;
  s.generations = 12;
  s.seed = 5;
  s.referencePoint = {0.0, 60.0};
  return s;
}

/// The exact front of the toy problem by enumeration of all 4^8 genomes.
double trueHypervolume(const ToyProblem &problem, const Point &reference) {
  std::vector<Point> points;
  Genome g(8, 0);
  for (int code = 0; code < 1 << 16; ++code) {
    for (int i = 0; i < 8; ++i)
      g[i] = (code >> (2 * i)) & 3;
    double score, cost;
    ToyProblem::objectivesOf(problem.canonicalize(g), score, cost);
    points.push_back({-score, cost});
  }
  return hypervolume(points, reference);
}

std::string readFile(const std::string &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : std::string("<missing>");
}

std::string makeTempDir() {
  llvm::SmallString<128> path;
  EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("cim-opt-test", path));
  return path.str().str();
}

std::vector<double> hypervolumes(const Search &search) {
  std::vector<double> result;
  for (const GenerationStats &s : search.history())
    result.push_back(s.hypervolume);
  return result;
}

} // namespace

TEST(SearchTest, NoCandidateIsEvaluatedTwice) {
  for (Algorithm algorithm : {Algorithm::Nsga2, Algorithm::Random}) {
    ToyProblem problem;
    Search search(problem, toySettings(algorithm));
    ASSERT_FALSE(llvm::errorToBool(search.run()));
    EXPECT_EQ(search.records().size(), 12u * 20u);
    EXPECT_EQ(problem.calls.load(), 240);
    for (const auto &[genome, count] : problem.evaluated)
      EXPECT_EQ(count, 1);
    for (const Record &record : search.records())
      EXPECT_EQ(record.genome, problem.canonicalize(record.genome));
  }
}

TEST(SearchTest, BitIdenticalAcrossThreadCounts) {
  ToyProblem p1, p4;
  SearchSettings one = toySettings(), four = toySettings();
  four.threads = 4;
  Search a(p1, one), b(p4, four);
  ASSERT_FALSE(llvm::errorToBool(a.run()));
  ASSERT_FALSE(llvm::errorToBool(b.run()));
  ASSERT_EQ(a.records().size(), b.records().size());
  for (size_t i = 0; i < a.records().size(); ++i) {
    EXPECT_EQ(a.records()[i].genome, b.records()[i].genome);
    EXPECT_EQ(a.records()[i].evaluation.objectives,
              b.records()[i].evaluation.objectives);
    EXPECT_EQ(a.records()[i].generation, b.records()[i].generation);
  }
  EXPECT_EQ(hypervolumes(a), hypervolumes(b));
}

TEST(SearchTest, AnAlgorithmIsItsOperators) {
  // NSGA-II put together by hand from the operators is the built-in one.
  ToyProblem p1, p2;
  SearchSettings settings = toySettings();
  Operators nsga2;
  nsga2.initialization = std::make_unique<Initialization>(
      std::make_unique<UniformSampling>(p2.genes()), settings.maxFillRounds);
  nsga2.mating = std::make_unique<Mating>(
      std::make_unique<TournamentSelection>(),
      std::make_unique<UniformCrossover>(settings.crossoverProbability),
      std::make_unique<GroupResetMutation>(
          p2.genes(), p2.mutationGroups(),
          1.0 / static_cast<double>(p2.mutationGroups().size())),
      settings.maxFillRounds);
  nsga2.survival = std::make_unique<RankAndCrowdingSurvival>();
  Search builtIn(p1, settings), composed(p2, settings, std::move(nsga2));
  ASSERT_FALSE(llvm::errorToBool(builtIn.run()));
  ASSERT_FALSE(llvm::errorToBool(composed.run()));
  ASSERT_EQ(builtIn.records().size(), composed.records().size());
  for (size_t i = 0; i < builtIn.records().size(); ++i)
    EXPECT_EQ(builtIn.records()[i].genome, composed.records()[i].genome);

  // Another composition: mating without crossover still never evaluates a
  // candidate twice.
  ToyProblem p3;
  Operators mutationOnly;
  mutationOnly.initialization = std::make_unique<Initialization>(
      std::make_unique<UniformSampling>(p3.genes()), settings.maxFillRounds);
  mutationOnly.mating =
      std::make_unique<Mating>(std::make_unique<TournamentSelection>(),
                               std::make_unique<UniformCrossover>(0.0),
                               std::make_unique<GroupResetMutation>(
                                   p3.genes(), p3.mutationGroups(), 0.5),
                               settings.maxFillRounds);
  mutationOnly.survival = std::make_unique<RankAndCrowdingSurvival>();
  Search mutating(p3, settings, std::move(mutationOnly));
  ASSERT_FALSE(llvm::errorToBool(mutating.run()));
  EXPECT_GT(mutating.records().size(), 12u);
  for (const auto &[genome, count] : p3.evaluated)
    EXPECT_EQ(count, 1);
}

TEST(SearchTest, SeedChangesTheRun) {
  ToyProblem p1, p2;
  SearchSettings other = toySettings();
  other.seed = 6;
  Search a(p1, toySettings()), b(p2, other);
  ASSERT_FALSE(llvm::errorToBool(a.run()));
  ASSERT_FALSE(llvm::errorToBool(b.run()));
  EXPECT_NE(a.records()[0].genome, b.records()[0].genome);
}

TEST(SearchTest, HypervolumeHistoryIsExactAndMonotone) {
  ToyProblem problem;
  Search search(problem, toySettings());
  ASSERT_FALSE(llvm::errorToBool(search.run()));
  const Point reference = search.minimizedReference();
  size_t end = 0;
  double previous = 0.0;
  for (const GenerationStats &s : search.history()) {
    end += s.evaluations;
    std::vector<Point> all, trusted;
    for (size_t i = 0; i < end; ++i) {
      all.push_back(search.minimized(search.records()[i].evaluation));
      if (search.records()[i].evaluation.trusted)
        trusted.push_back(all.back());
    }
    EXPECT_DOUBLE_EQ(s.hypervolume, hypervolume(all, reference));
    EXPECT_DOUBLE_EQ(s.trustedHypervolume, hypervolume(trusted, reference));
    EXPECT_GE(s.hypervolume, previous);
    previous = s.hypervolume;
  }
}

TEST(SearchTest, Nsga2ApproachesTheTrueFrontAndBeatsRandom) {
  ToyProblem problem;
  SearchSettings settings = toySettings();
  settings.generations = 40;
  Search nsga(problem, settings);
  ASSERT_FALSE(llvm::errorToBool(nsga.run()));
  settings.algorithm = Algorithm::Random;
  ToyProblem other;
  Search random(other, settings);
  ASSERT_FALSE(llvm::errorToBool(random.run()));
  const double best = trueHypervolume(problem, nsga.minimizedReference());
  const double reached = nsga.history().back().hypervolume;
  EXPECT_GT(reached, 0.95 * best);
  EXPECT_LE(reached, best * (1 + 1e-12));
  EXPECT_GT(reached, random.history().back().hypervolume);
}

TEST(SearchTest, ExhaustedSpaceStopsCleanly) {
  // 4^8 raw genomes but far fewer than a large budget of distinct ones when
  // the population dwarfs it: here every genome is the same canonical point.
  class Tiny : public ToyProblem {
    Genome canonicalize(llvm::ArrayRef<int> genome) const override {
      Genome g(genome.begin(), genome.end());
      for (int i = 1; i < 8; ++i)
        g[i] = -1;
      return g;
    }
  } problem;
  SearchSettings settings = toySettings();
  settings.population = 3;
  Search search(problem, settings);
  ASSERT_FALSE(llvm::errorToBool(search.run()));
  EXPECT_EQ(search.records().size(), 4u); // g0 in {0,1,2,3}
  EXPECT_FALSE(search.stopReason().empty());
}

TEST(SearchTest, EvaluationErrorsPropagate) {
  ToyProblem problem;
  SearchSettings settings = toySettings();
  settings.threads = 2;
  Search probe(problem, settings);
  ASSERT_FALSE(llvm::errorToBool(probe.run()));
  ToyProblem failing;
  failing.failOn = probe.records()[30].genome;
  Search search(failing, settings);
  llvm::Error error = search.run();
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_EQ(llvm::toString(std::move(error)), "toy failure");
}

TEST(SearchTest, BadSettingsAreErrors) {
  ToyProblem problem;
  SearchSettings settings = toySettings();
  settings.referencePoint = {1.0};
  Search search(problem, settings);
  llvm::Error error = search.run();
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("reference point"),
            std::string::npos);
}

TEST(SearchTest, RunFilesAndResumeEqualAnUninterruptedRun) {
  const nlohmann::json settingsJson = {{"toy", true}};
  // Uninterrupted run.
  std::string full = makeTempDir();
  {
    ToyProblem problem;
    Search search(problem, toySettings());
    auto writer = RunWriter::create(full, problem, settingsJson);
    ASSERT_TRUE(static_cast<bool>(writer));
    ASSERT_FALSE(llvm::errorToBool(search.run(writer->get())));
    ASSERT_FALSE(llvm::errorToBool((*writer)->finish(search)));
  }
  std::string csv = readFile(full + "/evaluations.csv");
  // Header plus 240 rows, columns as documented.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 241);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "eval_idx,generation,g0,g1,g2,g3,g4,g5,g6,g7,score,parity,cost,"
            "on_front");

  // Interrupted run: 5 generations, then cut in the middle of a row.
  std::string part = makeTempDir();
  {
    ToyProblem problem;
    SearchSettings settings = toySettings();
    settings.generations = 5;
    Search search(problem, settings);
    auto writer = RunWriter::create(part, problem, settingsJson);
    ASSERT_TRUE(static_cast<bool>(writer));
    ASSERT_FALSE(llvm::errorToBool(search.run(writer->get())));
  }
  std::string partial = readFile(part + "/evaluations.csv");
  size_t cut = 0;
  for (int line = 0; line < 1 + 87; ++line)
    cut = partial.find('\n', cut) + 1;
  {
    std::ofstream out(part + "/evaluations.csv", std::ios::trunc);
    out << partial.substr(0, cut + 7); // 87 rows and a torn 88th
  }

  ToyProblem problem;
  auto existing = readEvaluations(part + "/evaluations.csv", problem);
  ASSERT_TRUE(static_cast<bool>(existing));
  ASSERT_EQ(existing->size(), 87u);
  Search resumed(problem, toySettings());
  resumed.setReplay(*existing);
  auto writer = RunWriter::create(part, problem, settingsJson, *existing);
  ASSERT_TRUE(static_cast<bool>(writer));
  ASSERT_FALSE(llvm::errorToBool(resumed.run(writer->get())));
  ASSERT_FALSE(llvm::errorToBool((*writer)->finish(resumed)));
  EXPECT_EQ(resumed.replayedCount(), 87);
  EXPECT_EQ(problem.calls.load(), 240 - 87);
  EXPECT_EQ(readFile(part + "/evaluations.csv"), csv);
  EXPECT_EQ(readFile(part + "/front.csv"), readFile(full + "/front.csv"));

  auto summaryOf = [](const std::string &dir) {
    return nlohmann::json::parse(readFile(dir + "/summary.json"), nullptr,
                                 false);
  };
  nlohmann::json a = summaryOf(full), b = summaryOf(part);
  ASSERT_FALSE(a.is_discarded());
  ASSERT_FALSE(b.is_discarded());
  ASSERT_EQ(a["generations"].size(), 12u);
  for (size_t g = 0; g < 12; ++g)
    EXPECT_EQ(a["generations"][g]["hypervolume"],
              b["generations"][g]["hypervolume"]);
  EXPECT_EQ(b["evaluations_replayed"], 87);
  EXPECT_EQ(a["status"], "complete");

  // The front file holds exactly the non-dominated rows.
  std::string front = readFile(full + "/front.csv");
  EXPECT_EQ(static_cast<size_t>(std::count(front.begin(), front.end(), '\n')),
            1 + resumed.paretoFront().size());
}

TEST(SearchTest, ResumeWithOtherSettingsIsDetected) {
  ToyProblem first;
  Search original(first, toySettings());
  ASSERT_FALSE(llvm::errorToBool(original.run()));
  ToyProblem second;
  SearchSettings other = toySettings();
  other.seed = 77;
  Search resumed(second, other);
  resumed.setReplay(original.records());
  llvm::Error error = resumed.run();
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("resume: evaluation 0"),
            std::string::npos);
}

TEST(SearchTest, ReadEvaluationsNamesBadCells) {
  std::string dir = makeTempDir();
  ToyProblem problem;
  {
    std::ofstream out(dir + "/evaluations.csv");
    out << "eval_idx,generation,g0,g1,g2,g3,g4,g5,g6,g7,score,parity,cost,"
           "on_front\n"
        << "0,0,1,2,3,9,0,0,0,1,1,odd,2,0\n";
  }
  auto records = readEvaluations(dir + "/evaluations.csv", problem);
  ASSERT_FALSE(static_cast<bool>(records));
  EXPECT_EQ(llvm::toString(records.takeError()),
            dir + "/evaluations.csv:2: column g3: '9' is not one of its "
                  "values");
}

TEST(SearchTest, FormatDoubleRoundTrips) {
  for (double v : {0.1, 75.448, 1e300, 123456789.0, -0.0, 1.0 / 3.0}) {
    double back;
    ASSERT_TRUE(parseDouble(formatDouble(v), back));
    EXPECT_EQ(back, v);
  }
  EXPECT_EQ(formatDouble(75.448), "75.448");
  double ignored;
  EXPECT_FALSE(parseDouble("7x", ignored));
  EXPECT_FALSE(parseDouble("", ignored));
}

namespace {

/// Evaluates a batch from its last item to its first, and keeps what it
/// was given: the search must not depend on where or in which order a
/// batch is evaluated.
class ReversedEvaluator : public BatchEvaluator {
public:
  std::vector<llvm::Expected<Evaluation>>
  evaluate(const Problem &problem, llvm::ArrayRef<BatchItem> items) override {
    std::vector<std::optional<llvm::Expected<Evaluation>>> computed(
        items.size());
    for (size_t i = items.size(); i-- > 0;) {
      computed[i].emplace(
          problem.evaluatePrepared(items[i].genome, items[i].prepared, 0));
      prepared.push_back(items[i].prepared);
    }
    std::vector<llvm::Expected<Evaluation>> results;
    for (auto &result : computed)
      results.push_back(std::move(*result));
    ++batches;
    return results;
  }
  int batches = 0;
  std::vector<std::string> prepared;
};

/// The toy problem with a batch step: each candidate's prepared text is its
/// first gene, which evaluatePrepared checks.
class PreparedToyProblem : public ToyProblem {
public:
  llvm::Expected<std::vector<std::string>>
  prepareBatch(llvm::ArrayRef<Genome> canonical, int) const override {
    ++prepareCalls;
    std::vector<std::string> texts;
    for (const Genome &genome : canonical)
      texts.push_back("g0=" + std::to_string(genome[0]));
    return texts;
  }
  llvm::Expected<Evaluation> evaluatePrepared(llvm::ArrayRef<int> canonical,
                                              llvm::StringRef prepared,
                                              unsigned worker) const override {
    EXPECT_EQ(prepared, "g0=" + std::to_string(canonical[0]));
    return evaluate(canonical, worker);
  }
  mutable int prepareCalls = 0;
};

} // namespace

TEST(SearchTest, AnyBatchEvaluatorGivesTheSameRun) {
  ToyProblem plain;
  Search reference(plain, toySettings()); // the default in-process pool
  ASSERT_FALSE(llvm::errorToBool(reference.run()));

  PreparedToyProblem prepared;
  ReversedEvaluator reversed;
  Search search(prepared, toySettings());
  search.setEvaluator(&reversed);
  ASSERT_FALSE(llvm::errorToBool(search.run()));

  // One prepareBatch and one batch per generation; every item carried its
  // prepared text.
  EXPECT_EQ(prepared.prepareCalls, toySettings().generations);
  EXPECT_EQ(reversed.batches, toySettings().generations);
  EXPECT_EQ(reversed.prepared.size(), search.records().size());
  ASSERT_EQ(search.records().size(), reference.records().size());
  for (size_t i = 0; i < search.records().size(); ++i) {
    EXPECT_EQ(search.records()[i].genome, reference.records()[i].genome);
    EXPECT_EQ(search.records()[i].evaluation.fields,
              reference.records()[i].evaluation.fields);
  }
}
