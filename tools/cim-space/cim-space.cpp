//===- cim-space.cpp - Inspect search spaces, train accuracy models -------===//
//
// cim-space describe --space S
// cim-space layers --space S (--genome TEXT | --genome-csv FILE)
// cim-space train-accuracy --space S --csv FILE -o MODEL.json
//           [--alpha A] [--folds K] [--seed N] [--column top1]
// cim-space cycles-study --space S [--hw-space FILE] [--train N] [--test N]
//           [--seed N] [--alpha A] [--linear-target]
// cim-space accuracy --space S (--genome TEXT | --genome-csv FILE)
//           [--model FILE | --no-model] [--table CSV | --no-table]
//
// Flag parsing and dispatch over CimSupernet (spaces, genome text) and
// CimPredict (accuracy table and model, cycles predictor);
// docs/search-spaces.md and docs/predictors.md describe the commands.
//
//===----------------------------------------------------------------------===//

#include "cim/CostModel/CostModel.h"
#include "cim/Hardware/HardwareSpace.h"
#include "cim/Predict/AccuracyModel.h"
#include "cim/Predict/AccuracyTable.h"
#include "cim/Predict/CyclesPredictor.h"
#include "cim/Supernet/GenomeText.h"
#include "cim/Supernet/SearchSpace.h"
#include "cim/Support/Error.h"
#include "cim/Support/Resources.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace cim;
namespace cl = llvm::cl;

static cl::OptionCategory category("cim-space options");

static cl::SubCommand describeCommand("describe",
                                      "A space's genes, sizes and accuracy");
static cl::SubCommand layersCommand("layers", "The layer list of sub-networks");
static cl::SubCommand
    trainCommand("train-accuracy",
                 "Fit the ridge accuracy model on a measured CSV");
static cl::SubCommand
    accuracyCommand("accuracy",
                    "Accuracy of sub-networks, with where it comes from");
static cl::SubCommand
    cyclesCommand("cycles-study",
                  "How well ridge on one-hot genomes predicts cycles");

static cl::opt<std::string> spaceName(
    "space", cl::desc("ofa_mbv3, ofa_mbv3_r, ofa_resnet50 or vit_b16"),
    cl::sub(describeCommand), cl::sub(layersCommand), cl::sub(trainCommand),
    cl::sub(accuracyCommand), cl::sub(cyclesCommand), cl::cat(category));
static cl::opt<std::string>
    genomeText("genome",
               cl::desc("'ks=3,5,...;e=...;d=...' or DyNAS-T "
                        "\"{'ks': [...], 'e': [...], 'd': [...]}\""),
               cl::value_desc("TEXT"), cl::sub(layersCommand),
               cl::sub(accuracyCommand), cl::cat(category));
static cl::opt<std::string>
    genomeCsv("genome-csv", cl::desc("One genome per row (gene columns)"),
              cl::value_desc("FILE"), cl::sub(layersCommand),
              cl::sub(accuracyCommand), cl::cat(category));
static cl::opt<std::string> csvPath("csv",
                                    cl::desc("Measured CSV: gene columns and "
                                             "the accuracy column"),
                                    cl::value_desc("FILE"),
                                    cl::sub(trainCommand), cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Model file to write"),
                                       cl::value_desc("MODEL.json"),
                                       cl::sub(trainCommand),
                                       cl::cat(category));
// Numbers are read as text so that a bad one is reported like every other
// bad value (flag, expected, found).
static cl::opt<std::string>
    alphaText("alpha", cl::desc("Ridge alpha (train-accuracy 3, cycles 1)"),
              cl::value_desc("A"), cl::sub(trainCommand),
              cl::sub(cyclesCommand), cl::cat(category));
static cl::opt<std::string> foldsText("folds",
                                      cl::desc("Cross-validation folds (5)"),
                                      cl::value_desc("K"),
                                      cl::sub(trainCommand), cl::cat(category));
static cl::opt<std::string> seedText("seed", cl::desc("Random seed (1)"),
                                     cl::value_desc("N"), cl::sub(trainCommand),
                                     cl::sub(cyclesCommand), cl::cat(category));
static cl::opt<std::string>
    columnName("column", cl::desc("Accuracy column of --csv (top1)"),
               cl::value_desc("NAME"), cl::sub(trainCommand),
               cl::cat(category));
static cl::opt<std::string>
    modelPath("model",
              cl::desc("Accuracy model file (default: the committed one of "
                       "the space, if any)"),
              cl::value_desc("FILE"), cl::sub(accuracyCommand),
              cl::cat(category));
static cl::opt<bool> noModel("no-model", cl::desc("Use no accuracy model"),
                             cl::sub(accuracyCommand), cl::cat(category));
static cl::opt<std::string>
    tablePath("table",
              cl::desc("Measured accuracy CSV (default: the bundled one of "
                       "the space, if any)"),
              cl::value_desc("CSV"), cl::sub(accuracyCommand),
              cl::cat(category));
static cl::opt<bool> noTable("no-table",
                             cl::desc("Use no measured accuracy table"),
                             cl::sub(accuracyCommand), cl::cat(category));
static cl::opt<std::string>
    hwSpacePath("hw-space",
                cl::desc("Hardware search space JSON (default: the bundled "
                         "configs/hw-space/default.json)"),
                cl::value_desc("FILE"), cl::sub(cyclesCommand),
                cl::cat(category));
static cl::opt<std::string>
    trainText("train", cl::desc("Training pairs (1000)"), cl::value_desc("N"),
              cl::sub(cyclesCommand), cl::cat(category));
static cl::opt<std::string> testText("test", cl::desc("Held-out pairs (500)"),
                                     cl::value_desc("N"),
                                     cl::sub(cyclesCommand), cl::cat(category));
static cl::opt<bool> linearTarget("linear-target",
                                  cl::desc("Fit cycles, not log(cycles)"),
                                  cl::sub(cyclesCommand), cl::cat(category));
// Anything before a command, so an unknown one is named.
static cl::list<std::string> stray(cl::Positional, cl::Hidden,
                                   cl::sub(cl::SubCommand::getTopLevel()));

namespace {

const char *kUsage =
    "usage: cim-space <command> [options]\n"
    "commands: describe, layers, train-accuracy, accuracy, cycles-study\n"
    "'cim-space <command> --help' lists a command's options\n";

const char *kMacsConvention =
    "# MACs: conv + linear + matmul multiply-accumulates (BN, activations, "
    "pooling, SE multiply, residual adds not counted); params: trainable, "
    "incl. BN gamma/beta and biases";

int fail(const llvm::Twine &message) {
  llvm::errs() << "cim-space: error: " << message << "\n";
  return 1;
}

int fail(llvm::Error err) { return fail(llvm::toString(std::move(err))); }

bool given(const cl::opt<std::string> &option) {
  return option.getNumOccurrences() > 0;
}

/// The value of a numeric option given as text, when it is a non-negative
/// number; `out` is unchanged when the option is absent.
llvm::Error nonNegative(const cl::opt<std::string> &option, double &out) {
  if (!given(option))
    return llvm::Error::success();
  std::optional<double> value = parseNumber(option);
  if (!value || *value < 0)
    return cim::makeError("--" + option.ArgStr.str() +
                          ": expected a non-negative number, found '" +
                          option.getValue() + "'");
  out = *value;
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<SearchSpace>> spaceOption() {
  if (!given(spaceName))
    return cim::makeError("missing --space (one of: ofa_mbv3, "
                          "ofa_mbv3_r, ofa_resnet50, vit_b16)");
  return createSearchSpace(spaceName);
}

/// Genomes from --genome or --genome-csv.
llvm::Expected<std::vector<std::vector<int>>>
genomesOption(const SearchSpace &space) {
  if (given(genomeText) == given(genomeCsv))
    return cim::makeError("expected exactly one of --genome and "
                          "--genome-csv");
  if (given(genomeText)) {
    auto genome = parseGenome(space, genomeText);
    if (!genome)
      return genome.takeError();
    return std::vector<std::vector<int>>{*genome};
  }
  auto csv = readCsv(genomeCsv);
  if (!csv)
    return csv.takeError();
  auto rows = readGenomeRows(space, *csv, genomeCsv, "");
  if (!rows)
    return rows.takeError();
  return std::move(rows->genomes);
}

int describe() {
  auto space = spaceOption();
  if (!space)
    return fail(space.takeError());
  const SearchSpace &s = **space;
  llvm::outs() << "space " << s.name() << ": " << s.description() << "\n";
  llvm::outs() << "genes " << s.genomeLength() << ", one-hot features "
               << s.oneHotSize() << ", raw genomes "
               << (s.rawSize() == UINT64_MAX ? std::string(">= 2^64")
                                             : std::to_string(s.rawSize()))
               << "\n";
  for (const GeneGroup &group : s.geneGroups()) {
    llvm::outs() << "  " << group.name << "[" << group.count << "] in {";
    for (size_t i = 0; i < group.values.size(); ++i)
      llvm::outs() << (i ? ", " : "") << formatGeneValue(group.values[i]);
    llvm::outs() << "}\n";
  }
  llvm::StringRef model = defaultAccuracyModelFile(s);
  llvm::outs() << "accuracy: "
               << (model.empty()
                       ? "no measured data or committed model "
                         "(cycles-only unless --table/--model)"
                       : "measured table + ridge model " + model.str())
               << "\n";
  return 0;
}

std::string vectorWorkText(const Layer &layer) {
  std::string text;
  for (const VectorWork &work : layer.vectorWork)
    text += (text.empty() ? "" : "+") + stringifyVectorOp(work.op).str();
  return text.empty() ? "-" : text;
}

int layers() {
  auto space = spaceOption();
  if (!space)
    return fail(space.takeError());
  auto genomes = genomesOption(**space);
  if (!genomes)
    return fail(genomes.takeError());
  llvm::outs() << kMacsConvention << "\n";
  for (const std::vector<int> &genome : *genomes) {
    SubNetwork net = (*space)->decode(genome);
    llvm::outs() << "network " << (*space)->name() << " resolution "
                 << net.resolution << " genome "
                 << formatGenome(**space, genome) << "\n";
    llvm::outs() << "idx name kind cin cout kernel stride groups batch in_hw "
                    "out_hw m k n macs params vector_work operands\n";
    int gemms = 0;
    for (size_t i = 0; i < net.workload.layers.size(); ++i) {
      const Layer &l = net.workload.layers[i];
      gemms += l.isGemm();
      llvm::outs() << i << " " << l.name << " " << stringifyLayerKind(l.kind)
                   << " " << l.inChannels << " " << l.outChannels << " "
                   << l.kernelH << " " << l.strideH << " " << l.groups << " "
                   << l.batch << " " << l.in_h << "x" << l.in_w << " "
                   << l.out_h << "x" << l.out_w << " " << l.m << " " << l.k
                   << " " << l.n << " " << l.macs() << " " << net.layerParams[i]
                   << " " << vectorWorkText(l) << " ";
      for (size_t p = 0; p < l.operands.size(); ++p)
        llvm::outs() << (p ? "," : "") << l.operands[p];
      llvm::outs() << "\n";
    }
    llvm::outs() << "total layers " << net.workload.layers.size()
                 << " gemm_layers " << gemms << " macs " << net.macs
                 << " params " << net.params << "\n";
  }
  return 0;
}

int trainAccuracy() {
  auto space = spaceOption();
  if (!space)
    return fail(space.takeError());
  if (!given(csvPath))
    return fail("train-accuracy: missing --csv FILE (gene columns + top1)");
  if (!given(outputPath))
    return fail("train-accuracy: missing -o MODEL.json");
  AccuracyTrainOptions options;
  double folds = options.folds, seed = static_cast<double>(options.seed);
  if (llvm::Error error = nonNegative(alphaText, options.alpha))
    return fail(std::move(error));
  if (llvm::Error error = nonNegative(foldsText, folds))
    return fail(std::move(error));
  if (llvm::Error error = nonNegative(seedText, seed))
    return fail(std::move(error));
  options.folds = static_cast<int>(folds);
  options.seed = static_cast<uint64_t>(seed);
  if (given(columnName))
    options.column = columnName;
  auto model = trainAccuracyModel(**space, csvPath, options);
  if (!model)
    return fail(model.takeError());
  if (llvm::Error err = model->save(outputPath))
    return fail(std::move(err));
  llvm::outs() << "trained ridge (alpha " << model->ridge.alpha << ") on "
               << model->training.rows << " rows of " << model->training.file
               << " (sha256 " << model->training.sha256 << ")\n";
  llvm::outs() << llvm::format("%d-fold CV: MAE %.4f RMSE %.4f MAPE %.4f%% "
                               "Kendall tau %.4f Spearman %.4f\n",
                               model->cvFolds, model->cv.mae, model->cv.rmse,
                               model->cv.mape, model->cv.kendallTau,
                               model->cv.spearman);
  llvm::outs() << "wrote " << outputPath << "\n";
  return 0;
}

/// --table / --model, or the space's bundled files unless --no-*; "" when
/// there is none.
llvm::Expected<std::string> accuracyFile(const cl::opt<std::string> &option,
                                         const cl::opt<bool> &none,
                                         llvm::StringRef bundled) {
  if (none)
    return "";
  if (!option.empty() || bundled.empty())
    return option.getValue();
  return findResource(bundled);
}

int accuracy() {
  auto space = spaceOption();
  if (!space)
    return fail(space.takeError());
  const SearchSpace &s = **space;
  auto genomes = genomesOption(s);
  if (!genomes)
    return fail(genomes.takeError());

  auto table = accuracyFile(tablePath, noTable, defaultAccuracyTableFile(s));
  if (!table)
    return fail(table.takeError());
  std::unique_ptr<MeasuredAccuracy> measured;
  if (!table->empty()) {
    auto loaded = AccuracyTable::load(s, *table);
    if (!loaded)
      return fail(loaded.takeError());
    measured = std::make_unique<MeasuredAccuracy>(s, std::move(*loaded));
  }
  auto model = accuracyFile(modelPath, noModel, defaultAccuracyModelFile(s));
  if (!model)
    return fail(model.takeError());
  std::unique_ptr<RidgeAccuracy> ridge;
  if (!model->empty()) {
    auto loaded = RidgeAccuracy::load(s, *model);
    if (!loaded)
      return fail(loaded.takeError());
    ridge = std::move(*loaded);
  }

  llvm::outs() << "# accuracy table: " << (measured ? *table : "none")
               << "; model: ";
  if (ridge)
    llvm::outs() << *model
                 << llvm::formatv(" (ridge, {0}-fold CV MAE {1:F3}, Kendall "
                                  "tau {2:F3})",
                                  ridge->model().cvFolds, ridge->model().cv.mae,
                                  ridge->model().cv.kendallTau);
  else
    llvm::outs() << "none";
  llvm::outs() << "\n";
  if (!measured && !ridge)
    llvm::outs() << "# no accuracy for space " << s.name()
                 << ": cycles-only (give --table CSV of measured accuracies "
                    "or --model)\n";

  // The table answers what it measured and asks the model for the rest.
  const AccuracyOracle *oracle = ridge.get();
  if (measured) {
    measured->setFallback(ridge.get());
    oracle = measured.get();
  }
  std::vector<AccuracyEstimate> estimates(genomes->size());
  if (oracle) {
    auto batch = oracle->estimateBatch(*genomes, /*generation=*/-1);
    if (!batch)
      return fail(batch.takeError());
    estimates = std::move(*batch);
  }
  for (size_t i = 0; i < genomes->size(); ++i) {
    const std::vector<int> &genome = (*genomes)[i];
    llvm::outs() << "top1 ";
    if (estimates[i].top1)
      llvm::outs() << llvm::format("%.4f", *estimates[i].top1);
    else
      llvm::outs() << "none";
    llvm::outs() << " source " << stringifyAccuracySource(estimates[i].source)
                 << " resolution " << s.resolution(genome) << " genome "
                 << formatGenome(s, genome) << "\n";
  }
  return 0;
}

int cyclesStudy() {
  auto space = spaceOption();
  if (!space)
    return fail(space.takeError());
  std::string hwPath = hwSpacePath;
  if (!given(hwSpacePath)) {
    auto bundled = findResource("configs/hw-space/default.json");
    if (!bundled)
      return fail(bundled.takeError());
    hwPath = *bundled;
  }
  auto hardware = HardwareSpace::load(hwPath);
  if (!hardware)
    return fail(hardware.takeError());
  CyclesStudyOptions options;
  double train = static_cast<double>(options.trainSamples);
  double test = static_cast<double>(options.testSamples);
  double seed = static_cast<double>(options.seed);
  std::pair<const cl::opt<std::string> *, double *> numbers[] = {
      {&trainText, &train},
      {&testText, &test},
      {&seedText, &seed},
      {&alphaText, &options.alpha}};
  for (auto [option, out] : numbers)
    if (llvm::Error error = nonNegative(*option, *out))
      return fail(std::move(error));
  options.trainSamples = static_cast<size_t>(train);
  options.testSamples = static_cast<size_t>(test);
  options.seed = static_cast<uint64_t>(seed);
  options.logTarget = !linearTarget;
  LayerCostCache cache;
  NetworkOptions networkOptions;
  networkOptions.cache = &cache;
  CyclesOracle oracle = [&](const Workload &workload,
                            const HardwareConfig &hw) -> int64_t {
    auto result = mapNetwork(workload, hw, networkOptions);
    if (!result) {
      llvm::consumeError(result.takeError());
      return 0;
    }
    return result->cycles;
  };
  auto study = runCyclesStudy(**space, *hardware, oracle, options);
  if (!study)
    return fail(study.takeError());
  llvm::outs() << "space " << (*space)->name() << " hw-space "
               << hardware->name() << " target "
               << (options.logTarget ? "log(cycles)" : "cycles") << " alpha "
               << options.alpha << " seed " << options.seed << "\n";
  llvm::outs() << llvm::format(
      "train %zu test %zu dropped %zu kendall_tau %.4f spearman %.4f "
      "mape_percent %.2f oracle_seconds %.1f\n",
      study->train, study->test, study->dropped, study->heldOut.kendallTau,
      study->heldOut.spearman, study->heldOut.mape, study->oracleSeconds);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  for (cl::SubCommand *command :
       {&describeCommand, &layersCommand, &trainCommand, &accuracyCommand,
        &cyclesCommand})
    cl::HideUnrelatedOptions(category, *command);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << versionString() << "\n"; });
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "cim-space: describe supernet spaces, print sub-networks' layers, "
          "train and query accuracy models, study the cycles predictor\n",
          &llvm::errs()))
    return 1;
  if (!stray.empty())
    return fail("unknown command '" + stray.front() + "'\n" + kUsage);
  if (describeCommand)
    return describe();
  if (layersCommand)
    return layers();
  if (trainCommand)
    return trainAccuracy();
  if (accuracyCommand)
    return accuracy();
  if (cyclesCommand)
    return cyclesStudy();
  llvm::errs() << kUsage;
  return 1;
}
