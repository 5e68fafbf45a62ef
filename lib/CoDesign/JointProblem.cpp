//===- JointProblem.cpp - Sub-network x CiM hardware search problem -------===//

#include "cim/CoDesign/JointProblem.h"

#include "cim/Supernet/GenomeText.h"
#include "cim/Support/Error.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace cim::codesign {

using evo::Evaluation;
using evo::Genome;
using evo::Sense;

llvm::StringRef stringifySearchMode(SearchMode mode) {
  switch (mode) {
  case SearchMode::Joint:
    return "joint";
  case SearchMode::ModelOnly:
    return "model-only";
  case SearchMode::HardwareOnly:
    return "hardware-only";
  }
  return "unknown";
}

std::optional<SearchMode> symbolizeSearchMode(llvm::StringRef text) {
  if (text == "joint")
    return SearchMode::Joint;
  if (text == "model-only")
    return SearchMode::ModelOnly;
  if (text == "hardware-only")
    return SearchMode::HardwareOnly;
  return std::nullopt;
}

bool isTrustedSource(AccuracySource source) {
  return source == AccuracySource::Measured ||
         source == AccuracySource::Evaluated || source == AccuracySource::None;
}

namespace {
/// Decoded hardware parameters written in every row (docs/search.md,
/// "Outputs").
struct HardwareColumn {
  const char *name;
  int64_t HardwareConfig::*member;
};
const HardwareColumn kHardwareColumns[] = {
    {"rows", &HardwareConfig::rows},
    {"cols", &HardwareConfig::cols},
    {"cores", &HardwareConfig::cores},
    {"arrays_per_core", &HardwareConfig::arraysPerCore},
    {"gb_bytes", &HardwareConfig::gbBytes},
    {"lb_bytes", &HardwareConfig::lbBytes},
    {"gb_bytes_per_cycle", &HardwareConfig::gbBytesPerCycle},
    {"lb_bytes_per_cycle", &HardwareConfig::lbBytesPerCycle},
    {"vector_lanes_per_core", &HardwareConfig::vectorLanesPerCore},
};
constexpr int kHardwareColumnCount =
    sizeof(kHardwareColumns) / sizeof(kHardwareColumns[0]);
constexpr int kAccuracyColumn = kHardwareColumnCount;
constexpr int kSourceColumn = kHardwareColumnCount + 1;
constexpr int kCyclesColumn = kHardwareColumnCount + 2;
} // namespace

JointProblem::JointProblem(const SearchSpace &space,
                           const HardwareSpace &hardwareSpace,
                           const AccuracyOracle *accuracy,
                           JointProblemOptions options)
    : space(space), hardwareSpace(hardwareSpace), accuracy(accuracy),
      options(std::move(options)) {}

llvm::Expected<std::unique_ptr<JointProblem>> JointProblem::create(
    const SearchSpace &space, const HardwareSpace &hardwareSpace,
    const AccuracyOracle *accuracy, JointProblemOptions options) {
  if (options.mode == SearchMode::ModelOnly && !options.fixedHardware)
    return cim::makeError("model-only search needs a fixed hardware "
                          "configuration");
  if (options.mode == SearchMode::HardwareOnly) {
    if (llvm::Error error = space.validate(options.fixedModel))
      return std::move(error);
  }
  std::unique_ptr<JointProblem> problem(
      new JointProblem(space, hardwareSpace, accuracy, std::move(options)));
  JointProblem &p = *problem;
  if (p.options.mode != SearchMode::HardwareOnly) {
    p.modelGenes = space.genomeLength();
    p.geneList = searchGenes(space);
  }
  if (p.options.mode != SearchMode::ModelOnly)
    for (const HardwareGene &gene : hardwareSpace.genes())
      p.geneList.push_back({gene.columnName(), gene.labels});
  if (llvm::Error error = evo::checkGeneLabels(p.geneList))
    return std::move(error);

  if (accuracy)
    p.objectiveList.push_back({"accuracy", Sense::Maximize});
  p.objectiveList.push_back({"cycles", Sense::Minimize});
  for (const HardwareColumn &column : kHardwareColumns)
    p.columnList.push_back(column.name);
  p.columnList.insert(p.columnList.end(),
                      {"accuracy", "accuracy_source", "cycles", "macs",
                       "params", "bounding_term"});
  for (unsigned w = 0; w < std::max(p.options.workers, 1u); ++w)
    p.caches.push_back(std::make_unique<LayerCostCache>());
  p.retiredHits.assign(p.caches.size(), 0);
  p.retiredMisses.assign(p.caches.size(), 0);
  p.flushes.assign(p.caches.size(), 0);
  return problem;
}

std::vector<int> JointProblem::objectiveColumns() const {
  if (!accuracy)
    return {kCyclesColumn};
  return {kAccuracyColumn, kCyclesColumn};
}

bool JointProblem::isTrusted(llvm::ArrayRef<std::string> fields) const {
  for (int s = 0; s < kAccuracySourceCount; ++s) {
    auto source = static_cast<AccuracySource>(s);
    if (fields[kSourceColumn] == stringifyAccuracySource(source))
      return isTrustedSource(source);
  }
  return false;
}

void JointProblem::splitGenome(llvm::ArrayRef<int> canonical,
                               std::vector<int> &model,
                               std::vector<int> &hardware) const {
  if (options.mode == SearchMode::HardwareOnly)
    model = options.fixedModel;
  else
    model = unmarkInactive(canonical.take_front(modelGenes));
  hardware.assign(canonical.begin() + modelGenes, canonical.end());
}

Genome JointProblem::canonicalize(llvm::ArrayRef<int> genome) const {
  Genome canonical(genome.begin(), genome.end());
  if (modelGenes == 0)
    return canonical;
  Genome model = markInactive(space, genome.take_front(modelGenes));
  std::copy(model.begin(), model.end(), canonical.begin());
  return canonical;
}

std::vector<std::vector<int>> JointProblem::mutationGroups() const {
  std::vector<std::vector<int>> groups;
  const GeneGroup *ks = modelGenes ? space.findGroup("ks") : nullptr;
  const GeneGroup *e = modelGenes ? space.findGroup("e") : nullptr;
  const bool pairBlocks = ks && e && ks->count == e->count;
  for (int i = 0; i < static_cast<int>(geneList.size()); ++i) {
    // OFA: a block's kernel size and expansion are resampled together.
    if (pairBlocks && i >= e->offset && i < e->offset + e->count)
      continue;
    if (pairBlocks && i >= ks->offset && i < ks->offset + ks->count) {
      groups.push_back({i, e->offset + (i - ks->offset)});
      continue;
    }
    groups.push_back({i});
  }
  return groups;
}

LayerCostCache &JointProblem::cacheFor(unsigned worker) const {
  const size_t slot = worker % caches.size();
  LayerCostCache &cache = *caches[slot];
  if (cache.size() > options.cacheEntryLimit) {
    retiredHits[slot] += cache.hits();
    retiredMisses[slot] += cache.misses();
    ++flushes[slot];
    cache.clear();
  }
  return cache;
}

llvm::Expected<NetworkResult>
JointProblem::mapSubNetwork(const SubNetwork &network,
                            const HardwareConfig &hardware,
                            unsigned worker) const {
  NetworkOptions networkOptions;
  networkOptions.cache = &cacheFor(worker);
  return mapNetwork(network.workload, hardware, networkOptions);
}

llvm::Expected<NetworkResult>
JointProblem::simulate(llvm::ArrayRef<int> modelGenome,
                       const HardwareConfig &hardware, unsigned worker) const {
  return mapSubNetwork(space.decode(modelGenome), hardware, worker);
}

llvm::Expected<AccuracyEstimate>
JointProblem::accuracyOf(llvm::ArrayRef<int> modelGenome) const {
  if (!accuracy)
    return AccuracyEstimate{};
  return accuracy->estimate(modelGenome);
}

llvm::Expected<Evaluation> JointProblem::evaluate(llvm::ArrayRef<int> canonical,
                                                  unsigned worker) const {
  return evaluatePrepared(canonical, "", worker);
}

llvm::Expected<std::vector<std::string>>
JointProblem::prepareBatch(llvm::ArrayRef<Genome> canonical,
                           int generation) const {
  std::vector<std::string> prepared;
  if (!accuracy)
    return std::vector<std::string>(canonical.size(), "none");
  std::vector<std::vector<int>> models;
  for (const Genome &genome : canonical) {
    std::vector<int> model, hardwareGenome;
    splitGenome(genome, model, hardwareGenome);
    models.push_back(std::move(model));
  }
  llvm::Expected<std::vector<AccuracyEstimate>> estimates =
      accuracy->estimateBatch(models, generation);
  if (!estimates)
    return estimates.takeError();
  for (size_t i = 0; i < models.size(); ++i) {
    const AccuracyEstimate &estimate = (*estimates)[i];
    if (!estimate.top1)
      return cim::makeError("no accuracy for sub-network " +
                            formatGenome(space, models[i]) +
                            ": it is not measured and no predictor is loaded");
    ++sourceCounts[static_cast<int>(estimate.source)];
    prepared.push_back(stringifyAccuracySource(estimate.source).str() + " " +
                       evo::formatDouble(*estimate.top1));
  }
  return prepared;
}

/// Inverse of the text JointProblem::prepareBatch writes.
static std::optional<AccuracyEstimate> parsePrepared(llvm::StringRef text) {
  auto [name, value] = text.split(' ');
  for (int s = 0; s < kAccuracySourceCount; ++s) {
    auto source = static_cast<AccuracySource>(s);
    if (name != stringifyAccuracySource(source))
      continue;
    if (source == AccuracySource::None)
      return AccuracyEstimate{};
    double top1 = 0.0;
    if (!evo::parseDouble(value, top1))
      return std::nullopt;
    return AccuracyEstimate{top1, source};
  }
  return std::nullopt;
}

llvm::Expected<Evaluation>
JointProblem::evaluatePrepared(llvm::ArrayRef<int> canonical,
                               llvm::StringRef prepared,
                               unsigned worker) const {
  std::vector<int> model, hardwareGenome;
  splitGenome(canonical, model, hardwareGenome);
  HardwareConfig hardware;
  if (options.mode == SearchMode::ModelOnly) {
    hardware = *options.fixedHardware;
  } else {
    llvm::Expected<HardwareConfig> decoded =
        hardwareSpace.decode(hardwareGenome);
    if (!decoded)
      return decoded.takeError();
    hardware = std::move(*decoded);
  }
  AccuracyEstimate top1;
  if (!prepared.empty()) {
    std::optional<AccuracyEstimate> shipped = parsePrepared(prepared);
    if (!shipped)
      return cim::makeError("malformed prepared accuracy '" + prepared + "'");
    top1 = *shipped;
  } else {
    llvm::Expected<AccuracyEstimate> estimate = accuracyOf(model);
    if (!estimate)
      return estimate.takeError();
    top1 = *estimate;
    if (accuracy && !top1.top1)
      return cim::makeError("no accuracy for sub-network " +
                            formatGenome(space, model) +
                            ": it is not measured and no predictor is loaded");
  }
  if (accuracy && !top1.top1)
    return cim::makeError("no accuracy for sub-network " +
                          formatGenome(space, model));
  SubNetwork network = space.decode(model);
  llvm::Expected<NetworkResult> result =
      mapSubNetwork(network, hardware, worker);
  if (!result)
    return cim::makeError(
        llvm::formatv("cost model failed on sub-network {0} with hardware "
                      "{1}: {2}",
                      formatGenome(space, model), hardware.name,
                      llvm::toString(result.takeError())));
  if (prepared.empty()) // prepareBatch counted the others
    ++sourceCounts[static_cast<int>(top1.source)];

  Evaluation evaluation;
  if (accuracy)
    evaluation.objectives.push_back(*top1.top1);
  evaluation.objectives.push_back(static_cast<double>(result->cycles));
  evaluation.trusted = isTrustedSource(top1.source);
  for (const HardwareColumn &column : kHardwareColumns)
    evaluation.fields.push_back(std::to_string(hardware.*column.member));
  evaluation.fields.push_back(accuracy ? evo::formatDouble(*top1.top1) : "");
  evaluation.fields.push_back(stringifyAccuracySource(top1.source).str());
  evaluation.fields.push_back(std::to_string(result->cycles));
  evaluation.fields.push_back(std::to_string(network.macs));
  evaluation.fields.push_back(std::to_string(network.params));
  evaluation.fields.push_back(stringifyCostTerm(result->total.bound).str());
  return evaluation;
}

llvm::Expected<std::string>
JointProblem::evaluationCsv(llvm::ArrayRef<int> modelGenome,
                            const HardwareConfig &hardware) const {
  std::vector<int> genome = space.canonicalize(modelGenome);
  llvm::Expected<AccuracyEstimate> top1 = accuracyOf(genome);
  if (!top1)
    return top1.takeError();
  SubNetwork network = space.decode(genome);
  llvm::Expected<NetworkResult> result = mapSubNetwork(network, hardware, 0);
  if (!result)
    return result.takeError();
  return llvm::formatv("subnet,hw,accuracy,accuracy_source,cycles,macs,params,"
                       "bounding_term,dram_bytes,gb_bytes,lb_bytes\n"
                       "\"{0}\",{1},{2},{3},{4},{5},{6},{7},{8},{9},{10}\n",
                       formatGenome(space, genome), hardware.name,
                       top1->top1 ? evo::formatDouble(*top1->top1) : "",
                       stringifyAccuracySource(top1->source), result->cycles,
                       network.macs, network.params,
                       stringifyCostTerm(result->total.bound),
                       result->total.dramBytes, result->total.gbBytes,
                       result->total.lbBytes)
      .str();
}

llvm::Expected<std::vector<double>>
JointProblem::defaultReferencePoint() const {
  std::vector<int> largest;
  for (int i = 0; i < space.genomeLength(); ++i)
    largest.push_back(static_cast<int>(space.groupOf(i).values.size()) - 1);
  largest = space.canonicalize(largest);
  std::vector<HardwareConfig> configurations;
  if (options.fixedHardware)
    configurations.push_back(*options.fixedHardware);
  llvm::Expected<std::vector<HardwareChoice>> all =
      allConfigurations(hardwareSpace);
  if (!all)
    return all.takeError();
  for (HardwareChoice &choice : *all)
    configurations.push_back(std::move(choice.config));
  double worst = 0.0;
  for (const HardwareConfig &hardware : configurations) {
    llvm::Expected<NetworkResult> result = simulate(largest, hardware);
    if (!result)
      return result.takeError();
    worst = std::max(worst, static_cast<double>(result->cycles));
  }
  std::vector<double> reference = {std::ceil(1.1 * worst)};
  if (accuracy)
    reference.insert(reference.begin(), 70.0);
  return reference;
}

nlohmann::json JointProblem::statistics() const {
  int64_t hits = 0, misses = 0, entries = 0, emptied = 0;
  for (size_t w = 0; w < caches.size(); ++w) {
    hits += caches[w]->hits() + retiredHits[w];
    misses += caches[w]->misses() + retiredMisses[w];
    entries += static_cast<int64_t>(caches[w]->size());
    emptied += flushes[w];
  }
  nlohmann::json sources = nlohmann::json::object();
  for (int s = 0; s < kAccuracySourceCount; ++s)
    sources[stringifyAccuracySource(static_cast<AccuracySource>(s)).str()] =
        sourceCounts[s].load();
  const int64_t lookups = hits + misses;
  return {{"layer_cost_cache",
           {{"hits", hits},
            {"misses", misses},
            {"entries", entries},
            {"entry_limit_per_worker", options.cacheEntryLimit},
            {"times_emptied", emptied},
            {"per_worker_tables", caches.size()},
            {"hit_rate", lookups ? static_cast<double>(hits) / lookups : 0.0}}},
          {"accuracy_sources_this_session", sources},
          {"accuracy", accuracy ? accuracy->describe()
                                : nlohmann::json("none: no accuracy source "
                                                 "for this space")}};
}

llvm::Expected<std::vector<HardwareChoice>>
allConfigurations(const HardwareSpace &hardwareSpace) {
  std::vector<HardwareChoice> configurations;
  std::vector<int> genome(hardwareSpace.genes().size(), 0);
  for (uint64_t code = 0; code < hardwareSpace.size(); ++code) {
    uint64_t rest = code;
    for (size_t g = 0; g < genome.size(); ++g) {
      genome[g] = static_cast<int>(rest % hardwareSpace.genes()[g].size());
      rest /= hardwareSpace.genes()[g].size();
    }
    llvm::Expected<HardwareConfig> config = hardwareSpace.decode(genome);
    if (!config)
      return config.takeError();
    configurations.push_back({genome, std::move(*config)});
  }
  return configurations;
}

} // namespace cim::codesign
