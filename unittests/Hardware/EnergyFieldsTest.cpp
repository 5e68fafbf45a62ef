//===- EnergyFieldsTest.cpp - The optional energy group of the JSON -------===//

#include "TestPaths.h"
#include "cim/Hardware/HardwareJson.h"

#include "gtest/gtest.h"

using namespace cim;

namespace {

nlohmann::json defaultJson() {
  llvm::Expected<std::string> text =
      readTextFile(testSourcePath("configs/hw/default.json"));
  EXPECT_TRUE(static_cast<bool>(text));
  return nlohmann::json::parse(*text);
}

std::string errorOf(const nlohmann::json &value) {
  llvm::Expected<HardwareConfig> c = hardwareFromJson(value, "x.json");
  if (c)
    return "";
  return llvm::toString(c.takeError());
}

TEST(EnergyFields, MissingGroupMeansDefaults) {
  llvm::Expected<HardwareConfig> c = hardwareFromJson(defaultJson(), "d.json");
  ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
  EXPECT_TRUE(hasDefaultEnergy(*c));
  EXPECT_EQ(c->technologyNm, 28.0);
  EXPECT_EQ(c->supplyV, 0.9);
  EXPECT_EQ(c->dramPjPerBit, 8.0);
  // Written back without the group: old files round-trip byte for byte.
  EXPECT_FALSE(hardwareToJson(*c).contains("energy"));
}

TEST(EnergyFields, PartialGroupKeepsOtherDefaults) {
  nlohmann::json j = defaultJson();
  j["energy"] = {{"technology_nm", 22}, {"adc_bits", 6}};
  llvm::Expected<HardwareConfig> c = hardwareFromJson(j, "e.json");
  ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
  EXPECT_EQ(c->technologyNm, 22.0);
  EXPECT_EQ(c->adcBits, 6.0);
  EXPECT_EQ(c->supplyV, 0.9);
  EXPECT_FALSE(hasDefaultEnergy(*c));
  HardwareConfig d = *c;
  d.technologyNm = 28.0;
  EXPECT_NE(d, *c);
  // Round trip through text is exact, energy group included.
  std::string text = hardwareToJsonText(*c);
  llvm::Expected<HardwareConfig> back = parseHardwareConfig(text, "rt.json");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(*back, *c);
  EXPECT_EQ(hash_value(*back), hash_value(*c));
  EXPECT_EQ(hardwareToJsonText(*back), text);
}

TEST(EnergyFields, ErrorsNameFileAndPath) {
  nlohmann::json j = defaultJson();
  j["energy"] = {{"supply_v", "high"}};
  EXPECT_EQ(errorOf(j),
            "x.json: $.energy.supply_v: expected a number, found string "
            "\"high\"");
  j["energy"] = {{"suply_v", 1.0}};
  EXPECT_NE(errorOf(j).find("x.json: $.energy.suply_v: unknown key (a typo?)"),
            std::string::npos);
  j["energy"] = 3;
  EXPECT_EQ(errorOf(j),
            "x.json: $.energy: expected an object, found integer 3");
  j["energy"] = {{"technology_nm", 3}};
  EXPECT_EQ(errorOf(j), "x.json: $.energy.technology_nm: must lie in 7..130 "
                        "(the Stillmaker-Baas scaling table), found 3.000000");
  j["energy"] = {{"adc_bits", 4.5}};
  EXPECT_EQ(errorOf(j), "x.json: $.energy.adc_bits: must be a whole number in "
                        "0..24, found 4.500000");
  j["energy"] = {{"cell_ff", -1}};
  EXPECT_EQ(errorOf(j), "x.json: $.energy.cell_ff: must be a finite "
                        "non-negative number, found -1.000000");
  j["energy"] = {{"supply_v", 0}};
  EXPECT_EQ(errorOf(j), "x.json: $.energy.supply_v: must lie in (0, 5] V, "
                        "found 0.000000");
}

} // namespace
