//===- HardwareSpace.cpp - Elastic hardware search space ------------------===//

#include "cim/Hardware/HardwareSpace.h"
#include "cim/Hardware/HardwareJson.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace cim;
using json = nlohmann::json;

static llvm::Error spaceError(llvm::StringRef where, const std::string &path,
                              const std::string &message) {
  return cim::makeError((where + ": " + path + ": " + message).str());
}

/// Reads a non-empty array of positive integers.
static llvm::Error readIntList(const json &genes, llvm::StringRef where,
                               const std::string &key, int64_t lo, int64_t hi,
                               std::vector<int64_t> &out) {
  std::string path = "$.genes." + key;
  auto it = genes.find(key);
  if (it == genes.end())
    return spaceError(where, path,
                      "expected a list of integers, found nothing "
                      "(the key is missing)");
  if (!it->is_array() || it->empty())
    return spaceError(where, path,
                      "expected a non-empty list of integers, found " +
                          describeJson(*it));
  for (size_t i = 0; i < it->size(); ++i) {
    const json &v = (*it)[i];
    if (!v.is_number_integer() || v.get<int64_t>() < lo ||
        v.get<int64_t>() > hi)
      return spaceError(where, path + "[" + std::to_string(i) + "]",
                        "expected an integer in [" + std::to_string(lo) + ", " +
                            std::to_string(hi) + "], found " + describeJson(v));
    out.push_back(v.get<int64_t>());
  }
  return llvm::Error::success();
}

static llvm::Error readBudget(const json &invariants, llvm::StringRef where,
                              const std::string &key, int64_t fromBase,
                              int64_t &out) {
  std::string path = "$.invariants." + key;
  auto it = invariants.find(key);
  if (it == invariants.end())
    return spaceError(where, path,
                      "expected a positive integer or \"base\", found nothing "
                      "(the key is missing)");
  if (it->is_string() && it->get<std::string>() == "base") {
    if (fromBase <= 0 || fromBase > kMaxSpaceBudget)
      return spaceError(where, path,
                        "the base configuration's value " +
                            std::to_string(fromBase) + " is outside [1, " +
                            std::to_string(kMaxSpaceBudget) + "]");
    out = fromBase;
    return llvm::Error::success();
  }
  // Bounded so that budget * percent and cores * share stay in int64.
  if (!it->is_number_integer() || it->get<int64_t>() <= 0 ||
      it->get<int64_t>() > kMaxSpaceBudget)
    return spaceError(where, path,
                      "expected an integer in [1, " +
                          std::to_string(kMaxSpaceBudget) +
                          "] or \"base\", found " + describeJson(*it));
  out = it->get<int64_t>();
  return llvm::Error::success();
}

static llvm::Error rejectUnknown(const json &object, llvm::StringRef where,
                                 const std::string &path,
                                 std::initializer_list<const char *> known) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool ok = false;
    for (const char *k : known)
      ok |= it.key() == k;
    if (!ok) {
      std::string list;
      for (const char *k : known)
        list += (list.empty() ? "" : ", ") + std::string(k);
      return spaceError(where, path + "." + it.key(),
                        "unknown key (a typo?); expected one of: " + list);
    }
  }
  return llvm::Error::success();
}

llvm::Expected<HardwareSpace> HardwareSpace::load(llvm::StringRef path) {
  llvm::Expected<std::string> text = readTextFile(path);
  if (!text)
    return text.takeError();
  llvm::Expected<json> value = parseJsonText(*text, path);
  if (!value)
    return value.takeError();
  return fromJson(*value, path, llvm::sys::path::parent_path(path));
}

llvm::Expected<HardwareSpace>
HardwareSpace::fromJson(const json &value, llvm::StringRef where,
                        llvm::StringRef baseDirectory) {
  if (!value.is_object())
    return spaceError(where, "$",
                      "expected an object, found " + describeJson(value));
  if (llvm::Error err = rejectUnknown(value, where, "$",
                                      {"name", "base", "invariants", "genes"}))
    return std::move(err);
  HardwareSpace space;
  auto name = value.find("name");
  if (name == value.end() || !name->is_string())
    return spaceError(where, "$.name",
                      "expected a string, found " +
                          (name == value.end() ? std::string("nothing")
                                               : describeJson(*name)));
  space.spaceName = name->get<std::string>();

  auto base = value.find("base");
  if (base == value.end())
    return spaceError(
        where, "$.base",
        "expected a file name or a hardware object, found nothing");
  if (base->is_string()) {
    llvm::SmallString<256> basePath(baseDirectory);
    llvm::sys::path::append(basePath, base->get<std::string>());
    if (llvm::sys::path::is_absolute(base->get<std::string>()))
      basePath = base->get<std::string>();
    llvm::Expected<HardwareConfig> config = loadHardwareConfig(basePath);
    if (!config)
      return config.takeError();
    space.baseConfig = *config;
  } else {
    llvm::Expected<HardwareConfig> config =
        hardwareFromJson(*base, where, "$.base");
    if (!config)
      return config.takeError();
    space.baseConfig = *config;
  }
  const HardwareConfig &b = space.baseConfig;

  auto invariants = value.find("invariants");
  if (invariants == value.end() || !invariants->is_object())
    return spaceError(where, "$.invariants", "expected an object");
  if (llvm::Error err =
          rejectUnknown(*invariants, where, "$.invariants",
                        {"macro_area", "sram_bytes",
                         "bandwidth_bytes_per_cycle", "vector_lanes"}))
    return std::move(err);
  HardwareInvariants &inv = space.budget;
  if (llvm::Error err = readBudget(*invariants, where, "macro_area",
                                   b.macroArea(), inv.macroArea))
    return std::move(err);
  // An sram_bytes gene sets the SRAM budget per point instead.
  auto genesObject = value.find("genes");
  const bool sramGene = genesObject != value.end() &&
                        genesObject->is_object() &&
                        genesObject->contains("sram_bytes");
  if (sramGene && invariants->contains("sram_bytes"))
    return spaceError(where, "$.invariants.sram_bytes",
                      "the space has an sram_bytes gene, which sets the SRAM "
                      "budget of each point: remove this invariant");
  if (!sramGene)
    if (llvm::Error err = readBudget(*invariants, where, "sram_bytes",
                                     b.totalSramBytes(), inv.sramBytes))
      return std::move(err);
  if (llvm::Error err = readBudget(
          *invariants, where, "bandwidth_bytes_per_cycle",
          b.bandwidthBudgetBytesPerCycle(), inv.bandwidthBytesPerCycle))
    return std::move(err);
  if (llvm::Error err = readBudget(*invariants, where, "vector_lanes",
                                   b.totalVectorLanes(), inv.vectorLanes))
    return std::move(err);

  auto genes = value.find("genes");
  if (genes == value.end() || !genes->is_object())
    return spaceError(where, "$.genes", "expected an object");
  if (llvm::Error err = rejectUnknown(
          *genes, where, "$.genes",
          {"array_shape", "cores", "gb_sram_percent", "gb_bandwidth_percent",
           "ping_pong_programming", "adc_bits", "sram_bytes"}))
    return std::move(err);
  auto shapes = genes->find("array_shape");
  if (shapes == genes->end() || !shapes->is_array() || shapes->empty())
    return spaceError(where, "$.genes.array_shape",
                      "expected a non-empty list of [rows, cols] pairs");
  for (size_t i = 0; i < shapes->size(); ++i) {
    const json &s = (*shapes)[i];
    // The array.rows/cols range of a hardware file: larger shapes overflowed
    // the area arithmetic of decode (docs/reliability.md, Limits).
    if (!s.is_array() || s.size() != 2 || !s[0].is_number_integer() ||
        !s[1].is_number_integer() || s[0].get<int64_t>() <= 0 ||
        s[1].get<int64_t>() <= 0 || s[0].get<int64_t>() > kMaxSpaceArrayDim ||
        s[1].get<int64_t>() > kMaxSpaceArrayDim)
      return spaceError(where, "$.genes.array_shape[" + std::to_string(i) + "]",
                        "expected [rows, cols] with integers in [1, " +
                            std::to_string(kMaxSpaceArrayDim) + "], found " +
                            describeJson(s));
    space.shapes.push_back({s[0].get<int64_t>(), s[1].get<int64_t>()});
  }
  if (llvm::Error err =
          readIntList(*genes, where, "cores", 1, 1 << 20, space.coreCounts))
    return std::move(err);
  if (llvm::Error err = readIntList(*genes, where, "gb_sram_percent", 1, 99,
                                    space.gbSramPercents))
    return std::move(err);
  if (llvm::Error err = readIntList(*genes, where, "gb_bandwidth_percent", 1,
                                    99, space.gbBandwidthPercents))
    return std::move(err);

  // Optional boolean gene: spaces without it keep the base's value.
  auto pingPong = genes->find("ping_pong_programming");
  if (pingPong != genes->end()) {
    if (!pingPong->is_array() || pingPong->empty())
      return spaceError(where, "$.genes.ping_pong_programming",
                        "expected a non-empty list of true/false, found " +
                            describeJson(*pingPong));
    for (size_t i = 0; i < pingPong->size(); ++i) {
      const json &v = (*pingPong)[i];
      if (!v.is_boolean())
        return spaceError(
            where, "$.genes.ping_pong_programming[" + std::to_string(i) + "]",
            "expected true or false, found " + describeJson(v));
      space.pingPongChoices.push_back(v.get<bool>());
    }
  }

  // Optional ADC-resolution gene (bitline mode: the only mode with ADCs).
  if (genes->contains("adc_bits")) {
    if (b.computeMode != ComputeMode::Bitline)
      return spaceError(where, "$.genes.adc_bits",
                        "the base configuration is not in bitline mode: it "
                        "has no ADCs");
    if (llvm::Error err =
            readIntList(*genes, where, "adc_bits", 1, 24, space.adcBitChoices))
      return std::move(err);
  }
  if (sramGene)
    if (llvm::Error err = readIntList(*genes, where, "sram_bytes", 1024,
                                      int64_t(1) << 40, space.sramByteChoices))
      return std::move(err);

  auto addGene = [&](const char *geneName, auto values, auto label) {
    HardwareGene gene{geneName, {}};
    for (const auto &v : values)
      gene.labels.push_back(label(v));
    space.geneList.push_back(std::move(gene));
  };
  addGene("hw_array_shape", space.shapes,
          [](const std::pair<int64_t, int64_t> &s) {
            return std::to_string(s.first) + "x" + std::to_string(s.second);
          });
  auto asText = [](int64_t v) { return std::to_string(v); };
  addGene("hw_cores", space.coreCounts, asText);
  addGene("hw_gb_sram_percent", space.gbSramPercents, asText);
  addGene("hw_gb_bandwidth_percent", space.gbBandwidthPercents, asText);
  if (!space.pingPongChoices.empty()) {
    space.pingPongGene = static_cast<int>(space.geneList.size());
    addGene("hw_ping_pong_programming", space.pingPongChoices,
            [](bool v) { return std::string(v ? "true" : "false"); });
  }
  if (!space.adcBitChoices.empty()) {
    space.adcGene = static_cast<int>(space.geneList.size());
    addGene("hw_adc_bits", space.adcBitChoices, asText);
  }
  if (!space.sramByteChoices.empty()) {
    space.sramGene = static_cast<int>(space.geneList.size());
    addGene("hw_sram_bytes", space.sramByteChoices, asText);
  }

  // Valid by construction: prove it for every genome now, so a bad space file
  // fails at load time with the offending point named; the number of genomes
  // is bounded first so that this loop ends (docs/reliability.md, Limits).
  if (space.size() > kMaxSpaceGenomes)
    return spaceError(where, "$.genes",
                      "the space has " + std::to_string(space.size()) +
                          " genomes (the product of the gene list lengths); "
                          "the limit is " +
                          std::to_string(kMaxSpaceGenomes));
  std::vector<int> genome(space.geneList.size(), 0);
  while (true) {
    llvm::Expected<HardwareConfig> config = space.decode(genome);
    if (!config)
      return config.takeError();
    size_t g = 0;
    while (g < genome.size() &&
           ++genome[g] == static_cast<int>(space.geneList[g].size()))
      genome[g++] = 0;
    if (g == genome.size())
      break;
  }
  return space;
}

double cim::adcRelativeArea(double bits) {
  return std::pow(10.0, -0.0369 * bits) * std::exp2(bits);
}

int64_t cim::losslessAdcBits(const HardwareConfig &hw) {
  // Largest partial sum of one row group: every active row contributes the
  // largest input slice times the largest cell value.
  double maxSum = static_cast<double>(hw.rowsActive) *
                  (std::exp2(static_cast<double>(hw.inputBitsPerCycle)) - 1) *
                  (std::exp2(static_cast<double>(hw.bitsPerCell)) - 1);
  return static_cast<int64_t>(std::ceil(std::log2(maxSum + 1)));
}

int64_t cim::losslessRowsForAdcBits(const HardwareConfig &hw, int64_t bits) {
  // In doubles: ib and bc range up to 64, where 2^ib overflows int64. Both
  // operands are exact below 2^53, and a quotient of such integers is never
  // rounded up to the next integer, so the floor is exact; a larger divisor
  // gives 0, as it should.
  const double perRow =
      (std::exp2(static_cast<double>(hw.inputBitsPerCycle)) - 1) *
      (std::exp2(static_cast<double>(hw.bitsPerCell)) - 1);
  return static_cast<int64_t>(
      std::floor((std::exp2(static_cast<double>(bits)) - 1) / perRow));
}

/// Bits of the ADC that area.per_adc describes: energy.adc_area_bits, or
/// the lossless resolution of the configuration's rows_active.
static int64_t referenceAdcBits(const HardwareConfig &hw) {
  if (hw.adcAreaBits > 0)
    return static_cast<int64_t>(hw.adcAreaBits);
  return losslessAdcBits(hw);
}

uint64_t HardwareSpace::size() const {
  // Saturates instead of wrapping (a product of long lists).
  uint64_t n = 1;
  for (const HardwareGene &g : geneList)
    n = llvm::SaturatingMultiply(n, uint64_t(g.size()));
  return n;
}

llvm::Expected<HardwareConfig>
HardwareSpace::decode(llvm::ArrayRef<int> genome) const {
  if (genome.size() != geneList.size())
    return cim::makeError(
        "hardware genome of space '%s' has %zu genes, expected %zu",
        spaceName.c_str(), genome.size(), geneList.size());
  for (size_t i = 0; i < genome.size(); ++i)
    if (genome[i] < 0 || genome[i] >= static_cast<int>(geneList[i].size()))
      return cim::makeError("hardware gene '%s' has index %d, expected 0..%zu",
                            geneList[i].name.c_str(), genome[i],
                            geneList[i].size() - 1);

  HardwareConfig c = baseConfig;
  auto [rows, cols] = shapes[genome[0]];
  int64_t cores = coreCounts[genome[1]];
  c.rows = rows;
  c.cols = cols;
  c.rowsActive = std::min(baseConfig.rowsActive, rows);
  c.cores = cores;
  std::string pointName = "genome [" + std::to_string(genome[0]) + ", " +
                          std::to_string(genome[1]) + ", " +
                          std::to_string(genome[2]) + ", " +
                          std::to_string(genome[3]) + "]";
  auto fail = [&](const std::string &why) {
    return cim::makeError("hardware space '" + spaceName + "': " + pointName +
                          " (" + geneList[0].labels[genome[0]] + ", " +
                          std::to_string(cores) + " cores): " + why);
  };
  if (adcGene >= 0) {
    // The ADC converts its row group without loss (no clipping): the
    // resolution sets rows_active, and the ADC area scales with g(b).
    const int64_t bits = adcBitChoices[genome[adcGene]];
    const int64_t lossless = losslessRowsForAdcBits(c, bits);
    if (lossless < 1)
      return fail("a " + std::to_string(bits) +
                  "-bit ADC converts no row group without loss");
    c.rowsActive = std::min(rows, lossless);
    c.areaPerAdc = std::llround(
        static_cast<double>(baseConfig.areaPerAdc) * adcRelativeArea(bits) /
        adcRelativeArea(static_cast<double>(referenceAdcBits(baseConfig))));
    c.adcBits = static_cast<double>(bits);
    c.adcAreaBits = static_cast<double>(bits);
  }
  c.arraysPerCore = 1;
  int64_t arrayArea = c.arrayArea();
  int64_t arrays = budget.macroArea / arrayArea;
  c.arraysPerCore = arrays / cores;
  if (c.arraysPerCore < 1)
    return fail("the macro-area budget " + std::to_string(budget.macroArea) +
                " holds " + std::to_string(arrays) + " arrays of area " +
                std::to_string(arrayArea) + ", fewer than one per core");

  const int64_t sramBytes =
      sramGene >= 0 ? sramByteChoices[genome[sramGene]] : budget.sramBytes;
  int64_t gbTarget = sramBytes * gbSramPercents[genome[2]] / 100;
  c.lbBytes = (sramBytes - gbTarget) / cores / 64 * 64;
  c.gbBytes = sramBytes - cores * c.lbBytes;
  if (c.lbBytes < 64)
    return fail("local buffers would be smaller than 64 bytes");

  int64_t bwTarget =
      budget.bandwidthBytesPerCycle * gbBandwidthPercents[genome[3]] / 100;
  c.lbBytesPerCycle =
      std::min(baseConfig.lbMaxBytesPerCycle,
               (budget.bandwidthBytesPerCycle - bwTarget) / cores);
  c.gbBytesPerCycle = budget.bandwidthBytesPerCycle - cores * c.lbBytesPerCycle;
  if (c.lbBytesPerCycle < 1)
    return fail("the bandwidth budget leaves no local-buffer bandwidth");

  if (budget.vectorLanes % cores != 0)
    return fail("the vector-lane budget " + std::to_string(budget.vectorLanes) +
                " does not divide over the cores");
  c.vectorLanesPerCore = budget.vectorLanes / cores;
  c.name = baseConfig.name + "@" + geneList[0].labels[genome[0]] + "/c" +
           std::to_string(cores) + "/gb" +
           std::to_string(gbSramPercents[genome[2]]) + "/bw" +
           std::to_string(gbBandwidthPercents[genome[3]]);
  if (pingPongGene >= 0) {
    c.pingPongProgramming = pingPongChoices[genome[pingPongGene]];
    c.name += c.pingPongProgramming ? "/pp" : "/nopp";
  }
  if (adcGene >= 0)
    c.name += "/adc" + std::to_string(adcBitChoices[genome[adcGene]]);
  if (sramGene >= 0)
    c.name += "/sram" + std::to_string(sramBytes);

  std::vector<HardwareViolation> bad = c.violations();
  for (const HardwareViolation &v : checkInvariants(c))
    bad.push_back(v);
  if (!bad.empty())
    return fail(bad.front().field + ": " + bad.front().message);
  return c;
}

std::optional<std::vector<int>> HardwareSpace::baseGenome() const {
  // Every genome in odometer order (the first gene varies slowest).
  std::vector<int> genome(geneList.size(), 0);
  while (true) {
    llvm::Expected<HardwareConfig> c = decode(genome);
    if (c) {
      HardwareConfig named = *c;
      named.name = baseConfig.name;
      if (named == baseConfig)
        return genome;
    } else {
      llvm::consumeError(c.takeError());
    }
    size_t g = genome.size();
    while (g > 0 && ++genome[g - 1] == static_cast<int>(geneList[g - 1].size()))
      genome[--g] = 0;
    if (g == 0)
      return std::nullopt;
  }
}

std::vector<HardwareViolation>
HardwareSpace::checkInvariants(const HardwareConfig &c) const {
  std::vector<HardwareViolation> out;
  auto num = [](int64_t v) { return std::to_string(v); };
  int64_t area = c.macroArea();
  if (area > budget.macroArea)
    out.push_back({"invariants.macro_area", "macro area " + num(area) +
                                                " exceeds the budget " +
                                                num(budget.macroArea)});
  else if ((c.arraysPerCore + 1) * c.cores * c.arrayArea() <= budget.macroArea)
    out.push_back({"invariants.macro_area",
                   "another array per core fits the budget " +
                       num(budget.macroArea) + " (area " + num(area) + ")"});
  if (sramGene >= 0) {
    if (!llvm::is_contained(sramByteChoices, c.totalSramBytes()))
      out.push_back({"invariants.sram_bytes",
                     "Sg + Nc*Sl = " + num(c.totalSramBytes()) +
                         ", expected one of the sram_bytes gene's values"});
  } else if (c.totalSramBytes() != budget.sramBytes) {
    out.push_back(
        {"invariants.sram_bytes", "Sg + Nc*Sl = " + num(c.totalSramBytes()) +
                                      ", expected " + num(budget.sramBytes)});
  }
  if (c.bandwidthBudgetBytesPerCycle() != budget.bandwidthBytesPerCycle)
    out.push_back({"invariants.bandwidth_bytes_per_cycle",
                   "Bg + Nc*Bl = " + num(c.bandwidthBudgetBytesPerCycle()) +
                       ", expected " + num(budget.bandwidthBytesPerCycle)});
  if (c.totalVectorLanes() != budget.vectorLanes)
    out.push_back({"invariants.vector_lanes",
                   "V*Nc = " + num(c.totalVectorLanes()) + ", expected " +
                       num(budget.vectorLanes)});
  if (c.dramBytesPerCycle != baseConfig.dramBytesPerCycle)
    out.push_back({"memory.dram_bytes_per_cycle",
                   "DRAM bandwidth is fixed per study at " +
                       num(baseConfig.dramBytesPerCycle)});
  return out;
}

namespace {
/// The `name=value` groups of a genome text, names trimmed.
std::vector<std::pair<llvm::StringRef, llvm::StringRef>>
genomeGroups(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ';');
  std::vector<std::pair<llvm::StringRef, llvm::StringRef>> groups;
  for (llvm::StringRef part : parts) {
    auto [name, value] = part.split('=');
    groups.emplace_back(name.trim(), value.trim());
  }
  return groups;
}
} // namespace

bool HardwareSpace::mentionsGenes(llvm::StringRef text) const {
  for (const auto &group : genomeGroups(text))
    if (group.first.starts_with("hw_"))
      return true;
  return false;
}

llvm::Expected<std::vector<int>>
HardwareSpace::parseGenome(llvm::StringRef text) const {
  std::vector<int> genome(geneList.size(), -1);
  for (const auto &[name, value] : genomeGroups(text)) {
    if (!name.starts_with("hw_"))
      continue; // a sub-network gene of a joint genome
    auto gene = llvm::find_if(geneList, [&](const HardwareGene &g) {
      return g.columnName() == name;
    });
    if (gene == geneList.end())
      return cim::makeError("hardware genome: unknown gene '" + name +
                            "' for hardware space " + spaceName);
    const size_t position = gene - geneList.begin();
    if (genome[position] >= 0)
      return cim::makeError("hardware genome: gene '" + name +
                            "' is given twice");
    auto label = llvm::find(gene->labels, value);
    if (label == gene->labels.end())
      return cim::makeError(
          "hardware genome: gene '" + name + "': expected one of {" +
          llvm::join(gene->labels, ", ") + "}, found '" + value + "'");
    genome[position] = static_cast<int>(label - gene->labels.begin());
  }
  for (size_t g = 0; g < geneList.size(); ++g)
    if (genome[g] < 0)
      return cim::makeError("hardware genome: missing gene '" +
                            geneList[g].columnName() + "' (one of {" +
                            llvm::join(geneList[g].labels, ", ") +
                            "}) of hardware space " + spaceName);
  return genome;
}

std::string HardwareSpace::formatGenome(llvm::ArrayRef<int> genome) const {
  std::string text;
  for (size_t g = 0; g < geneList.size(); ++g)
    text += (g ? ";" : "") + geneList[g].columnName() + "=" +
            geneList[g].labels[genome[g]];
  return text;
}
