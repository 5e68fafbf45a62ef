//===- HardwareSpaceTest.cpp - Every genome keeps every invariant ---------===//

#include "cim/Hardware/HardwareSpace.h"
#include "TestPaths.h"
#include "cim/Hardware/HardwareJson.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace cim;

namespace {

HardwareSpace loadSpace() {
  llvm::Expected<HardwareSpace> space =
      HardwareSpace::load(testSourcePath("configs/hw-space/default.json"));
  EXPECT_TRUE(static_cast<bool>(space)) << llvm::toString(space.takeError());
  return std::move(*space);
}

TEST(HardwareSpace, GenomeTextRoundTripsForEveryGenome) {
  HardwareSpace space = loadSpace();
  std::vector<int> genome(space.genes().size(), 0);
  uint64_t visited = 0;
  for (uint64_t code = 0; code < space.size(); ++code, ++visited) {
    uint64_t rest = code;
    for (size_t g = 0; g < genome.size(); ++g) {
      genome[g] = static_cast<int>(rest % space.genes()[g].size());
      rest /= space.genes()[g].size();
    }
    std::string text = space.formatGenome(genome);
    EXPECT_TRUE(space.mentionsGenes(text));
    llvm::Expected<std::vector<int>> parsed = space.parseGenome(text);
    ASSERT_TRUE(static_cast<bool>(parsed))
        << llvm::toString(parsed.takeError());
    EXPECT_EQ(*parsed, genome) << text;
  }
  EXPECT_EQ(visited, 480u);
  // By hand: labels, the order of genes is free, other genes are skipped.
  auto g = space.parseGenome("ks=3,5;hw_cores=4;hw_gb_bandwidth_percent=20;"
                             "hw_array_shape=64x64;hw_gb_sram_percent=75");
  ASSERT_TRUE(static_cast<bool>(g)) << llvm::toString(g.takeError());
  EXPECT_EQ(*g, (std::vector<int>{0, 2, 2, 1}));
  EXPECT_EQ(space.formatGenome(*g), "hw_array_shape=64x64;hw_cores=4;"
                                    "hw_gb_sram_percent=75;"
                                    "hw_gb_bandwidth_percent=20");
  EXPECT_FALSE(space.mentionsGenes("ks=3,5;e=4,4;d=2"));
  auto twice = space.parseGenome(space.formatGenome(*g) + ";hw_cores=8");
  ASSERT_FALSE(static_cast<bool>(twice));
  EXPECT_EQ(llvm::toString(twice.takeError()),
            "hardware genome: gene 'hw_cores' is given twice");
}

TEST(HardwareSpace, ExhaustiveGenomesKeepInvariants) {
  HardwareSpace space = loadSpace();
  const HardwareInvariants &inv = space.invariants();
  std::vector<int> genome(space.genes().size(), 0);
  uint64_t visited = 0;
  while (true) {
    llvm::Expected<HardwareConfig> c = space.decode(genome);
    ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    EXPECT_TRUE(c->violations().empty());
    // Recompute each invariant independently of checkInvariants().
    int64_t area = c->cores * c->arraysPerCore *
                   (c->rows * c->cols * c->areaCell + c->cols * c->areaPerCol +
                    c->rows * c->areaPerRow + c->areaPerArray +
                    (c->cols / c->colsPerAdc) * c->areaPerAdc);
    EXPECT_LE(area, inv.macroArea);
    EXPECT_GT(area + c->cores * (area / (c->cores * c->arraysPerCore)),
              inv.macroArea);
    EXPECT_EQ(c->gbBytes + c->cores * c->lbBytes, inv.sramBytes);
    EXPECT_EQ(c->gbBytesPerCycle + c->cores * c->lbBytesPerCycle,
              inv.bandwidthBytesPerCycle);
    EXPECT_LE(c->lbBytesPerCycle, c->lbMaxBytesPerCycle);
    EXPECT_EQ(c->vectorLanesPerCore * c->cores, inv.vectorLanes);
    EXPECT_EQ(c->dramBytesPerCycle, space.base().dramBytesPerCycle);
    EXPECT_TRUE(space.checkInvariants(*c).empty());
    ++visited;
    size_t g = 0;
    while (g < genome.size() &&
           ++genome[g] == static_cast<int>(space.genes()[g].size()))
      genome[g++] = 0;
    if (g == genome.size())
      break;
  }
  EXPECT_EQ(visited, space.size());
  EXPECT_EQ(visited, 8u * 5 * 3 * 4);
}

TEST(HardwareSpace, BaseIsAPointOfTheSpace) {
  HardwareSpace space = loadSpace();
  std::optional<std::vector<int>> genome = space.baseGenome();
  ASSERT_TRUE(genome.has_value());
  EXPECT_EQ(*genome, (std::vector<int>{4, 3, 1, 1}));
}

TEST(HardwareSpace, BadGenomesAreRejected) {
  HardwareSpace space = loadSpace();
  llvm::Expected<HardwareConfig> c = space.decode({0, 0, 0});
  ASSERT_FALSE(static_cast<bool>(c));
  EXPECT_EQ(llvm::toString(c.takeError()),
            "hardware genome of space 'default' has 3 genes, expected 4");
  c = space.decode({0, 9, 0, 0});
  ASSERT_FALSE(static_cast<bool>(c));
  EXPECT_EQ(llvm::toString(c.takeError()),
            "hardware gene 'hw_cores' has index 9, expected 0..4");
}

TEST(HardwareSpace, BadSpaceFilesNameThePath) {
  nlohmann::json j = nlohmann::json::parse(R"({
    "name": "s", "base": "../hw/default.json",
    "invariants": {"macro_area": "base", "sram_bytes": "base",
                   "bandwidth_bytes_per_cycle": "base", "vector_lanes": "base"},
    "genes": {"array_shape": [[256, 256]], "cores": [8, 3],
              "gb_sram_percent": [50], "gb_bandwidth_percent": [20]}})");
  llvm::Expected<HardwareSpace> s =
      HardwareSpace::fromJson(j, "s.json", testSourcePath("configs/hw-space"));
  ASSERT_FALSE(static_cast<bool>(s));
  EXPECT_NE(
      llvm::toString(s.takeError()).find("does not divide over the cores"),
      std::string::npos);

  j["genes"]["cores"] = {8};
  j["genes"]["gb_sram_percent"] = {150};
  s = HardwareSpace::fromJson(j, "s.json", testSourcePath("configs/hw-space"));
  ASSERT_FALSE(static_cast<bool>(s));
  EXPECT_EQ(llvm::toString(s.takeError()),
            "s.json: $.genes.gb_sram_percent[0]: expected an integer in [1, "
            "99], found integer 150");

  j["genes"]["gb_sram_percent"] = {50};
  j["genes"]["shape"] = {1};
  s = HardwareSpace::fromJson(j, "s.json", testSourcePath("configs/hw-space"));
  ASSERT_FALSE(static_cast<bool>(s));
  EXPECT_NE(llvm::toString(s.takeError()).find("$.genes.shape: unknown key"),
            std::string::npos);
}
} // namespace

namespace {

// The optional boolean gene: absent from the default space (its genomes and
// names stay as they were); present, it decodes to the flag and the name.
TEST(HardwareSpace, PingPongProgrammingIsAnOptionalBooleanGene) {
  EXPECT_EQ(loadSpace().genes().size(), 4u);
  nlohmann::json j = nlohmann::json::parse(R"({
    "name": "s", "base": "../hw/default.json",
    "invariants": {"macro_area": "base", "sram_bytes": "base",
                   "bandwidth_bytes_per_cycle": "base", "vector_lanes": "base"},
    "genes": {"array_shape": [[256, 256]], "cores": [8],
              "gb_sram_percent": [50], "gb_bandwidth_percent": [20],
              "ping_pong_programming": [false, true]}})");
  llvm::Expected<HardwareSpace> s =
      HardwareSpace::fromJson(j, "s.json", testSourcePath("configs/hw-space"));
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  ASSERT_EQ(s->genes().size(), 5u);
  EXPECT_EQ(s->genes()[4].columnName(), "hw_ping_pong_programming");
  EXPECT_EQ(s->size(), 2u);
  llvm::Expected<std::vector<int>> genome = s->parseGenome(
      "hw_array_shape=256x256;hw_cores=8;hw_gb_sram_percent=50;"
      "hw_gb_bandwidth_percent=20;hw_ping_pong_programming=true");
  ASSERT_TRUE(static_cast<bool>(genome)) << llvm::toString(genome.takeError());
  llvm::Expected<HardwareConfig> on = s->decode(*genome);
  ASSERT_TRUE(static_cast<bool>(on)) << llvm::toString(on.takeError());
  EXPECT_TRUE(on->pingPongProgramming);
  EXPECT_EQ(on->name, "default@256x256/c8/gb50/bw20/pp");
  llvm::Expected<HardwareConfig> off = s->decode({0, 0, 0, 0, 0});
  ASSERT_TRUE(static_cast<bool>(off));
  EXPECT_FALSE(off->pingPongProgramming);
  // The base (ping-pong off) is the genome with the gene at false.
  EXPECT_EQ(s->baseGenome(), (std::vector<int>{0, 0, 0, 0, 0}));

  j["genes"]["ping_pong_programming"] = {1};
  s = HardwareSpace::fromJson(j, "s.json", testSourcePath("configs/hw-space"));
  ASSERT_FALSE(static_cast<bool>(s));
  EXPECT_EQ(llvm::toString(s.takeError()),
            "s.json: $.genes.ping_pong_programming[0]: expected true or false, "
            "found integer 1");
}

TEST(HardwareSpace, EnergySpaceAdcAndSramGenesKeepTheirInvariants) {
  llvm::Expected<HardwareSpace> space =
      HardwareSpace::load(testSourcePath("configs/hw-space/energy.json"));
  ASSERT_TRUE(static_cast<bool>(space)) << llvm::toString(space.takeError());
  ASSERT_EQ(space->genes().size(), 6u);
  EXPECT_EQ(space->genes()[4].columnName(), "hw_adc_bits");
  EXPECT_EQ(space->genes()[5].columnName(), "hw_sram_bytes");
  EXPECT_EQ(space->size(), 3u * 3 * 2 * 2 * 4 * 3);
  const HardwareConfig &base = space->base();
  const HardwareInvariants &inv = space->invariants();
  EXPECT_EQ(inv.sramBytes, 0); // set per point by the gene
  // The base's ADC (lossless for 64 rows of 1-bit inputs and cells): 7 bits.
  auto law = [](double b) {
    return std::pow(10.0, -0.0369 * b) * std::pow(2.0, b);
  };
  std::vector<int> genome(space->genes().size(), 0);
  uint64_t visited = 0;
  while (true) {
    llvm::Expected<HardwareConfig> c = space->decode(genome);
    ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
    EXPECT_TRUE(c->violations().empty());
    EXPECT_TRUE(space->checkInvariants(*c).empty());
    const int64_t bits = std::stoll(space->genes()[4].labels[genome[4]]);
    const int64_t sram = std::stoll(space->genes()[5].labels[genome[5]]);
    EXPECT_EQ(c->adcBits, double(bits));
    EXPECT_EQ(c->adcAreaBits, double(bits));
    // A b-bit ADC converts up to 2^b - 1 one-bit rows without loss.
    EXPECT_EQ(c->rowsActive, std::min<int64_t>(c->rows, (1 << bits) - 1));
    EXPECT_EQ(c->areaPerAdc,
              std::llround(1158.0 * law(double(bits)) / law(7.0)));
    int64_t area = c->cores * c->arraysPerCore *
                   (c->rows * c->cols * c->areaCell + c->cols * c->areaPerCol +
                    c->rows * c->areaPerRow + c->areaPerArray +
                    (c->cols / c->colsPerAdc) * c->areaPerAdc);
    EXPECT_LE(area, inv.macroArea);
    EXPECT_EQ(inv.macroArea, base.macroArea());
    EXPECT_GT(area + c->cores * (area / (c->cores * c->arraysPerCore)),
              inv.macroArea);
    EXPECT_EQ(c->gbBytes + c->cores * c->lbBytes, sram);
    EXPECT_EQ(c->gbBytesPerCycle + c->cores * c->lbBytesPerCycle,
              inv.bandwidthBytesPerCycle);
    EXPECT_TRUE(llvm::StringRef(c->name).ends_with(
        "/adc" + std::to_string(bits) + "/sram" + std::to_string(sram)));
    ++visited;
    size_t g = 0;
    while (g < genome.size() &&
           ++genome[g] == static_cast<int>(space->genes()[g].size()))
      genome[g++] = 0;
    if (g == genome.size())
      break;
  }
  EXPECT_EQ(visited, space->size());
  // Smaller ADCs free area for arrays: 256x256, 8 cores, 5 vs 8 bits.
  auto five = space->parseGenome(
      "hw_array_shape=256x256;hw_cores=8;hw_gb_sram_percent=50;"
      "hw_gb_bandwidth_percent=20;hw_adc_bits=5;hw_sram_bytes=4194304");
  auto eight = space->parseGenome(
      "hw_array_shape=256x256;hw_cores=8;hw_gb_sram_percent=50;"
      "hw_gb_bandwidth_percent=20;hw_adc_bits=8;hw_sram_bytes=4194304");
  ASSERT_TRUE(five && eight);
  EXPECT_GT(space->decode(*five)->arraysPerCore,
            space->decode(*eight)->arraysPerCore);
}

TEST(HardwareSpace, BadAdcAndSramGenesNameThePath) {
  auto load = [](const nlohmann::json &j) {
    llvm::Expected<HardwareSpace> s = HardwareSpace::fromJson(
        j, "s.json", testSourcePath("configs/hw-space"));
    return s ? std::string("ok") : llvm::toString(s.takeError());
  };
  nlohmann::json j = nlohmann::json::parse(R"({
    "name": "s", "base": "../hw/default.json",
    "invariants": {"macro_area": "base",
                   "bandwidth_bytes_per_cycle": "base", "vector_lanes": "base"},
    "genes": {"array_shape": [[256, 256]], "cores": [8],
              "gb_sram_percent": [50], "gb_bandwidth_percent": [20],
              "adc_bits": [6, 7], "sram_bytes": [4194304]}})");
  EXPECT_EQ(load(j), "ok");
  j["genes"]["adc_bits"] = {7, 0};
  EXPECT_EQ(load(j), "s.json: $.genes.adc_bits[1]: expected an integer in "
                     "[1, 24], found integer 0");
  j["genes"]["adc_bits"] = {25};
  EXPECT_EQ(load(j), "s.json: $.genes.adc_bits[0]: expected an integer in "
                     "[1, 24], found integer 25");
  j["genes"]["adc_bits"] = {7};
  j["genes"]["sram_bytes"] = {512};
  EXPECT_EQ(load(j), "s.json: $.genes.sram_bytes[0]: expected an integer in "
                     "[1024, 1099511627776], found integer 512");
  j["genes"]["sram_bytes"] = {4194304};
  j["invariants"]["sram_bytes"] = "base";
  EXPECT_EQ(load(j), "s.json: $.invariants.sram_bytes: the space has an "
                     "sram_bytes gene, which sets the SRAM budget of each "
                     "point: remove this invariant");
  j["invariants"].erase("sram_bytes");
  j["genes"].erase("sram_bytes");
  EXPECT_EQ(load(j), "s.json: $.invariants.sram_bytes: expected a positive "
                     "integer or \"base\", found nothing (the key is missing)");
  // A bitline-free chip has no ADCs.
  llvm::Expected<std::string> text =
      readTextFile(testSourcePath("configs/hw/default.json"));
  ASSERT_TRUE(static_cast<bool>(text));
  nlohmann::json base = nlohmann::json::parse(*text);
  base["compute_mode"] = "bitline_free";
  j["base"] = base;
  j["invariants"]["sram_bytes"] = "base";
  EXPECT_EQ(load(j), "s.json: $.genes.adc_bits: the base configuration is "
                     "not in bitline mode: it has no ADCs");
  // 64-bit input slices and cells (the top of their ranges): one row's
  // partial sum needs 128 bits, so no ADC of the gene converts a row group
  // without loss. 2^64 overflowed the row count's integer arithmetic (a
  // division by zero) before.
  base["compute_mode"] = "bitline";
  base["array"]["input_bits_per_cycle"] = 64;
  base["array"]["bits_per_cell"] = 64;
  base["array"]["input_bits"] = 64;
  base["array"]["weight_bits"] = 64;
  j["base"] = base;
  const std::string wide = load(j);
  EXPECT_TRUE(llvm::StringRef(wide).contains(
      "-bit ADC converts no row group without loss"))
      << wide;
}

} // namespace
