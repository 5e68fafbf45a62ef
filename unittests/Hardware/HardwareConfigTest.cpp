//===- HardwareConfigTest.cpp - JSON round trip and validation ------------===//

#include "TestPaths.h"
#include "cim/Hardware/HardwareJson.h"

#include "gtest/gtest.h"

using namespace cim;

namespace {

HardwareConfig loadDefault() {
  llvm::Expected<HardwareConfig> config =
      loadHardwareConfig(testSourcePath("configs/hw/default.json"));
  EXPECT_TRUE(static_cast<bool>(config)) << llvm::toString(config.takeError());
  return *config;
}

std::string errorOf(llvm::StringRef text) {
  llvm::Expected<HardwareConfig> config = parseHardwareConfig(text, "x.json");
  if (config)
    return "";
  return llvm::toString(config.takeError());
}

TEST(HardwareConfig, DefaultIsValid) {
  HardwareConfig c = loadDefault();
  EXPECT_TRUE(c.violations().empty());
  EXPECT_EQ(c.name, "default");
  EXPECT_EQ(c.totalArrays(), 128);
}

TEST(HardwareConfig, JsonRoundTripIsExact) {
  HardwareConfig c = loadDefault();
  std::string text = hardwareToJsonText(c);
  llvm::Expected<HardwareConfig> back = parseHardwareConfig(text, "rt.json");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(*back, c);
  EXPECT_EQ(hash_value(*back), hash_value(c));
  EXPECT_EQ(hardwareToJsonText(*back), text);
}

TEST(HardwareConfig, DerivedQuantitiesByHand) {
  HardwareConfig c = loadDefault();
  // 256x256 cells, 8-bit weights on 1-bit cells: 32 weights per row.
  EXPECT_EQ(c.colsPerWeight(), 8);
  EXPECT_EQ(c.weightsPerRow(), 32);
  EXPECT_EQ(c.inputSlices(), 8);
  EXPECT_EQ(c.partialSumBits(), 8 + 8 + 8);
  EXPECT_EQ(c.adcsPerArray(), 32);
  EXPECT_EQ(c.effectiveAdderTreeDepth(), 9);
  EXPECT_EQ(c.effectiveArrayInputBitsPerCycle(), 256);
  // 65536 cells + 256*61 + 256*83 + 7836 + 32*1158.
  EXPECT_EQ(c.arrayArea(), 65536 + 15616 + 21248 + 7836 + 37056);
  EXPECT_EQ(c.totalSramBytes(), 2097152 + 8 * 262144);
  EXPECT_EQ(c.bandwidthBudgetBytesPerCycle(), 128 + 8 * 64);
  EXPECT_EQ(c.totalVectorLanes(), 256);
}

TEST(HardwareConfig, ErrorsNameFileAndPath) {
  HardwareConfig c = loadDefault();
  nlohmann::json j = hardwareToJson(c);
  j["array"]["rows"] = "many";
  EXPECT_EQ(errorOf(j.dump()),
            "x.json: $.array.rows: expected an integer, found string \"many\"");

  j = hardwareToJson(c);
  j["memory"].erase("gb_bytes");
  EXPECT_EQ(errorOf(j.dump()), "x.json: $.memory.gb_bytes: expected an "
                               "integer, found nothing (the key is missing)");

  j = hardwareToJson(c);
  j["array"]["rowz"] = 3;
  EXPECT_NE(errorOf(j.dump()).find("x.json: $.array.rowz: unknown key"),
            std::string::npos);

  j = hardwareToJson(c);
  j["compute_mode"] = "analog";
  EXPECT_EQ(errorOf(j.dump()),
            "x.json: $.compute_mode: expected \"bitline\" or "
            "\"bitline_free\", found \"analog\"");

  j = hardwareToJson(c);
  j["array"]["rows_active"] = 512;
  EXPECT_EQ(errorOf(j.dump()), "x.json: $.array.rows_active: must not exceed "
                               "array.rows (512 > 256)");

  j = hardwareToJson(c);
  j["schedule"]["noc_multicast"] = 1;
  EXPECT_EQ(errorOf(j.dump()), "x.json: $.schedule.noc_multicast: expected "
                               "true or false, found integer 1");
}

TEST(HardwareConfig, MalformedJsonHasLineAndColumn) {
  std::string err = errorOf("{\n  \"name\": \"x\",\n  oops\n}");
  EXPECT_EQ(err.rfind("x.json:3:3: malformed JSON", 0), 0u) << err;
}

TEST(HardwareConfig, EveryRuleFires) {
  HardwareConfig c = loadDefault();
  auto firstField = [](const HardwareConfig &h) {
    auto v = h.violations();
    return v.empty() ? std::string() : v.front().field;
  };
  HardwareConfig b = c;
  b.cores = 0;
  EXPECT_EQ(firstField(b), "array.cores");
  b = c;
  b.inputBitsPerCycle = 16;
  EXPECT_EQ(firstField(b), "array.input_bits_per_cycle");
  b = c;
  b.bitsPerCell = 16;
  EXPECT_EQ(firstField(b), "array.bits_per_cell");
  b = c;
  b.cols = 4;
  b.colsPerAdc = 4;
  EXPECT_EQ(firstField(b), "array.cols");
  b = c;
  b.colsPerAdc = 7;
  EXPECT_EQ(firstField(b), "array.cols_per_adc");
  b.computeMode = ComputeMode::BitlineFree; // ADC sharing irrelevant there
  EXPECT_EQ(firstField(b), "");
  b = c;
  b.lbBytesPerCycle = 256;
  EXPECT_EQ(firstField(b), "memory.lb_bytes_per_cycle");
  b = c;
  b.stepOverheadCycles = -1;
  EXPECT_EQ(firstField(b), "schedule.step_overhead_cycles");
  b = c;
  b.name = "";
  EXPECT_EQ(firstField(b), "name");
}

} // namespace
