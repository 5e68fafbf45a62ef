//===- GenomeTextTest.cpp - The one text format of a genome ---------------===//

#include "cim/Supernet/GenomeText.h"
#include "cim/Supernet/OfaMbv3Space.h"

#include "gtest/gtest.h"

using namespace cim;

TEST(GenomeText, DashMarksInactiveGenesAndHardwareGenesAreSkipped) {
  OfaMbv3Space space;
  // d=2 everywhere: slots 2 and 3 of each stage are inactive.
  std::string zeros = "ks=3,5,0,0,7,3,0,0,5,5,0,0,3,7,0,0,5,3,0,0;"
                      "e=4,6,0,0,3,3,0,0,6,4,0,0,3,4,0,0,6,6,0,0;d=2,2,2,2,2";
  std::string dashes = zeros;
  for (size_t at = dashes.find(",0"); at != std::string::npos;
       at = dashes.find(",0", at))
    dashes.replace(at + 1, 1, "-");
  ASSERT_EQ(dashes.substr(0, 20), "ks=3,5,-,-,7,3,-,-,5");
  auto a = parseGenome(space, zeros), b = parseGenome(space, dashes);
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  ASSERT_TRUE(static_cast<bool>(b)) << llvm::toString(b.takeError());
  EXPECT_EQ(*a, *b);
  // hw_* groups (the hardware half of a joint genome) are not this parser's.
  auto c = parseGenome(space, dashes + ";hw_cores=4;hw_array_shape=64x64");
  ASSERT_TRUE(static_cast<bool>(c)) << llvm::toString(c.takeError());
  EXPECT_EQ(*a, *c);
  // `-` on an active gene is an error naming it.
  std::string active = dashes;
  active.replace(3, 1, "-");
  auto d = parseGenome(space, active);
  ASSERT_FALSE(static_cast<bool>(d));
  EXPECT_EQ(llvm::toString(d.takeError()),
            "genome: gene ks[0] (position 0): expected one of {3, 5, 7}, "
            "found '-'");
  // CSV cells: `-` for an inactive gene, as cim-opt-search writes them.
  std::string header;
  for (const char *group : {"ks", "e"})
    for (int i = 0; i < 20; ++i)
      header += std::string(group) + std::to_string(i) + ",";
  header += "d0,d1,d2,d3,d4";
  std::string row = "3,5,-,-,7,3,-,-,5,5,-,-,3,7,-,-,5,3,-,-,"
                    "4,6,-,-,3,3,-,-,6,4,-,-,3,4,-,-,6,6,-,-,2,2,2,2,2";
  auto csv = parseCsv(header + "\n" + row + "\n", "f.csv");
  ASSERT_TRUE(static_cast<bool>(csv));
  auto rows = readGenomeRows(space, *csv, "f.csv", "");
  ASSERT_TRUE(static_cast<bool>(rows)) << llvm::toString(rows.takeError());
  EXPECT_EQ(rows->genomes.at(0), *a);
}

TEST(GenomeText, BothFormsAndErrors) {
  OfaMbv3Space space;
  std::string ks = "7, 3, 3, 7, 5, 3, 3, 3, 7, 3, 7, 7, 7, 3, 7, 5, 3, 3, 3, 3";
  std::string e = "3, 6, 6, 3, 6, 3, 6, 6, 6, 6, 4, 3, 4, 6, 4, 3, 3, 6, 4, 4";
  auto dict =
      parseGenome(space, "{'wid': None, 'ks': [" + ks + "], 'e': [" + e +
                             "], 'd': [3, 2, 2, 3, 2], 'r': [224]}");
  ASSERT_TRUE(static_cast<bool>(dict)) << llvm::toString(dict.takeError());
  std::string compact = formatGenome(space, *dict);
  EXPECT_EQ(compact.substr(0, 12), "ks=7,3,3,0,5"); // ks[3] is inactive
  EXPECT_EQ(
      formatGenome(space, *dict, GenomeStyle::Compact, false).substr(0, 12),
      "ks=7,3,3,7,5");
  auto again = parseGenome(space, compact);
  ASSERT_TRUE(static_cast<bool>(again));
  EXPECT_EQ(*again, space.canonicalize(*dict));
  auto viaDict =
      parseGenome(space, formatGenome(space, *dict, GenomeStyle::Dict));
  ASSERT_TRUE(static_cast<bool>(viaDict));
  EXPECT_EQ(*viaDict, space.canonicalize(*dict));
  // The example network of DyNAS-T's README: 244,945,104 MACs, 4,536,768
  // params.
  SubNetwork net = space.decode(*dict);
  EXPECT_EQ(net.macs, 244945104);
  EXPECT_EQ(net.params, 4536768);

  auto error = [&](const std::string &text) {
    auto g = parseGenome(space, text);
    return g ? std::string("") : llvm::toString(g.takeError());
  };
  EXPECT_EQ(error("ks=3;e=3;d=2"),
            "genome: gene 'ks': expected 20 values, found 1");
  EXPECT_EQ(error(compact + ";x=1"),
            "genome: unknown gene 'x' for space ofa_mbv3; expected: ks, e, d");
  EXPECT_EQ(error(compact + ";r=192"),
            "genome: gene 'r': space ofa_mbv3 has a fixed resolution 224, "
            "found '192'");
  std::string noD = compact.substr(0, compact.find(";d="));
  EXPECT_EQ(error(noD),
            "genome: missing gene 'd' (5 values) for space ofa_mbv3");
  std::string badD = noD + ";d=3,2,2,3,9";
  EXPECT_EQ(error(badD), "genome: gene d[4] (position 44): expected one of "
                         "{2, 3, 4}, found '9'");
  std::string badE = compact;
  badE.replace(badE.find(";e=") + 3, 1, "5");
  EXPECT_EQ(error(badE), "genome: gene e[0] (position 20): expected one of "
                         "{3, 4, 6}, found '5'");
  EXPECT_EQ(error("{'ks': [3, 5"),
            "genome: column 13: expected ',' or ']' in the list of 'ks'");
  EXPECT_EQ(error("ks"), "genome: 'ks': expected <gene>=<value>,<value>,...");
  // 0 is accepted for inactive genes only: slot 3 is inactive at d = 3.
  std::string zeroInactive =
      formatGenome(space, *dict, GenomeStyle::Compact, false);
  ASSERT_EQ(zeroInactive.substr(9, 1), "7");
  zeroInactive.replace(9, 1, "0"); // ks[3]
  EXPECT_EQ(error(zeroInactive), "");
  std::string zeroActive = compact;
  zeroActive.replace(3, 1, "0"); // ks[0]
  EXPECT_EQ(error(zeroActive), "genome: gene ks[0] (position 0): expected one "
                               "of {3, 5, 7}, found '0'");
}

TEST(GenomeText, TheSearchWritesWhatTheParsersRead) {
  OfaMbv3Space space;
  std::vector<evo::Gene> genes = searchGenes(space);
  ASSERT_EQ(genes.size(), 45u);
  EXPECT_EQ(genes[0].name, "ks0");
  EXPECT_EQ(genes[44].name, "d4");
  EXPECT_EQ(genes[20].labels, (std::vector<std::string>{"3", "4", "6"}));
  evo::Rng rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<int> genome = space.sample(rng);
    evo::Genome marked = markInactive(space, genome);
    EXPECT_EQ(unmarkInactive(marked), space.canonicalize(genome));
    // The cells the search writes, read back as a CSV row and as compact
    // text.
    std::string header, row, compact;
    for (int i = 0; i < 45; ++i) {
      header += (i ? "," : "") + genes[i].name;
      std::string cell = evo::formatGeneCell(genes[i], marked[i]).str();
      row += (i ? "," : "") + cell;
      EXPECT_EQ(marked[i] == evo::kInactiveGene, !space.isActive(genome, i));
    }
    auto csv = parseCsv(header + "\n" + row + "\n", "front.csv");
    ASSERT_TRUE(static_cast<bool>(csv));
    auto rows = readGenomeRows(space, *csv, "front.csv", "");
    ASSERT_TRUE(static_cast<bool>(rows)) << llvm::toString(rows.takeError());
    EXPECT_EQ(space.canonicalize(rows->genomes.at(0)),
              space.canonicalize(genome));
    auto text = parseGenome(
        space, formatGenome(space, genome, GenomeStyle::Compact, false));
    ASSERT_TRUE(static_cast<bool>(text));
    EXPECT_EQ(space.canonicalize(*text), space.canonicalize(genome));
  }
}
