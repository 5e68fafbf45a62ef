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
//===----------------------------------------------------------------------===//

#include "cim/CostModel/CostModel.h"
#include "cim/Hardware/HardwareSpace.h"
#include "cim/Search/AccuracyPredictor.h"
#include "cim/Search/CyclesPredictor.h"
#include "cim/Search/GenomeText.h"
#include "cim/Search/SearchSpace.h"
#include "cim/Support/Resources.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <map>

using namespace cim;

namespace {

const char *kUsage =
    "usage: cim-space <command> [options]\n"
    "  describe --space S\n"
    "  layers --space S (--genome TEXT | --genome-csv FILE)\n"
    "  train-accuracy --space S --csv FILE -o MODEL.json [--alpha A] "
    "[--folds K] [--seed N] [--column NAME]\n"
    "  accuracy --space S (--genome TEXT | --genome-csv FILE) "
    "[--model FILE | --no-model] [--table CSV | --no-table]\n"
    "  cycles-study --space S [--hw-space FILE] [--train N] [--test N] "
    "[--seed N] [--alpha A] [--linear-target]\n"
    "spaces: ofa_mbv3, ofa_mbv3_r, ofa_resnet50, vit_b16\n"
    "genome text: 'ks=3,5,...;e=...;d=...' or DyNAS-T "
    "\"{'ks': [...], 'e': [...], 'd': [...]}\"\n";

const char *kMacsConvention =
    "# MACs: conv + linear + matmul multiply-accumulates (BN, activations, "
    "pooling, SE multiply, residual adds not counted); params: trainable, "
    "incl. BN gamma/beta and biases";

int fail(const llvm::Twine &message) {
  llvm::errs() << "cim-space: error: " << message << "\n";
  return 1;
}

int fail(llvm::Error err) { return fail(llvm::toString(std::move(err))); }

struct Options {
  std::map<std::string, std::string> values;
  std::map<std::string, bool> flags;
  bool has(const std::string &key) const { return values.count(key); }
  std::string get(const std::string &key) const {
    auto it = values.find(key);
    return it == values.end() ? "" : it->second;
  }
};

llvm::Expected<Options>
parseOptions(int argc, char **argv, std::initializer_list<const char *> valued,
             std::initializer_list<const char *> flags) {
  Options options;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    bool known = false;
    for (const char *f : flags)
      if (arg == f) {
        options.flags[arg] = true;
        known = true;
      }
    if (known)
      continue;
    for (const char *v : valued) {
      if (arg != v)
        continue;
      if (i + 1 >= argc)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "option %s expects a value",
                                       arg.c_str());
      options.values[arg] = argv[++i];
      known = true;
    }
    if (!known)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "unknown option '%s' for '%s'\n%s",
                                     arg.c_str(), argv[1], kUsage);
  }
  return options;
}

llvm::Expected<std::unique_ptr<SearchSpace>> spaceOption(const Options &o) {
  if (!o.has("--space"))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "missing --space (one of: ofa_mbv3, "
                                   "ofa_mbv3_r, ofa_resnet50, vit_b16)");
  return createSearchSpace(o.get("--space"));
}

/// Genomes from --genome or --genome-csv.
llvm::Expected<std::vector<std::vector<int>>>
genomesOption(const SearchSpace &space, const Options &o) {
  if (o.has("--genome") == o.has("--genome-csv"))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "expected exactly one of --genome and "
                                   "--genome-csv");
  if (o.has("--genome")) {
    auto genome = parseGenome(space, o.get("--genome"));
    if (!genome)
      return genome.takeError();
    return std::vector<std::vector<int>>{*genome};
  }
  auto csv = readCsv(o.get("--genome-csv"));
  if (!csv)
    return csv.takeError();
  auto rows = readGenomeRows(space, *csv, o.get("--genome-csv"), "");
  if (!rows)
    return rows.takeError();
  return std::move(rows->genomes);
}

int describe(const Options &o) {
  auto space = spaceOption(o);
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
  for (const VectorWork &work : layer.vector_work)
    text += (text.empty() ? "" : "+") + stringifyVectorOp(work.op).str();
  return text.empty() ? "-" : text;
}

int layers(const Options &o) {
  auto space = spaceOption(o);
  if (!space)
    return fail(space.takeError());
  auto genomes = genomesOption(**space, o);
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
                   << " " << l.in_channels << " " << l.out_channels << " "
                   << l.kernel_h << " " << l.stride_h << " " << l.groups << " "
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

int trainAccuracy(const Options &o) {
  auto space = spaceOption(o);
  if (!space)
    return fail(space.takeError());
  if (!o.has("--csv"))
    return fail("train-accuracy: missing --csv FILE (gene columns + top1)");
  if (!o.has("-o"))
    return fail("train-accuracy: missing -o MODEL.json");
  AccuracyTrainOptions options;
  auto number = [&](const char *key, double &out) -> bool {
    if (!o.has(key))
      return true;
    std::optional<double> v = parseNumber(o.get(key));
    if (!v)
      return false;
    out = *v;
    return true;
  };
  double folds = options.folds, seed = static_cast<double>(options.seed);
  for (const char *key : {"--alpha", "--folds", "--seed"}) {
    double *out = std::string(key) == "--alpha"   ? &options.alpha
                  : std::string(key) == "--folds" ? &folds
                                                  : &seed;
    if (!number(key, *out) || *out < 0)
      return fail(llvm::Twine(key) +
                  ": expected a non-negative number, found '" + o.get(key) +
                  "'");
  }
  options.folds = static_cast<int>(folds);
  options.seed = static_cast<uint64_t>(seed);
  if (o.has("--column"))
    options.column = o.get("--column");
  auto model = trainAccuracyModel(**space, o.get("--csv"), options);
  if (!model)
    return fail(model.takeError());
  if (llvm::Error err = model->save(o.get("-o")))
    return fail(std::move(err));
  llvm::outs() << "trained ridge (alpha " << model->ridge.alpha << ") on "
               << model->training.rows << " rows of " << model->training.file
               << " (sha256 " << model->training.sha256 << ")\n";
  llvm::outs() << llvm::format("%d-fold CV: MAE %.4f RMSE %.4f MAPE %.4f%% "
                               "Kendall tau %.4f Spearman %.4f\n",
                               model->cv_folds, model->cv.mae, model->cv.rmse,
                               model->cv.mape, model->cv.kendall_tau,
                               model->cv.spearman);
  llvm::outs() << "wrote " << o.get("-o") << "\n";
  return 0;
}

int accuracy(const Options &o) {
  auto space = spaceOption(o);
  if (!space)
    return fail(space.takeError());
  const SearchSpace &s = **space;
  auto genomes = genomesOption(s, o);
  if (!genomes)
    return fail(genomes.takeError());

  std::optional<AccuracyTable> table;
  std::string tablePath = o.get("--table");
  if (tablePath.empty() && !o.flags.count("--no-table") &&
      !defaultAccuracyTableFile(s).empty()) {
    auto bundled = findResource(defaultAccuracyTableFile(s));
    if (!bundled)
      return fail(bundled.takeError());
    tablePath = *bundled;
  }
  if (!tablePath.empty() && !o.flags.count("--no-table")) {
    auto loaded = AccuracyTable::load(s, tablePath);
    if (!loaded)
      return fail(loaded.takeError());
    table = std::move(*loaded);
  }
  std::optional<AccuracyModel> model;
  std::string modelPath = o.get("--model");
  if (modelPath.empty() && !o.flags.count("--no-model") &&
      !defaultAccuracyModelFile(s).empty()) {
    auto committed = findResource(defaultAccuracyModelFile(s));
    if (!committed)
      return fail(committed.takeError());
    modelPath = *committed;
  }
  if (!modelPath.empty() && !o.flags.count("--no-model")) {
    auto loaded = AccuracyModel::load(modelPath);
    if (!loaded)
      return fail(loaded.takeError());
    if (llvm::Error err = loaded->checkCompatible(s))
      return fail(modelPath + ": " + llvm::toString(std::move(err)));
    model = std::move(*loaded);
  }
  llvm::outs() << "# accuracy table: " << (table ? tablePath : "none")
               << "; model: "
               << (model ? modelPath +
                               llvm::formatv(" (ridge, {0}-fold CV MAE {1:F3}, "
                                             "Kendall tau {2:F3})",
                                             model->cv_folds, model->cv.mae,
                                             model->cv.kendall_tau)
                                   .str()
                         : std::string("none"))
               << "\n";
  if (!table && !model)
    llvm::outs() << "# no accuracy for space " << s.name()
                 << ": cycles-only (give --table CSV of measured accuracies "
                    "or --model)\n";
  AccuracyOracle oracle(s, std::move(table), std::move(model));
  for (const std::vector<int> &genome : *genomes) {
    AccuracyEstimate estimate = oracle.estimate(genome);
    llvm::outs() << "top1 ";
    if (estimate.top1)
      llvm::outs() << llvm::format("%.4f", *estimate.top1);
    else
      llvm::outs() << "none";
    llvm::outs() << " source " << stringifyAccuracySource(estimate.source)
                 << " resolution " << s.resolution(genome) << " genome "
                 << formatGenome(s, genome) << "\n";
  }
  return 0;
}

int cyclesStudy(const Options &o) {
  auto space = spaceOption(o);
  if (!space)
    return fail(space.takeError());
  std::string hwPath;
  if (o.has("--hw-space")) {
    hwPath = o.get("--hw-space");
  } else {
    auto bundled = findResource("configs/hw-space/default.json");
    if (!bundled)
      return fail(bundled.takeError());
    hwPath = *bundled;
  }
  auto hardware = HardwareSpace::load(hwPath);
  if (!hardware)
    return fail(hardware.takeError());
  CyclesStudyOptions options;
  for (const char *key : {"--train", "--test", "--seed", "--alpha"}) {
    if (!o.has(key))
      continue;
    std::optional<double> v = parseNumber(o.get(key));
    if (!v || *v < 0)
      return fail(llvm::Twine(key) +
                  ": expected a non-negative number, "
                  "found '" +
                  o.get(key) + "'");
    std::string k = key;
    if (k == "--train")
      options.train_samples = static_cast<size_t>(*v);
    else if (k == "--test")
      options.test_samples = static_cast<size_t>(*v);
    else if (k == "--seed")
      options.seed = static_cast<uint64_t>(*v);
    else
      options.alpha = *v;
  }
  options.log_target = !o.flags.count("--linear-target");
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
               << (options.log_target ? "log(cycles)" : "cycles") << " alpha "
               << options.alpha << " seed " << options.seed << "\n";
  llvm::outs() << llvm::format(
      "train %zu test %zu dropped %zu kendall_tau %.4f spearman %.4f "
      "mape_percent %.2f oracle_seconds %.1f\n",
      study->train, study->test, study->dropped, study->held_out.kendall_tau,
      study->held_out.spearman, study->held_out.mape, study->oracle_seconds);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (argc < 2 || llvm::StringRef(argv[1]) == "--help" ||
      llvm::StringRef(argv[1]) == "-h") {
    llvm::outs() << kUsage;
    return argc < 2 ? 1 : 0;
  }
  llvm::StringRef command = argv[1];
  if (command == "describe") {
    auto o = parseOptions(argc, argv, {"--space"}, {});
    return o ? describe(*o) : fail(o.takeError());
  }
  if (command == "layers") {
    auto o =
        parseOptions(argc, argv, {"--space", "--genome", "--genome-csv"}, {});
    return o ? layers(*o) : fail(o.takeError());
  }
  if (command == "train-accuracy") {
    auto o = parseOptions(
        argc, argv,
        {"--space", "--csv", "-o", "--alpha", "--folds", "--seed", "--column"},
        {});
    return o ? trainAccuracy(*o) : fail(o.takeError());
  }
  if (command == "cycles-study") {
    auto o = parseOptions(
        argc, argv,
        {"--space", "--hw-space", "--train", "--test", "--seed", "--alpha"},
        {"--linear-target"});
    return o ? cyclesStudy(*o) : fail(o.takeError());
  }
  if (command == "accuracy") {
    auto o = parseOptions(
        argc, argv,
        {"--space", "--genome", "--genome-csv", "--model", "--table"},
        {"--no-model", "--no-table"});
    return o ? accuracy(*o) : fail(o.takeError());
  }
  return fail("unknown command '" + command + "'\n" + kUsage);
}
