//===- HardwareRegret.cpp - The best single hardware configuration --------===//

#include "cim/CoDesign/HardwareRegret.h"

#include "cim/Evolution/RunFiles.h"
#include "cim/Hardware/HardwareJson.h"
#include "cim/Supernet/GenomeText.h"
#include "cim/Support/Error.h"
#include "cim/Support/FileChecks.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

#include <optional>

namespace cim::codesign {

std::string
HardwareRegret::chosenGenes(const HardwareSpace &hardwareSpace) const {
  const std::vector<int> &genome = configurations[chosen].genome;
  std::string text;
  for (size_t g = 0; g < genome.size(); ++g)
    text += (g ? " " : "") + hardwareSpace.genes()[g].name + "=" +
            hardwareSpace.genes()[g].labels[genome[g]];
  return text;
}

/// Hardware genomes of the rows, when the CSV has every hw_<gene> column.
static std::set<std::vector<int>>
hardwareOfRows(const CsvTable &table, const HardwareSpace &hardwareSpace) {
  std::set<std::vector<int>> genomes;
  std::vector<int> columns;
  for (const HardwareGene &gene : hardwareSpace.genes())
    columns.push_back(table.column(gene.columnName()));
  if (!llvm::all_of(columns, [](int c) { return c >= 0; }))
    return genomes;
  for (const std::vector<std::string> &row : table.rows) {
    std::vector<int> genome;
    for (size_t g = 0; g < columns.size(); ++g) {
      const std::vector<std::string> &labels = hardwareSpace.genes()[g].labels;
      auto it = llvm::find(labels, row[columns[g]]);
      genome.push_back(
          it == labels.end() ? -1 : static_cast<int>(it - labels.begin()));
    }
    genomes.insert(genome);
  }
  return genomes;
}

llvm::Expected<HardwareRegret>
analyzeHardwareRegret(const JointProblem &problem, const SearchSpace &space,
                      const HardwareSpace &hardwareSpace, llvm::StringRef path,
                      evo::BatchEvaluator &evaluator, Metric metric) {
  if (metric == Metric::Accuracy)
    return cim::makeError("hardware regret ranks chips by a cost metric, not "
                          "accuracy");
  llvm::Expected<CsvTable> table = readCsv(path);
  if (!table)
    return table.takeError();
  llvm::Expected<GenomeRows> rows = readGenomeRows(space, *table, path, "");
  if (!rows)
    return rows.takeError();
  HardwareRegret regret;
  std::set<std::vector<int>> unique;
  for (const std::vector<int> &genome : rows->genomes)
    if (unique.insert(space.canonicalize(genome)).second)
      regret.networks.push_back(space.canonicalize(genome));
  if (regret.networks.empty())
    return cim::makeError(path + ": no networks");
  regret.onInputFront = hardwareOfRows(*table, hardwareSpace);
  llvm::Expected<std::vector<HardwareChoice>> configurations =
      allConfigurations(hardwareSpace);
  if (!configurations)
    return configurations.takeError();
  regret.configurations = std::move(*configurations);

  // Every (network, configuration) pair is one joint candidate, evaluated
  // where the evaluator runs its batches (threads or MPI ranks).
  const size_t n = regret.networks.size(), h = regret.configurations.size();
  if (problem.mode() != SearchMode::Joint)
    return cim::makeError("hardware regret needs the joint problem");
  std::vector<evo::BatchItem> items;
  items.reserve(n * h);
  for (const std::vector<int> &network : regret.networks)
    for (const HardwareChoice &choice : regret.configurations) {
      std::vector<int> genome = network;
      genome.insert(genome.end(), choice.genome.begin(), choice.genome.end());
      items.push_back({problem.canonicalize(genome), ""});
    }
  std::vector<llvm::Expected<evo::Evaluation>> results =
      evaluator.evaluate(problem, items);
  regret.metric = metric;
  regret.values.assign(n * h, 0.0);
  regret.valueTexts.assign(n * h, "");
  const int column = JointProblem::metricColumn(metric);
  regret.valueColumn = problem.columns()[column];
  llvm::Error firstError = llvm::Error::success();
  for (size_t job = 0; job < n * h; ++job) {
    if (!results[job]) {
      if (firstError)
        llvm::consumeError(results[job].takeError());
      else
        firstError = results[job].takeError();
      continue;
    }
    regret.valueTexts[job] = results[job]->fields[column];
    if (!evo::parseDouble(regret.valueTexts[job], regret.values[job]) ||
        !(regret.values[job] > 0.0)) {
      if (!firstError)
        firstError = cim::makeError(
            "hardware regret: " + stringifyMetric(metric) + " '" +
            regret.valueTexts[job] + "' is not a positive number");
      continue;
    }
  }
  if (firstError)
    return std::move(firstError);

  regret.worst.assign(h, 0.0);
  regret.mean.assign(h, 0.0);
  regret.bestFor.assign(h, 0);
  for (size_t i = 0; i < n; ++i) {
    double best = regret.values[i * h];
    size_t bestConfig = 0;
    for (size_t c = 1; c < h; ++c)
      if (regret.values[i * h + c] < best)
        best = regret.values[i * h + c], bestConfig = c;
    ++regret.bestFor[bestConfig];
    for (size_t c = 0; c < h; ++c) {
      double value = regret.values[i * h + c] / best - 1.0;
      regret.worst[c] = std::max(regret.worst[c], value);
      regret.mean[c] += value / static_cast<double>(n);
    }
  }
  for (size_t c = 1; c < h; ++c)
    if (regret.worst[c] < regret.worst[regret.chosen])
      regret.chosen = c;
  return regret;
}

llvm::Error writeHardwareRegret(const HardwareRegret &regret,
                                const SearchSpace &space,
                                const HardwareSpace &hardwareSpace,
                                llvm::StringRef directory) {
  const std::vector<HardwareGene> &genes = hardwareSpace.genes();
  std::string csv;
  for (const HardwareGene &gene : genes)
    csv += gene.columnName() + ",";
  csv += "rows,cols,cores,arrays_per_core,gb_bytes,lb_bytes,"
         "gb_bytes_per_cycle,lb_bytes_per_cycle,vector_lanes_per_core,"
         "worst_regret,mean_regret,best_for_networks,on_input_front,chosen\n";
  for (size_t c = 0; c < regret.configurations.size(); ++c) {
    const auto &[genome, hw] = regret.configurations[c];
    for (size_t g = 0; g < genome.size(); ++g)
      csv += genes[g].labels[genome[g]] + ",";
    csv += llvm::formatv("{0},{1},{2},{3},{4},{5},{6},{7},{8},", hw.rows,
                         hw.cols, hw.cores, hw.arraysPerCore, hw.gbBytes,
                         hw.lbBytes, hw.gbBytesPerCycle, hw.lbBytesPerCycle,
                         hw.vectorLanesPerCore)
               .str();
    csv += evo::formatDouble(regret.worst[c]) + "," +
           evo::formatDouble(regret.mean[c]) + "," +
           std::to_string(regret.bestFor[c]) + "," +
           (regret.onInputFront.count(genome) ? "1" : "0") + "," +
           (c == regret.chosen ? "1" : "0") + "\n";
  }
  // The raw simulations, so the regrets can be checked independently.
  std::string raw = "network,subnet";
  for (const HardwareGene &gene : genes)
    raw += "," + gene.columnName();
  raw += "," + regret.valueColumn + "\n";
  const size_t h = regret.configurations.size();
  for (size_t i = 0; i < regret.networks.size(); ++i)
    for (size_t c = 0; c < h; ++c) {
      raw += std::to_string(i) + ",\"" +
             formatGenome(space, regret.networks[i], GenomeStyle::Compact) +
             "\"";
      for (size_t g = 0; g < regret.configurations[c].genome.size(); ++g)
        raw += "," + genes[g].labels[regret.configurations[c].genome[g]];
      raw += "," + regret.valueTexts[i * h + c] + "\n";
    }
  if (std::error_code ec = llvm::sys::fs::create_directories(directory))
    return llvm::createStringError(ec, directory +
                                           ": cannot create: " + ec.message());
  if (llvm::Error error =
          cim::writeFileAtomically((directory + "/regret.csv").str(), csv))
    return error;
  if (llvm::Error error = cim::writeFileAtomically(
          (directory + "/regret_cycles.csv").str(), raw))
    return error;
  HardwareConfig best = regret.configurations[regret.chosen].config;
  best.name = "min-max-regret";
  return cim::writeFileAtomically((directory + "/best_hardware.json").str(),
                                  hardwareToJsonText(best));
}

} // namespace cim::codesign
