//===- cim-opt-search.cpp - Joint sub-network x CiM hardware search -------===//
//
// Flag parsing and dispatch. The work is in the libraries: CimCoDesign (the
// CiM problem, where accuracy comes from, hardware regret, resume
// arguments), CimEvolution (NSGA-II / random search, run files), CimSupernet
// (spaces, genome text). Flag names follow DyNAS-T's where they mean the
// same; docs/search.md documents every flag and output column.
//
//===----------------------------------------------------------------------===//

#include "cim/CoDesign/AccuracySources.h"
#include "cim/CoDesign/HardwareRegret.h"
#include "cim/CoDesign/JointProblem.h"
#include "cim/CoDesign/RunArguments.h"
#include "cim/Evolution/Progress.h"
#include "cim/Evolution/RunFiles.h"
#include "cim/Evolution/Search.h"
#include "cim/Hardware/HardwareJson.h"
#include "cim/Hardware/HardwareSpace.h"
#include "cim/Supernet/GenomeText.h"
#include "cim/Supernet/SearchSpace.h"
#include "cim/Support/FileChecks.h"
#include "cim/Support/Resources.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#ifdef CIM_HAVE_MPI
#include "cim/Mpi/MpiEvaluator.h"
#endif

#ifdef CIM_HAVE_WORKLOAD_IR
#include "cim/Support/Error.h"
#include "cim/WorkloadIR/WorkloadIR.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"
#endif

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <optional>

using namespace cim;
using namespace cim::codesign;
using namespace cim::evo;
namespace cl = llvm::cl;

static cl::OptionCategory category("cim-opt-search options");

static cl::opt<std::string>
    spaceName("supernet",
              cl::desc("Search space: ofa_mbv3, ofa_mbv3_r, ofa_resnet50, "
                       "vit_b16 (DyNAS-T --supernet)"),
              cl::init("ofa_mbv3"), cl::cat(category));
static cl::alias spaceAlias("space", cl::desc("Alias for --supernet"),
                            cl::aliasopt(spaceName));
static cl::opt<std::string> algorithmName("search_algo",
                                          cl::desc("nsga2 (default) or random"),
                                          cl::init("nsga2"), cl::cat(category));
static cl::alias algorithmAlias("search-algo",
                                cl::desc("Alias for --search_algo"),
                                cl::aliasopt(algorithmName));
static cl::opt<int> population("population",
                               cl::desc("Population size (default 50)"),
                               cl::init(50), cl::cat(category));
static cl::opt<int>
    numEvals("num_evals",
             cl::desc("Evaluation budget; generations = num_evals / population "
                      "(DyNAS-T; default 250)"),
             cl::init(0), cl::cat(category));
static cl::alias numEvalsAlias("num-evals", cl::desc("Alias for --num_evals"),
                               cl::aliasopt(numEvals));
static cl::opt<int>
    generations("generations",
                cl::desc("Generations, the initial population included "
                         "(instead of --num_evals)"),
                cl::init(0), cl::cat(category));
static cl::opt<uint64_t> seed("seed", cl::desc("Random seed (default 42)"),
                              cl::init(42), cl::cat(category));
static cl::opt<std::string>
    outDir("results_path",
           cl::desc("Output directory (DyNAS-T "
                    "--results_path; here a directory)"),
           cl::cat(category));
static cl::alias outAlias("out", cl::desc("Alias for --results_path"),
                          cl::aliasopt(outDir));
static cl::opt<std::string>
    modeName("mode", cl::desc("joint (default), model-only or hardware-only"),
             cl::init("joint"), cl::cat(category));
static cl::opt<std::string>
    hwFile("hw",
           cl::desc("Hardware configuration JSON fixed in model-only "
                    "mode"),
           cl::cat(category));
static cl::opt<std::string>
    subnetText("subnet",
               cl::desc("Sub-network fixed in hardware-only mode "
                        "(compact 'ks=..;e=..;d=..' or DyNAS-T dict)"),
               cl::cat(category));
static cl::opt<std::string>
    hwSpaceFile("hw-space",
                cl::desc("Hardware search space JSON (default: the bundled "
                         "configs/hw-space/default.json)"),
                cl::cat(category));
static cl::opt<std::string> accuracyData(
    "accuracy-data",
    cl::desc("Measured accuracy CSV: gene columns and top1; networks not in "
             "it get a ridge predictor fitted on it (default for ofa_mbv3 "
             "and ofa_mbv3_r: the bundled data/ofa_mbv3_w10_imagenet.csv, "
             "with the committed ridge model for the rest)"),
    cl::cat(category));
static cl::opt<std::string> evaluatorCommand(
    "accuracy-evaluator",
    cl::desc("Your own accuracy evaluator: per generation, run 'CMD "
             "BATCH.csv RESULT.csv' on the networks not measured or "
             "evaluated yet and read one top1 per candidate back "
             "(provenance `evaluated`, cached in DIR/evaluated_accuracy.csv; "
             "docs/search.md)"),
    cl::value_desc("CMD"), cl::cat(category));
static cl::opt<unsigned> evaluatorTimeout(
    "accuracy-evaluator-timeout",
    cl::desc("Seconds one call of the evaluator may take (default 3600; 0: "
             "no limit)"),
    cl::init(3600), cl::cat(category));
static cl::opt<bool> evaluatorIR(
    "accuracy-evaluator-ir",
    cl::desc("Also write each candidate as workload IR for the evaluator "
             "(BATCH.csv column workload_ir)"),
    cl::init(false), cl::cat(category));
static cl::opt<unsigned> evaluatorBudget(
    "evaluator-budget",
    cl::desc("At most N networks per generation go to the evaluator: the "
             "N a ridge predictor ranks highest; the rest are predicted "
             "(default 0: every network; needs --accuracy-data or "
             "--refit-predictor)"),
    cl::value_desc("N"), cl::init(0), cl::cat(category));
static cl::opt<bool> refitPredictor(
    "refit-predictor",
    cl::desc("With --evaluator-budget: refit the ridge each generation on "
             "the measured networks and every network evaluated so far"),
    cl::init(false), cl::cat(category));
static cl::opt<double> rankTimeout(
    "rank-timeout",
    cl::desc("Under mpirun: end the job when a rank holding candidates "
             "sends no result for this many seconds (default 0: wait; a "
             "rank that dies always ends the job)"),
    cl::init(0.0), cl::cat(category));
// --threads is taken out of argv before llvm::cl sees it
// (codesign::takeThreadsOption).
static unsigned threads = 1;
/// The run being resumed, as its summary.json describes it (rank 0).
static std::optional<StoredRun> storedRun;
static cl::opt<std::string>
    resumeDir("resume",
              cl::desc("Continue the interrupted run in DIR (its settings "
                       "are reused; --generations/--num_evals may extend "
                       "it)"),
              cl::cat(category));
static cl::opt<bool>
    force("force",
          cl::desc("Let --out name a directory that is not empty: the run "
                   "files in it (summary.json, evaluations.csv, front.csv, "
                   "the evaluator's cache) are replaced"),
          cl::init(false), cl::cat(category));
static cl::opt<std::string> objectivesText(
    "objectives",
    cl::desc("Objectives, 2 or 3 of accuracy,cycles,energy,edp,area (1 in "
             "hardware-only mode; default accuracy,cycles, or cycles "
             "without an accuracy source); --hw-regret ranks by the one "
             "that is not accuracy"),
    cl::value_desc("LIST"), cl::cat(category));
static cl::opt<std::string> refPointText(
    "ref-point",
    cl::desc("Hypervolume reference point, one number per objective in "
             "--objectives order (default: accuracy 70, every other "
             "objective 1.1 x the largest network's worst value over the "
             "hardware space)"),
    cl::cat(category));
static cl::opt<std::string> evaluateGenome(
    "evaluate",
    cl::desc("Evaluate one sub-network GENOME on --hw (default: the bundled "
             "configs/hw/default.json) or, when GENOME carries hw_* genes "
             "(a joint genome as print_front.py prints it), on the "
             "configuration they decode to in --hw-space; print one CSV row "
             "and exit"),
    cl::value_desc("GENOME"), cl::cat(category));
static cl::opt<std::string> writeHwFile(
    "write-hw",
    cl::desc("With --evaluate: also write the hardware configuration as a "
             "JSON file that --hw and cim-opt --cim-compile accept"),
    cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string> regretFile(
    "hw-regret",
    cl::desc("For the networks of FRONT.csv, simulate every configuration "
             "of --hw-space and write DIR/regret.csv and "
             "DIR/best_hardware.json (min worst-case regret); needs --out"),
    cl::value_desc("FRONT.csv"), cl::cat(category));
static cl::list<std::string> emitSubnet(
    "emit-subnet", cl::desc("Emit SPACE GENOME as workload IR and exit"),
    cl::multi_val(2), cl::value_desc("SPACE GENOME"), cl::cat(category));
static cl::opt<std::string> outputFile("o",
                                       cl::desc("Output file of --emit-subnet"),
                                       cl::init("-"), cl::cat(category));

namespace {

#ifdef CIM_HAVE_MPI
/// Set when mpirun started this process (main).
std::unique_ptr<mpi::Session> mpiSession;
#endif

/// Ends MPI (rank 0 stops the workers first) before the process exits.
void endMpi() {
#ifdef CIM_HAVE_MPI
  mpiSession.reset();
#endif
}

/// Whether this process is an MPI worker rank (it serves evaluations and
/// writes nothing).
bool isMpiWorker() {
#ifdef CIM_HAVE_MPI
  return mpiSession && !mpiSession->isCoordinator();
#else
  return false;
#endif
}

/// One-line error to stderr, exit status 1.
[[noreturn]] void fail(const llvm::Twine &message) {
  llvm::errs() << "cim-opt-search: error: " << message << "\n";
  llvm::errs().flush();
  endMpi();
  std::exit(1);
}

template <typename T>
T check(llvm::Expected<T> value) {
  if (!value)
    fail(llvm::toString(value.takeError()));
  return std::move(*value);
}

void check(llvm::Error error) {
  if (error)
    fail(llvm::toString(std::move(error)));
}

/// A file shipped with the tools (configs/, data/).
std::string resource(llvm::StringRef relative) {
  return check(findResource(relative));
}

/// When the process started: summary.json's wall time includes start-up.
const std::chrono::steady_clock::time_point processStart =
    std::chrono::steady_clock::now();

/// One number per objective of `problem`, in its order.
std::vector<double> parseRefPoint(llvm::StringRef text,
                                  const Problem &problem) {
  std::vector<std::string> names;
  for (const Objective &objective : problem.objectives())
    names.push_back(objective.name);
  const std::string expected =
      llvm::formatv("'{0}' ({1} number{2})", llvm::join(names, ","),
                    names.size(), names.size() == 1 ? "" : "s")
          .str();
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',');
  std::vector<double> values;
  for (llvm::StringRef part : parts) {
    std::optional<double> value = parseNumber(part.trim());
    if (!value || !std::isfinite(*value))
      fail("--ref-point: expected " + expected + ", found '" + text + "'");
    values.push_back(*value);
  }
  if (values.size() != names.size())
    fail("--ref-point: expected " + expected + ", found '" + text + "'");
  for (size_t m = 0; m < values.size(); ++m)
    if (problem.objectives()[m].sense == Sense::Minimize && values[m] <= 0)
      fail("--ref-point: " + names[m] + " must be positive, found '" +
           parts[m].trim() + "'");
  return values;
}

/// The workload IR of a sub-network (a genome of `space`) written to
/// `path` ("-": stdout): --emit-subnet and --accuracy-evaluator-ir.
llvm::Error writeSubnetIR(const SearchSpace &space, llvm::ArrayRef<int> genome,
                          llvm::StringRef path) {
  SubNetwork network = space.decode(genome);
#ifdef CIM_HAVE_WORKLOAD_IR
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      emitWorkloadModule(network.workload, context);
  if (!module)
    return cim::makeError("the workload IR emitter rejected the sub-network " +
                          formatGenome(space, genome));
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(path, &error);
  if (!output)
    return cim::makeError(path + ": " + error);
  module->print(output->os());
  output->os() << "\n";
  output->keep();
  return llvm::Error::success();
#else
  (void)network;
  (void)path;
  return cim::makeError("this build has no workload IR emitter "
                        "(CimWorkloadIR)");
#endif
}

int emitSubnetMain() {
  llvm::Expected<std::unique_ptr<SearchSpace>> space =
      createSearchSpace(emitSubnet[0]);
  if (!space)
    fail("--emit-subnet: " + llvm::toString(space.takeError()));
  std::vector<int> genome = check(parseGenome(**space, emitSubnet[1]));
  (void)check((*space)->build(genome)); // validates
  if (llvm::Error error = writeSubnetIR(**space, genome, outputFile))
    fail("--emit-subnet: " + llvm::toString(std::move(error)));
  return 0;
}

/// The hardware of --evaluate: the genome's hw_* genes decoded in the
/// hardware space, or --hw, or the bundled default.
HardwareConfig evaluatedHardware(const HardwareSpace &hardwareSpace) {
  if (!hardwareSpace.mentionsGenes(evaluateGenome)) {
    return check(loadHardwareConfig(
        hwFile.empty() ? resource("configs/hw/default.json") : hwFile));
  }
  if (!hwFile.empty())
    fail("--evaluate: the genome's hw_* genes choose the hardware; give "
         "them or --hw, not both");
  llvm::Expected<std::vector<int>> genes =
      hardwareSpace.parseGenome(evaluateGenome);
  if (!genes)
    fail("--evaluate: " + llvm::toString(genes.takeError()));
  return check(hardwareSpace.decode(*genes));
}

int evaluateMain(const SearchSpace &space, const HardwareSpace &hardwareSpace,
                 const JointProblem &problem) {
  llvm::Expected<std::vector<int>> genome = parseGenome(space, evaluateGenome);
  if (!genome)
    fail("--evaluate: " + llvm::toString(genome.takeError()));
  HardwareConfig hardware = evaluatedHardware(hardwareSpace);
  std::string csv = check(problem.evaluationCsv(*genome, hardware));
  if (!writeHwFile.empty())
    check(cim::writeFileAtomically(writeHwFile, hardwareToJsonText(hardware)));
  llvm::outs() << csv;
  return 0;
}

/// Where batches are evaluated: over the MPI ranks when mpirun started the
/// tool, else on --threads threads. Results do not depend on it.
std::unique_ptr<BatchEvaluator> makeBatchEvaluator() {
#ifdef CIM_HAVE_MPI
  if (mpiSession)
    return std::make_unique<mpi::MpiEvaluator>(
        *mpiSession, mpi::EvaluatorOptions{threads, rankTimeout});
#endif
  return std::make_unique<ThreadPoolEvaluator>(threads);
}

/// On an MPI worker rank: serves rank 0's batches of `problem` until it is
/// done, and returns true. False elsewhere.
bool serveIfWorker(const Problem &problem) {
#ifdef CIM_HAVE_MPI
  if (isMpiWorker()) {
    check(mpi::serveEvaluations(*mpiSession, problem,
                                mpi::EvaluatorOptions{threads, rankTimeout}));
    return true;
  }
#endif
  (void)problem;
  return false;
}

/// The metric --hw-regret ranks chips by: the one objective that is not
/// accuracy.
Metric regretMetric(const JointProblem &problem) {
  std::vector<Metric> costs;
  for (Metric metric : problem.metrics())
    if (metric != Metric::Accuracy)
      costs.push_back(metric);
  if (costs.size() != 1)
    fail("--hw-regret ranks chips by one metric: give --objectives with one "
         "of cycles, energy, edp, area (accuracy may come with it)");
  return costs[0];
}

int regretMain(const SearchSpace &space, const HardwareSpace &hardwareSpace,
               const JointProblem &problem) {
  if (outDir.empty())
    fail("--hw-regret needs --out DIR");
  const Metric metric = regretMetric(problem);
  if (serveIfWorker(problem))
    return 0;
  std::unique_ptr<BatchEvaluator> evaluator = makeBatchEvaluator();
  HardwareRegret regret = check(analyzeHardwareRegret(
      problem, space, hardwareSpace, regretFile, *evaluator, metric));
  check(writeHardwareRegret(regret, space, hardwareSpace, outDir));
  llvm::outs() << llvm::formatv(
      "cim-opt-search: {0} networks x {1} configurations; min worst-case "
      "{5}regret {2:f4} ({3}), written to {4}/best_hardware.json\n",
      regret.networks.size(), regret.configurations.size(),
      regret.worst[regret.chosen], regret.chosenGenes(hardwareSpace), outDir,
      metric == Metric::Cycles ? "" : (stringifyMetric(metric) + " ").str());
  return 0;
}

/// Generations from --generations or --num_evals / --population.
int generationCount() {
  if (population < 1)
    fail("--population: expected a positive integer, found " +
         llvm::Twine(population.getValue()));
  if (numEvals < 0 || generations < 0)
    fail("--num_evals and --generations must be positive");
  if (generations == 0) {
    const int budget = numEvals > 0 ? numEvals.getValue() : 250;
    if (budget < population)
      fail(llvm::formatv("--num_evals {0} is smaller than --population {1}",
                         budget, population.getValue()));
    return budget / population;
  }
  if (numEvals > 0 && numEvals != generations * population)
    fail(llvm::formatv("--num_evals {0} disagrees with --generations {1} "
                       "x --population {2}; give one of them",
                       numEvals.getValue(), generations.getValue(),
                       population.getValue()));
  return generations;
}

/// The flags a mode needs and the ones it does not take.
void checkModeFlags(SearchMode mode) {
  if (outDir.empty())
    fail("--out (--results_path) is required");
  if (mode == SearchMode::ModelOnly && hwFile.empty())
    fail("--mode model-only needs --hw CONFIG.json (the fixed hardware)");
  if (mode != SearchMode::ModelOnly && !hwFile.empty())
    fail("--hw fixes the hardware: use it with --mode model-only");
  if (mode == SearchMode::HardwareOnly && subnetText.empty())
    fail("--mode hardware-only needs --subnet GENOME (the fixed network)");
  if (mode != SearchMode::HardwareOnly && !subnetText.empty())
    fail("--subnet fixes the network: use it with --mode hardware-only");
}

/// The objective names of `problem`, comma-separated.
std::string objectiveNames(const Problem &problem) {
  return llvm::join(llvm::map_range(problem.objectives(),
                                    [](const Objective &objective) {
                                      return objective.name;
                                    }),
                    ",");
}

/// The run log's account of where accuracy comes from.
void printAccuracySources(const SearchSpace &space,
                          const AccuracySources &accuracy,
                          const Problem &problem) {
  if (accuracy.external) {
    std::string measured =
        accuracy.measured
            ? llvm::formatv("{0} measured networks from {1}, the rest ",
                            accuracy.measured->table().size(),
                            accuracy.tablePath)
                  .str()
            : "";
    llvm::outs() << llvm::formatv(
        "cim-opt-search: accuracy: {0}evaluated by '{1}' ({2} networks "
        "already in {3}/evaluated_accuracy.csv)\n",
        measured, evaluatorCommand, accuracy.external->cachedCount(), outDir);
    if (accuracy.budgeted) {
      std::string predictor =
          accuracy.predictorText.empty()
              ? std::string("none until 10 networks are known")
              : accuracy.predictorText;
      llvm::outs() << llvm::formatv(
          "cim-opt-search: evaluator budget: {0} networks per generation, "
          "the rest predicted; predictor: {1}{2}\n",
          evaluatorBudget.getValue(), predictor,
          refitPredictor ? "; refit each generation on measured + evaluated"
                         : "");
    }
    return;
  }
  if (!accuracy.oracle()) {
    const std::string names = objectiveNames(problem);
    llvm::outs() << "cim-opt-search: accuracy: none for " << space.name()
                 << " (no measured data); "
                 << (names == "cycles" ? std::string("cycles are the only "
                                                     "objective")
                                       : "objectives " + names)
                 << "\n";
    return;
  }
  llvm::outs() << llvm::formatv(
      "cim-opt-search: accuracy: {0} measured networks from {1}; {2}\n",
      accuracy.measured->table().size(), accuracy.tablePath,
      accuracy.predictorText);
  if (accuracy.predictorTau < 0.5)
    llvm::errs() << llvm::formatv(
        "cim-opt-search: warning: the accuracy predictor of {0} scores a "
        "held-out (5-fold CV) Kendall tau of {1:f3}, below 0.5: its "
        "predicted accuracies rank networks little better than chance; "
        "measure more networks before trusting a predicted front\n",
        space.name(), accuracy.predictorTau);
}

/// A resumed run keeps its objectives: the stored rows were ranked by them.
void checkResumedObjectives(const Problem &problem) {
  if (!storedRun || storedRun->objectives.empty())
    return; // written by a version that did not store them
  if (storedRun->objectives != objectiveNames(problem))
    fail("--resume " + resumeDir + ": the run optimises '" +
         storedRun->objectives + "', this command line asks for '" +
         objectiveNames(problem) +
         "' (--objectives); a run keeps its objectives: start a new one "
         "with --out");
}

int searchMain(const SearchSpace &space, const HardwareSpace &hardwareSpace,
               const std::string &hwSpacePath, const AccuracySources &accuracy,
               const JointProblem &problem, const JointProblemOptions &options,
               Algorithm algorithm, int generationsToRun,
               llvm::ArrayRef<std::string> argv) {
  if (serveIfWorker(problem))
    return 0;
  if (!resumeDir.empty())
    checkResumedObjectives(problem);
  printAccuracySources(space, accuracy, problem);

  // Reference point: fixed per (space, hardware space) unless given.
  std::vector<double> reference;
  nlohmann::json referenceOrigin;
  if (!refPointText.empty()) {
    reference = parseRefPoint(refPointText, problem);
    referenceOrigin = "--ref-point";
  } else {
    llvm::outs() << llvm::formatv(
        "cim-opt-search: default hypervolume reference point: simulating the "
        "largest sub-network on the {0} configurations of the hardware space "
        "(--ref-point skips this)\n",
        hardwareSpace.size() + (options.fixedHardware ? 1 : 0));
    llvm::outs().flush();
    reference = check(problem.defaultReferencePoint());
    referenceOrigin =
        std::string(llvm::is_contained(problem.metrics(), Metric::Accuracy)
                        ? "default: accuracy 70, "
                        : "default: ") +
        "every other objective 1.1 x the largest network's worst value over "
        "the hardware space (cycles rounded up)";
  }
  SearchSettings settings;
  settings.algorithm = algorithm;
  settings.population = population;
  settings.generations = generationsToRun;
  settings.seed = seed;
  settings.threads = threads;
  settings.referencePoint = reference;

  nlohmann::json settingsJson = {
      {"arguments", storableArguments(argv)},
      {"supernet", space.name().str()},
      {"search_algo", stringifyAlgorithm(algorithm).str()},
      {"mode", stringifySearchMode(problem.mode()).str()},
      {"objectives", objectiveNames(problem)},
      {"population", population.getValue()},
      {"generations", generationsToRun},
      {"seed", seed.getValue()},
      {"threads", threads},
      {"hw_space", hwSpacePath},
      {"hw", hwFile.getValue()},
      {"subnet", options.fixedModel.empty()
                     ? std::string()
                     : formatGenome(space, options.fixedModel)},
      {"accuracy_data", accuracy.tablePath},
      {"accuracy_evaluator", evaluatorCommand.getValue()},
      {"ref_point", reference},
      {"ref_point_origin", referenceOrigin},
      {"crossover", "uniform, p_c 0.9"},
      {"mutation", "random reset per gene group, p 1/groups (OFA: ks and e "
                   "of a block together)"}};

  // A run killed during its start-up has a summary but maybe no rows yet.
  std::vector<Record> existing;
  const std::string storedRows = resumeDir + "/evaluations.csv";
  if (!resumeDir.empty() && !(storedRun && storedRun->status == "starting" &&
                              !llvm::sys::fs::exists(storedRows)))
    existing = check(readEvaluations(storedRows, problem));

  std::unique_ptr<BatchEvaluator> evaluator = makeBatchEvaluator();
  // Before anything in the directory is rewritten.
  check(verifyRecords(problem, existing, *evaluator));
  Search search(problem, settings);
  search.setReplay(existing);
  search.setEvaluator(evaluator.get());
  std::unique_ptr<RunWriter> writer =
      check(RunWriter::create(outDir, problem, settingsJson, existing));
  // The best value each objective can take: top-1 100 %, costs 0.
  writer->idealPoint.clear();
  for (Metric metric : problem.metrics())
    writer->idealPoint.push_back(metric == Metric::Accuracy ? 100.0 : 0.0);
  writer->processStart = processStart;
  writer->extraSummary = [&] {
    nlohmann::json extra = problem.statistics();
    nlohmann::json transport = evaluator->describe();
    if (!transport.empty())
      extra["mpi"] = transport;
    return extra;
  };
  writer->progress = ProgressLine();
  check(search.run(writer.get()));
  check(writer->finish(search));

  const GenerationStats &last = search.history().back();
  llvm::outs() << llvm::formatv(
      "cim-opt-search: {0} evaluations ({1} replayed), {2} on the front, "
      "hypervolume {3}, results in {4}\n",
      search.records().size(), search.replayedCount(),
      search.paretoFront().size(), formatDouble(last.hypervolume), outDir);
  if (!search.stopReason().empty())
    llvm::errs() << "cim-opt-search: note: stopped early: "
                 << search.stopReason() << "\n";
  return 0;
}

} // namespace

/// Ends MPI and returns `status`, main's result.
static int finish(int status) {
  endMpi();
  return status;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
#ifdef CIM_HAVE_MPI
  if (mpi::launchedByMpirun())
    mpiSession = check(mpi::Session::start(argc, argv));
#endif
  std::vector<std::string> args =
      check(expandResume(std::vector<std::string>(argv, argv + argc)));
  threads = check(takeThreadsOption(args));
  std::vector<const char *> cArgs;
  for (const std::string &arg : args)
    cArgs.push_back(arg.c_str());
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << versionString() << "\n"; });
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(cArgs.size()), cArgs.data(),
          "cim-opt-search: joint sub-network x CiM hardware search "
          "(NSGA-II)\n\n  --threads N  evaluation threads (default 1; "
          "results do not depend on it)\n",
          &llvm::errs()))
    return finish(1);

  if (!emitSubnet.empty())
    return finish(isMpiWorker() ? 0 : emitSubnetMain());

  std::optional<Algorithm> algorithm = symbolizeAlgorithm(algorithmName);
  if (!algorithm)
    fail("--search_algo: expected nsga2 or random, found '" + algorithmName +
         "'");
  std::optional<SearchMode> mode = symbolizeSearchMode(modeName);
  if (!mode)
    fail("--mode: expected joint, model-only or hardware-only, found '" +
         modeName + "'");
  if (evaluateGenome.getNumOccurrences() && evaluateGenome.empty())
    fail("--evaluate: expected a genome, found an empty string");
  if (regretFile.getNumOccurrences() && regretFile.empty())
    fail("--hw-regret: expected a front CSV, found an empty string");
  const bool searching = evaluateGenome.empty() && regretFile.empty();
  int generationsToRun = generations;
  if (searching) {
    generationsToRun = generationCount();
    checkModeFlags(*mode);
    // Only rank 0 writes the directory (and creates it before workers
    // could look).
    if (!isMpiWorker()) {
      if (resumeDir.empty()) {
        check(prepareNewRunDirectory(outDir, force));
      } else {
        storedRun = check(readStoredRun(resumeDir));
        check(checkResumeGenerations(*storedRun, resumeDir, generationsToRun));
      }
    }
  }

  llvm::Expected<std::unique_ptr<SearchSpace>> spaceOrError =
      createSearchSpace(spaceName);
  if (!spaceOrError)
    fail("--supernet: " + llvm::toString(spaceOrError.takeError()));
  const SearchSpace &space = **spaceOrError;
  std::string hwSpacePath = hwSpaceFile.empty()
                                ? resource("configs/hw-space/default.json")
                                : hwSpaceFile.getValue();
  HardwareSpace hardwareSpace = check(HardwareSpace::load(hwSpacePath));

  JointProblemOptions options;
  options.mode = searching ? *mode : SearchMode::Joint;
  options.workers = threads;
  if (!objectivesText.empty())
    options.objectives = check(parseObjectives(objectivesText));
  if (!hwFile.empty())
    options.fixedHardware = check(loadHardwareConfig(hwFile));
  if (!subnetText.empty()) {
    llvm::Expected<std::vector<int>> genome = parseGenome(space, subnetText);
    if (!genome)
      fail("--subnet: " + llvm::toString(genome.takeError()));
    options.fixedModel = space.canonicalize(*genome);
  }

  // Accuracy: needed only where the network varies (--evaluate and
  // hardware-only runs report it when there is a source, `none` otherwise).
  std::unique_ptr<ExternalAccuracy> external;
  if (!evaluatorCommand.empty()) {
    if (!searching)
      fail("--accuracy-evaluator is for searches, not --evaluate or "
           "--hw-regret");
    ExternalEvaluatorOptions evaluatorOptions;
    evaluatorOptions.command = evaluatorCommand;
    evaluatorOptions.timeoutSeconds = evaluatorTimeout;
    evaluatorOptions.workDirectory = outDir + "/accuracy_evaluator";
    evaluatorOptions.cachePath = outDir + "/evaluated_accuracy.csv";
    if (evaluatorIR)
      evaluatorOptions.writeWorkloadIR = [&space](llvm::ArrayRef<int> genome,
                                                  llvm::StringRef path) {
        return writeSubnetIR(space, genome, path);
      };
    // A resumed run never asks for a network twice; only rank 0 asks.
    external = check(ExternalAccuracy::create(
        space, std::move(evaluatorOptions),
        /*loadCache=*/!resumeDir.empty() && !isMpiWorker()));
  }
  AccuracySources accuracy = check(
      loadAccuracySources(space, accuracyData, std::move(external),
                          EvaluatorBudget{evaluatorBudget, refitPredictor}));
  if (searching && *mode != SearchMode::HardwareOnly && !accuracy.oracle())
    fail(llvm::formatv(
        "no accuracy source for --supernet {0}: a --mode {1} search varies "
        "the network, and the project has no measured data or committed "
        "predictor for this space. Give --accuracy-data CSV (one column per "
        "gene as 'cim-space describe --space {0}' lists them, and a top1 "
        "column; see docs/search.md), or your own evaluator with "
        "--accuracy-evaluator CMD, or fix the network with --mode "
        "hardware-only --subnet GENOME",
        space.name(), stringifySearchMode(*mode)));

  std::unique_ptr<JointProblem> problem = check(
      JointProblem::create(space, hardwareSpace, accuracy.oracle(), options));
  if (!evaluateGenome.empty())
    return finish(isMpiWorker() ? 0
                                : evaluateMain(space, hardwareSpace, *problem));
  if (!regretFile.empty())
    return finish(regretMain(space, hardwareSpace, *problem));
  return finish(searchMain(space, hardwareSpace, hwSpacePath, accuracy,
                           *problem, options, *algorithm, generationsToRun,
                           args));
}
