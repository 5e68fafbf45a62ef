//===- JointProblem.cpp - Sub-network x CiM hardware search problem -------===//

#include "cim/CoDesign/JointProblem.h"

#include "cim/CostModel/Area.h"
#include "cim/CostModel/Energy.h"
#include "cim/Supernet/GenomeText.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/StringExtras.h"

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

llvm::StringRef stringifyMetric(Metric metric) {
  switch (metric) {
  case Metric::Accuracy:
    return "accuracy";
  case Metric::Cycles:
    return "cycles";
  case Metric::Energy:
    return "energy";
  case Metric::Edp:
    return "edp";
  case Metric::Area:
    return "area";
  }
  return "unknown";
}

std::optional<Metric> symbolizeMetric(llvm::StringRef text) {
  for (int m = 0; m < kMetricCount; ++m)
    if (text == stringifyMetric(static_cast<Metric>(m)))
      return static_cast<Metric>(m);
  return std::nullopt;
}

llvm::Expected<std::vector<Metric>> parseObjectives(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',');
  std::vector<Metric> metrics;
  for (llvm::StringRef part : parts) {
    std::optional<Metric> metric = symbolizeMetric(part.trim());
    if (!metric)
      return cim::makeError("--objectives: unknown objective '" + part.trim() +
                            "' in '" + text +
                            "' (expected 1 to 3 of accuracy, cycles, energy, "
                            "edp, area)");
    if (llvm::is_contained(metrics, *metric))
      return cim::makeError("--objectives: '" + part.trim() +
                            "' is given twice in '" + text + "'");
    metrics.push_back(*metric);
  }
  if (metrics.size() > 3)
    return cim::makeError(
        llvm::formatv("--objectives: at most 3 objectives (the exact "
                      "hypervolume covers 1 to 3), found {0} in '{1}'",
                      metrics.size(), text)
            .str());
  return metrics;
}

/// The objective rules that depend on the problem (docs/search.md).
static llvm::Error checkObjectives(llvm::ArrayRef<Metric> metrics,
                                   SearchMode mode, bool hasAccuracy) {
  const std::string list = llvm::join(
      llvm::map_range(metrics, [](Metric m) { return stringifyMetric(m); }),
      ",");
  if (llvm::is_contained(metrics, Metric::Accuracy) && !hasAccuracy)
    return cim::makeError("--objectives " + list +
                          ": accuracy is an objective, but this space has no "
                          "accuracy source (give --accuracy-data or "
                          "--accuracy-evaluator, or leave accuracy out)");
  if (llvm::is_contained(metrics, Metric::Area) &&
      mode == SearchMode::ModelOnly)
    return cim::makeError("--objectives " + list +
                          ": area is constant in a model-only search (the "
                          "chip is fixed); leave it out");
  // One objective where accuracy cannot vary: a fixed network, or no
  // accuracy source at all (then cycles alone is the default).
  if (metrics.size() == 1 && mode != SearchMode::HardwareOnly && hasAccuracy)
    return cim::makeError("--objectives " + list +
                          ": a single objective only in a hardware-only "
                          "search (the network is fixed); give 2 or 3");
  if (metrics.size() == 1 && metrics[0] == Metric::Accuracy)
    return cim::makeError("--objectives accuracy: accuracy alone is constant "
                          "in a hardware-only search (the network is fixed)");
  return llvm::Error::success();
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
// After macs, params, bounding_term: energy_pj, edp_pj_us, area_mm2.
constexpr int kEnergyColumn = kHardwareColumnCount + 6;
constexpr int kEdpColumn = kHardwareColumnCount + 7;
constexpr int kAreaColumn = kHardwareColumnCount + 8;

/// Energy, EDP and area of a mapped network computed as cim-sim's energy
/// report computes them (lib/Report/EnergyReport.cpp), so the two agree to
/// the bit: each layer's energyOfCounts (the counts of the plan its cycles
/// come from, leakage over its cycles), summed component by component over
/// the layers; EDP = energy x cycles / clock (energyMetrics).
struct NetworkMetrics {
  double energyPj = 0, edpPjUs = 0, areaMm2 = 0;
};
NetworkMetrics metricsOf(const NetworkResult &result,
                         const HardwareConfig &hardware) {
  const ActionEnergies energies = actionEnergies(hardware);
  EnergyBreakdown energy;
  for (const ActionCounts &counts : result.actions)
    energy.accumulate(energyOfCounts(counts, energies));
  NetworkMetrics metrics;
  metrics.areaMm2 = chipArea(hardware).total();
  EnergyMetrics derived =
      energyMetrics(energy.total(), result.total.macs, result.cycles,
                    hardware.clockMhz, metrics.areaMm2);
  metrics.energyPj = derived.energyPj;
  metrics.edpPjUs = derived.edpPjUs;
  return metrics;
}

/// The value of `metric` for one evaluation (`top1` only for accuracy).
double metricValue(Metric metric, double top1, const NetworkResult &result,
                   const NetworkMetrics &metrics) {
  switch (metric) {
  case Metric::Accuracy:
    return top1;
  case Metric::Cycles:
    return static_cast<double>(result.cycles);
  case Metric::Energy:
    return metrics.energyPj;
  case Metric::Edp:
    return metrics.edpPjUs;
  case Metric::Area:
    return metrics.areaMm2;
  }
  return static_cast<double>(result.cycles);
}
} // namespace

int JointProblem::metricColumn(Metric metric) {
  switch (metric) {
  case Metric::Accuracy:
    return kAccuracyColumn;
  case Metric::Cycles:
    return kCyclesColumn;
  case Metric::Energy:
    return kEnergyColumn;
  case Metric::Edp:
    return kEdpColumn;
  case Metric::Area:
    return kAreaColumn;
  }
  return kCyclesColumn;
}

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

  p.metricList = p.options.objectives;
  if (p.metricList.empty()) {
    if (accuracy)
      p.metricList.push_back(Metric::Accuracy);
    p.metricList.push_back(Metric::Cycles);
  }
  if (llvm::Error error =
          checkObjectives(p.metricList, p.options.mode, accuracy != nullptr))
    return std::move(error);
  for (Metric metric : p.metricList)
    p.objectiveList.push_back(
        {stringifyMetric(metric).str(),
         metric == Metric::Accuracy ? Sense::Maximize : Sense::Minimize});
  for (const HardwareColumn &column : kHardwareColumns)
    p.columnList.push_back(column.name);
  p.columnList.insert(p.columnList.end(),
                      {"accuracy", "accuracy_source", "cycles", "macs",
                       "params", "bounding_term", "energy_pj", "edp_pj_us",
                       "area_mm2"});
  for (unsigned w = 0; w < std::max(p.options.workers, 1u); ++w)
    p.caches.push_back(std::make_unique<LayerCostCache>());
  p.retiredHits.assign(p.caches.size(), 0);
  p.retiredMisses.assign(p.caches.size(), 0);
  p.flushes.assign(p.caches.size(), 0);
  return problem;
}

std::vector<int> JointProblem::objectiveColumns() const {
  std::vector<int> columns;
  for (Metric metric : metricList)
    columns.push_back(metricColumn(metric));
  return columns;
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

  const NetworkMetrics metrics = metricsOf(*result, hardware);
  Evaluation evaluation;
  for (Metric metric : metricList)
    evaluation.objectives.push_back(metricValue(
        metric, metric == Metric::Accuracy ? *top1.top1 : 0.0, *result,
        metrics));
  evaluation.trusted = isTrustedSource(top1.source);
  for (const HardwareColumn &column : kHardwareColumns)
    evaluation.fields.push_back(std::to_string(hardware.*column.member));
  evaluation.fields.push_back(accuracy ? evo::formatDouble(*top1.top1) : "");
  evaluation.fields.push_back(stringifyAccuracySource(top1.source).str());
  evaluation.fields.push_back(std::to_string(result->cycles));
  evaluation.fields.push_back(std::to_string(network.macs));
  evaluation.fields.push_back(std::to_string(network.params));
  evaluation.fields.push_back(stringifyCostTerm(result->total.bound).str());
  evaluation.fields.push_back(evo::formatDouble(metrics.energyPj));
  evaluation.fields.push_back(evo::formatDouble(metrics.edpPjUs));
  evaluation.fields.push_back(evo::formatDouble(metrics.areaMm2));
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
  const NetworkMetrics metrics = metricsOf(*result, hardware);
  return llvm::formatv("subnet,hw,accuracy,accuracy_source,cycles,macs,params,"
                       "bounding_term,dram_bytes,gb_bytes,lb_bytes,energy_pj,"
                       "edp_pj_us,area_mm2\n"
                       "\"{0}\",{1},{2},{3},{4},{5},{6},{7},{8},{9},{10},{11},"
                       "{12},{13}\n",
                       formatGenome(space, genome), hardware.name,
                       top1->top1 ? evo::formatDouble(*top1->top1) : "",
                       stringifyAccuracySource(top1->source), result->cycles,
                       network.macs, network.params,
                       stringifyCostTerm(result->total.bound),
                       result->total.dramBytes, result->total.gbBytes,
                       result->total.lbBytes,
                       evo::formatDouble(metrics.energyPj),
                       evo::formatDouble(metrics.edpPjUs),
                       evo::formatDouble(metrics.areaMm2))
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
  // The worst value of each objective over the chips (accuracy unused).
  std::vector<double> worst(metricList.size(), 0.0);
  for (const HardwareConfig &hardware : configurations) {
    llvm::Expected<NetworkResult> result = simulate(largest, hardware);
    if (!result)
      return result.takeError();
    const NetworkMetrics metrics = metricsOf(*result, hardware);
    for (size_t i = 0; i < metricList.size(); ++i)
      worst[i] = std::max(worst[i],
                          metricValue(metricList[i], 0.0, *result, metrics));
  }
  std::vector<double> reference;
  for (auto [metric, value] : llvm::zip_equal(metricList, worst)) {
    if (metric == Metric::Accuracy)
      reference.push_back(70.0);
    else if (metric == Metric::Cycles)
      reference.push_back(std::ceil(1.1 * value));
    else
      reference.push_back(1.1 * value);
  }
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
