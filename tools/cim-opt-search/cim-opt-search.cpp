//===- cim-opt-search.cpp - Joint sub-network x CiM hardware search -------===//
//
// A thin main over CimOptimize (NSGA-II / random search, run files),
// CimSearch (supernet spaces), CimHardware (hardware space) and CimCostModel
// (exact cycles). Flag names follow DyNAS-T's where they mean the same.
// docs/search.md documents every flag and output column.
//
//===----------------------------------------------------------------------===//

#include "cim/Hardware/HardwareJson.h"
#include "cim/Hardware/HardwareSpace.h"
#include "cim/Optimize/AccuracyOracles.h"
#include "cim/Optimize/JointProblem.h"
#include "cim/Evolution/RunFiles.h"
#include "cim/Evolution/Search.h"
#include "cim/Search/AccuracyPredictor.h"
#include "cim/Search/GenomeText.h"
#include "cim/Search/SearchSpace.h"
#include "cim/Support/Resources.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#ifdef CIM_HAVE_WORKLOAD_IR
#include "cim/WorkloadIR/WorkloadIR.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"
#endif

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <set>
#include <thread>
#include <unistd.h>

using namespace cim;
using namespace cim::opt;
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
// Debian's libLLVM.so already registers a hidden "threads" option, so
// --threads is taken out of argv before llvm::cl sees it.
static unsigned threads = 1;
static cl::opt<std::string>
    resumeDir("resume",
              cl::desc("Continue the interrupted run in DIR (its settings "
                       "are reused; --generations/--num_evals may extend "
                       "it)"),
              cl::cat(category));
static cl::opt<std::string> refPointText(
    "ref-point",
    cl::desc("Hypervolume reference point 'accuracy,cycles' (default: "
             "70,1.1 x the largest network's worst cycles over the "
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

/// One-line error to stderr, exit status 1.
[[noreturn]] void fail(const llvm::Twine &message) {
  llvm::errs() << "cim-opt-search: error: " << message << "\n";
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

/// The arguments to store for --resume: all but --resume and --threads.
std::vector<std::string> storableArguments(int argc, char **argv) {
  std::vector<std::string> kept;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    llvm::StringRef name = arg.ltrim('-').split('=').first;
    if (name == "resume" || name == "threads") {
      if (!arg.contains('='))
        ++i;
      continue;
    }
    kept.push_back(arg.str());
  }
  return kept;
}

/// With --resume DIR: DIR's stored arguments, then this command's own
/// (later ones win), then --out DIR.
std::vector<std::string> expandResume(int argc, char **argv) {
  std::vector<std::string> args = {argv[0]};
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if (arg == "--resume" || arg == "-resume") {
      if (i + 1 >= argc)
        fail("--resume needs a directory");
      dir = argv[i + 1];
    } else if (arg.starts_with("--resume=") || arg.starts_with("-resume=")) {
      dir = arg.split('=').second.str();
    }
  }
  if (dir.empty()) {
    args.assign(argv, argv + argc);
    return args;
  }
  std::string summaryPath = dir + "/summary.json";
  std::string text = check(readTextFile(summaryPath));
  nlohmann::json summary = check(parseJsonText(text, summaryPath));
  auto settings = summary.find("settings");
  if (settings == summary.end() || !settings->is_object())
    fail(summaryPath + ": expected an object 'settings'");
  auto stored = settings->find("arguments");
  if (stored == settings->end() || !stored->is_array())
    fail(summaryPath + ": expected an array 'settings.arguments'");
  // A budget on this command line (--generations or --num_evals) replaces
  // the stored one, whichever of the two the run was started with.
  auto isBudget = [](llvm::StringRef arg) {
    llvm::StringRef name = arg.ltrim('-').split('=').first;
    return arg.starts_with("-") && (name == "generations" ||
                                    name == "num_evals" || name == "num-evals");
  };
  const bool newBudget =
      llvm::any_of(llvm::ArrayRef(argv + 1, argv + argc),
                   [&](const char *arg) { return isBudget(arg); });
  for (size_t i = 0; i < stored->size(); ++i) {
    const nlohmann::json &arg = (*stored)[i];
    if (!arg.is_string())
      fail(summaryPath + ": 'settings.arguments' holds " + describeJson(arg) +
           ", expected strings");
    std::string text = arg.get<std::string>();
    if (newBudget && isBudget(text)) {
      if (text.find('=') == std::string::npos)
        ++i; // its value
      continue;
    }
    args.push_back(std::move(text));
  }
  for (int i = 1; i < argc; ++i)
    args.push_back(argv[i]);
  args.push_back("--out=" + dir);
  return args;
}

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
  if (values.back() <= 0)
    fail("--ref-point: cycles must be positive, found '" + parts.back() + "'");
  return values;
}

int emitSubnetMain() {
  llvm::Expected<std::unique_ptr<SearchSpace>> space =
      createSearchSpace(emitSubnet[0]);
  if (!space)
    fail("--emit-subnet: " + llvm::toString(space.takeError()));
  std::vector<int> genome = check(parseGenome(**space, emitSubnet[1]));
  SubNetwork network = check((*space)->build(genome));
#ifdef CIM_HAVE_WORKLOAD_IR
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      emitWorkloadModule(network.workload, context);
  if (!module)
    fail("--emit-subnet: the workload IR emitter rejected the sub-network");
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFile, &error);
  if (!output)
    fail("-o: " + error);
  module->print(output->os());
  output->os() << "\n";
  output->keep();
  return 0;
#else
  (void)network;
  fail("--emit-subnet: this build has no workload IR emitter "
       "(CimWorkloadIR)");
#endif
}

/// Progress on stderr (generation, hypervolume, rate, ETA): redrawn in place
/// on a terminal; elsewhere (a log, CI) one line at most every 5 seconds and
/// one for the last generation.
void showProgress(const Search &search, const GenerationStats &stats) {
  static const bool terminal = ::isatty(2);
  static double seconds = 0.0;
  static std::optional<std::chrono::steady_clock::time_point> lastLine;
  seconds += stats.evaluationSeconds;
  const int left = search.settings().generations - stats.generation - 1;
  const auto now = std::chrono::steady_clock::now();
  if (!terminal && left > 0 && lastLine &&
      now - *lastLine < std::chrono::seconds(5))
    return;
  lastLine = now;
  const double rate =
      seconds > 0 ? static_cast<double>(stats.totalEvaluations) / seconds : 0;
  const double eta =
      rate > 0 ? left * search.settings().population / rate : 0.0;
  llvm::errs() << llvm::formatv(
      "{6}generation {0}/{1}  evaluations {2}  hypervolume {3:e4}  {4:f0} "
      "eval/s  ETA {5:f0} s{7}",
      stats.generation + 1, search.settings().generations,
      stats.totalEvaluations, stats.hypervolume, rate, eta,
      terminal ? "\r" : "", terminal && left > 0 ? "   " : "\n");
}

/// Every configuration of the hardware space, in genome order (first gene
/// fastest).
std::vector<std::pair<std::vector<int>, HardwareConfig>>
allConfigurations(const HardwareSpace &hardwareSpace) {
  std::vector<std::pair<std::vector<int>, HardwareConfig>> configs;
  std::vector<int> genome(hardwareSpace.genes().size(), 0);
  for (uint64_t code = 0; code < hardwareSpace.size(); ++code) {
    uint64_t rest = code;
    for (size_t g = 0; g < genome.size(); ++g) {
      genome[g] = static_cast<int>(rest % hardwareSpace.genes()[g].size());
      rest /= hardwareSpace.genes()[g].size();
    }
    configs.emplace_back(genome, check(hardwareSpace.decode(genome)));
  }
  return configs;
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
                 const opt::AccuracyOracle *accuracy,
                 const JointProblem &problem) {
  llvm::Expected<std::vector<int>> parsed = parseGenome(space, evaluateGenome);
  if (!parsed)
    fail("--evaluate: " + llvm::toString(parsed.takeError()));
  std::vector<int> genome = space.canonicalize(*parsed);
  HardwareConfig hardware = evaluatedHardware(hardwareSpace);
  opt::AccuracyEstimate top1{0.0, opt::AccuracySource::None};
  if (accuracy)
    top1 = check(accuracy->estimate(genome));
  NetworkResult result = check(problem.simulate(genome, hardware));
  SubNetwork network = space.decode(genome);
  if (!writeHwFile.empty())
    check(writeFileAtomically(writeHwFile, hardwareToJsonText(hardware)));
  // The byte columns are cim-sim's levels (its JSON "bytes" keys): DRAM <->
  // GB, GB <-> LB (the NoC), LB <-> arrays on all cores, per inference.
  llvm::outs() << "subnet,hw,accuracy,accuracy_source,cycles,macs,params,"
                  "bounding_term,dram_bytes,gb_bytes,lb_bytes\n"
               << '"' << formatGenome(space, genome) << "\"," << hardware.name
               << "," << (accuracy ? formatDouble(top1.top1) : "") << ","
               << opt::stringifyAccuracySource(top1.source) << ","
               << result.cycles << "," << network.macs << "," << network.params
               << "," << stringifyCostTerm(result.total.bound) << ","
               << result.total.dram_bytes << "," << result.total.gb_bytes << ","
               << result.total.lb_bytes << "\n";
  return 0;
}

/// Where this run's accuracy comes from: a measured table (--accuracy-data,
/// or the data bundled for the space) with a predictor for the networks not
/// in it (a ridge fitted on the user's table, or the committed model next to
/// the bundled data). Empty for a space with neither.
struct AccuracySources {
  std::unique_ptr<MeasuredAccuracy> measured;
  std::unique_ptr<opt::AccuracyOracle> predictor;
  std::string tablePath;
  /// "<predictor>: 5-fold CV MAE ..., Kendall tau ..." for the log.
  std::string predictorText;
  double predictorTau = 1.0;
  const opt::AccuracyOracle *oracle() const { return measured.get(); }
};

AccuracySources loadAccuracySources(const SearchSpace &space) {
  AccuracySources sources;
  const bool bundled =
      accuracyData.empty() && !defaultAccuracyTableFile(space).empty();
  if (bundled)
    sources.tablePath = resource(defaultAccuracyTableFile(space));
  else
    sources.tablePath = accuracyData;
  if (sources.tablePath.empty())
    return sources;
  sources.measured =
      check(MeasuredAccuracy::load(space, sources.tablePath, nullptr));
  double mae = 0.0;
  if (bundled && !defaultAccuracyModelFile(space).empty()) {
    std::string modelPath = resource(defaultAccuracyModelFile(space));
    std::unique_ptr<ModelAccuracy> model =
        check(ModelAccuracy::load(space, modelPath));
    mae = model->cvMae();
    sources.predictorTau = model->cvKendallTau();
    sources.predictorText = "committed ridge model " + modelPath;
    sources.predictor = std::move(model);
  } else {
    std::unique_ptr<RidgeAccuracy> ridge = check(RidgeAccuracy::fit(
        space, sources.measured->genomes(), sources.measured->values()));
    mae = ridge->cvMae();
    sources.predictorTau = ridge->cvKendallTau();
    sources.predictorText = "ridge predictor fitted on it";
    sources.predictor = std::move(ridge);
  }
  sources.predictorText +=
      llvm::formatv(": 5-fold CV MAE {0:f3} points, Kendall tau {1:f3}", mae,
                    sources.predictorTau)
          .str();
  sources.measured->setFallback(sources.predictor.get());
  return sources;
}

/// Worst-case regret of each configuration over a set of networks:
/// regret(n, h) = cycles(n, h) / min over h' of cycles(n, h') - 1.
int regretMain(const SearchSpace &space, const HardwareSpace &hardwareSpace,
               const JointProblem &problem) {
  if (outDir.empty())
    fail("--hw-regret needs --out DIR");
  CsvTable table = check(readCsv(regretFile));
  GenomeRows rows = check(readGenomeRows(space, table, regretFile, ""));
  std::set<std::vector<int>> unique;
  std::vector<std::vector<int>> networks;
  for (const std::vector<int> &genome : rows.genomes)
    if (unique.insert(space.canonicalize(genome)).second)
      networks.push_back(space.canonicalize(genome));
  if (networks.empty())
    fail(regretFile + ": no networks");

  // Configurations that appear on the input front (joint runs carry the
  // hardware genes as hw_<gene> columns).
  std::set<std::vector<int>> onFront;
  std::vector<int> hwColumns;
  for (const HardwareGene &gene : hardwareSpace.genes())
    hwColumns.push_back(table.column(gene.columnName()));
  if (llvm::all_of(hwColumns, [](int c) { return c >= 0; }))
    for (const std::vector<std::string> &row : table.rows) {
      std::vector<int> genome;
      for (size_t g = 0; g < hwColumns.size(); ++g) {
        const std::vector<std::string> &labels =
            hardwareSpace.genes()[g].labels;
        auto it = llvm::find(labels, row[hwColumns[g]]);
        genome.push_back(
            it == labels.end() ? -1 : static_cast<int>(it - labels.begin()));
      }
      onFront.insert(genome);
    }

  auto configs = allConfigurations(hardwareSpace);
  const size_t n = networks.size(), h = configs.size();
  std::vector<int64_t> cycles(n * h, 0);
  std::vector<std::optional<std::string>> errors(threads);
  std::atomic<size_t> cursor{0};
  auto worker = [&](unsigned slot) {
    for (size_t job = cursor++; job < n * h; job = cursor++) {
      llvm::Expected<NetworkResult> result =
          problem.simulate(networks[job / h], configs[job % h].second, slot);
      if (!result) {
        errors[slot] = llvm::toString(result.takeError());
        return;
      }
      cycles[job] = result->cycles;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back(worker, t);
  for (std::thread &thread : pool)
    thread.join();
  for (const std::optional<std::string> &error : errors)
    if (error)
      fail(*error);

  std::vector<double> worst(h, 0.0), mean(h, 0.0);
  std::vector<int> bestFor(h, 0);
  for (size_t i = 0; i < n; ++i) {
    int64_t best = cycles[i * h];
    size_t bestConfig = 0;
    for (size_t c = 1; c < h; ++c)
      if (cycles[i * h + c] < best)
        best = cycles[i * h + c], bestConfig = c;
    ++bestFor[bestConfig];
    for (size_t c = 0; c < h; ++c) {
      double regret = static_cast<double>(cycles[i * h + c]) / best - 1.0;
      worst[c] = std::max(worst[c], regret);
      mean[c] += regret / static_cast<double>(n);
    }
  }
  size_t chosen = 0;
  for (size_t c = 1; c < h; ++c)
    if (worst[c] < worst[chosen])
      chosen = c;

  std::string csv;
  for (const HardwareGene &gene : hardwareSpace.genes())
    csv += gene.columnName() + ",";
  csv += "rows,cols,cores,arrays_per_core,gb_bytes,lb_bytes,"
         "gb_bytes_per_cycle,lb_bytes_per_cycle,vector_lanes_per_core,"
         "worst_regret,mean_regret,best_for_networks,on_input_front,chosen\n";
  for (size_t c = 0; c < h; ++c) {
    const auto &[genome, hw] = configs[c];
    for (size_t g = 0; g < genome.size(); ++g)
      csv += hardwareSpace.genes()[g].labels[genome[g]] + ",";
    csv += llvm::formatv("{0},{1},{2},{3},{4},{5},{6},{7},{8},", hw.rows,
                         hw.cols, hw.cores, hw.arrays_per_core, hw.gb_bytes,
                         hw.lb_bytes, hw.gb_bytes_per_cycle,
                         hw.lb_bytes_per_cycle, hw.vector_lanes_per_core)
               .str();
    csv += formatDouble(worst[c]) + "," + formatDouble(mean[c]) + "," +
           std::to_string(bestFor[c]) + "," +
           (onFront.count(genome) ? "1" : "0") + "," +
           (c == chosen ? "1" : "0") + "\n";
  }
  // The raw simulations, so the regrets can be checked independently.
  std::string raw = "network,subnet";
  for (const HardwareGene &gene : hardwareSpace.genes())
    raw += "," + gene.columnName();
  raw += ",cycles\n";
  for (size_t i = 0; i < n; ++i)
    for (size_t c = 0; c < h; ++c) {
      raw += std::to_string(i) + ",\"" +
             formatGenome(space, networks[i], GenomeStyle::Compact) + "\"";
      for (size_t g = 0; g < configs[c].first.size(); ++g)
        raw += "," + hardwareSpace.genes()[g].labels[configs[c].first[g]];
      raw += "," + std::to_string(cycles[i * h + c]) + "\n";
    }
  if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
    fail(outDir + ": cannot create: " + ec.message());
  check(writeFileAtomically(outDir + "/regret.csv", csv));
  check(writeFileAtomically(outDir + "/regret_cycles.csv", raw));
  HardwareConfig best = configs[chosen].second;
  best.name = "min-max-regret";
  check(writeFileAtomically(outDir + "/best_hardware.json",
                            hardwareToJsonText(best)));
  std::string labels;
  for (size_t g = 0; g < configs[chosen].first.size(); ++g)
    labels += (g ? " " : "") + hardwareSpace.genes()[g].name + "=" +
              hardwareSpace.genes()[g].labels[configs[chosen].first[g]];
  llvm::outs() << llvm::formatv(
      "cim-opt-search: {0} networks x {1} configurations; min worst-case "
      "regret {2:f4} ({3}), written to {4}/best_hardware.json\n",
      n, h, worst[chosen], labels, outDir);
  return 0;
}

} // namespace

/// Removes --threads N / --threads=N from `args` into `threads`.
void extractThreads(std::vector<std::string> &args) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg = args[i];
    llvm::StringRef name = arg.ltrim('-');
    if (i == 0 || !arg.starts_with("-") ||
        (name != "threads" && !name.starts_with("threads="))) {
      kept.push_back(args[i]);
      continue;
    }
    std::string value;
    if (name.contains('='))
      value = name.split('=').second.str();
    else if (i + 1 < args.size())
      value = args[++i];
    else
      fail("--threads: expected a positive integer, found nothing");
    if (llvm::StringRef(value).getAsInteger(10, threads) || threads < 1 ||
        threads > 256)
      fail("--threads: expected an integer from 1 to 256, found '" + value +
           "'");
  }
  args = std::move(kept);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  std::vector<std::string> expanded = expandResume(argc, argv);
  extractThreads(expanded);
  std::vector<const char *> expandedArgv;
  for (const std::string &arg : expanded)
    expandedArgv.push_back(arg.c_str());
  cl::HideUnrelatedOptions(category);
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(expandedArgv.size()), expandedArgv.data(),
          "cim-opt-search: joint sub-network x CiM hardware search "
          "(NSGA-II)\n\n  --threads N  evaluation threads (default 1; "
          "results do not depend on it)\n",
          &llvm::errs()))
    return 1;

  if (!emitSubnet.empty())
    return emitSubnetMain();

  // Flags.
  std::optional<Algorithm> algorithm = symbolizeAlgorithm(algorithmName);
  if (!algorithm)
    fail("--search_algo: expected nsga2 or random, found '" + algorithmName +
         "'");
  std::optional<SearchMode> mode = symbolizeSearchMode(modeName);
  if (!mode)
    fail("--mode: expected joint, model-only or hardware-only, found '" +
         modeName + "'");
  const bool searching = evaluateGenome.empty() && regretFile.empty();
  int generationCount = generations;
  if (searching) {
    if (population < 1)
      fail("--population: expected a positive integer, found " +
           llvm::Twine(population.getValue()));
    if (numEvals < 0 || generations < 0)
      fail("--num_evals and --generations must be positive");
    if (generationCount == 0) {
      const int budget = numEvals > 0 ? numEvals.getValue() : 250;
      if (budget < population)
        fail(llvm::formatv("--num_evals {0} is smaller than --population {1}",
                           budget, population.getValue()));
      generationCount = budget / population;
    } else if (numEvals > 0 && numEvals != generationCount * population) {
      fail(llvm::formatv("--num_evals {0} disagrees with --generations {1} "
                         "x --population {2}; give one of them",
                         numEvals.getValue(), generationCount,
                         population.getValue()));
    }
    if (outDir.empty())
      fail("--out (--results_path) is required");
    if (*mode == SearchMode::ModelOnly && hwFile.empty())
      fail("--mode model-only needs --hw CONFIG.json (the fixed hardware)");
    if (*mode != SearchMode::ModelOnly && !hwFile.empty())
      fail("--hw fixes the hardware: use it with --mode model-only");
    if (*mode == SearchMode::HardwareOnly && subnetText.empty())
      fail("--mode hardware-only needs --subnet GENOME (the fixed network)");
    if (*mode != SearchMode::HardwareOnly && !subnetText.empty())
      fail("--subnet fixes the network: use it with --mode hardware-only");
  }

  // Inputs.
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
  AccuracySources accuracy = loadAccuracySources(space);
  if (searching && *mode != SearchMode::HardwareOnly && !accuracy.oracle())
    fail(llvm::formatv(
        "no accuracy source for --supernet {0}: a --mode {1} search varies "
        "the network, and the project has no measured data or committed "
        "predictor for this space. Give --accuracy-data CSV (one column per "
        "gene as 'cim-space describe --space {0}' lists them, and a top1 "
        "column; see docs/search.md), or fix the network with --mode "
        "hardware-only --subnet GENOME",
        space.name(), stringifySearchMode(*mode)));

  std::unique_ptr<JointProblem> problem = check(
      JointProblem::create(space, hardwareSpace, accuracy.oracle(), options));
  if (!evaluateGenome.empty())
    return evaluateMain(space, hardwareSpace, accuracy.oracle(), *problem);
  if (!regretFile.empty())
    return regretMain(space, hardwareSpace, *problem);

  if (accuracy.oracle()) {
    llvm::outs() << llvm::formatv(
        "cim-opt-search: accuracy: {0} measured networks from {1}; {2}\n",
        accuracy.measured->size(), accuracy.tablePath, accuracy.predictorText);
    if (accuracy.predictorTau < 0.5)
      llvm::errs() << llvm::formatv(
          "cim-opt-search: warning: the accuracy predictor of {0} scores a "
          "held-out (5-fold CV) Kendall tau of {1:f3}, below 0.5: its "
          "predicted accuracies rank networks little better than chance; "
          "measure more networks before trusting a predicted front\n",
          space.name(), accuracy.predictorTau);
  } else {
    llvm::outs() << "cim-opt-search: accuracy: none for " << space.name()
                 << " (no measured data); cycles are the only objective\n";
  }

  // Reference point: fixed per (space, hardware space) unless given.
  std::vector<double> reference;
  nlohmann::json referenceOrigin;
  if (!refPointText.empty()) {
    reference = parseRefPoint(refPointText, *problem);
    referenceOrigin = "--ref-point";
  } else {
    llvm::outs() << llvm::formatv(
        "cim-opt-search: default hypervolume reference point: simulating the "
        "largest sub-network on the {0} configurations of the hardware space "
        "(--ref-point skips this)\n",
        hardwareSpace.size() + (options.fixedHardware ? 1 : 0));
    llvm::outs().flush();
    std::vector<int> largest;
    for (int i = 0; i < space.genomeLength(); ++i)
      largest.push_back(static_cast<int>(space.groupOf(i).values.size()) - 1);
    largest = space.canonicalize(largest);
    double worst = 0.0;
    if (options.fixedHardware)
      worst = static_cast<double>(
          check(problem->simulate(largest, *options.fixedHardware)).cycles);
    for (const auto &entry : allConfigurations(hardwareSpace))
      worst = std::max(
          worst, static_cast<double>(
                     check(problem->simulate(largest, entry.second)).cycles));
    reference = {std::ceil(1.1 * worst)};
    if (accuracy.oracle())
      reference.insert(reference.begin(), 70.0);
    referenceOrigin = std::string(accuracy.oracle() ? "default: accuracy 70, "
                                                    : "default: ") +
                      "cycles 1.1 x the largest network's worst cycles over "
                      "the hardware space";
  }
  SearchSettings settings;
  settings.algorithm = *algorithm;
  settings.population = population;
  settings.generations = generationCount;
  settings.seed = seed;
  settings.threads = threads;
  settings.referencePoint = reference;

  nlohmann::json settingsJson = {
      {"arguments",
       storableArguments(static_cast<int>(expandedArgv.size()),
                         const_cast<char **>(expandedArgv.data()))},
      {"supernet", space.name().str()},
      {"search_algo", stringifyAlgorithm(*algorithm).str()},
      {"mode", stringifySearchMode(*mode).str()},
      {"population", population.getValue()},
      {"generations", generationCount},
      {"seed", seed.getValue()},
      {"threads", threads},
      {"hw_space", hwSpacePath},
      {"hw", hwFile.getValue()},
      {"subnet", options.fixedModel.empty()
                     ? std::string()
                     : formatGenome(space, options.fixedModel)},
      {"accuracy_data", accuracy.tablePath},
      {"ref_point", reference},
      {"ref_point_origin", referenceOrigin},
      {"crossover", "uniform, p_c 0.9"},
      {"mutation", "random reset per gene group, p 1/groups (OFA: ks and e "
                   "of a block together)"}};

  std::vector<Record> existing;
  if (!resumeDir.empty())
    existing = check(readEvaluations(resumeDir + "/evaluations.csv", *problem));

  Search search(*problem, settings);
  search.setReplay(existing);
  std::unique_ptr<RunWriter> writer =
      check(RunWriter::create(outDir, *problem, settingsJson, existing));
  writer->idealPoint = {0.0};
  if (accuracy.oracle())
    writer->idealPoint.insert(writer->idealPoint.begin(), 100.0);
  writer->processStart = processStart;
  writer->extraSummary = [&] { return problem->statistics(); };
  writer->progress = showProgress;
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
