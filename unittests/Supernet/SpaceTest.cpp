//===- SpaceTest.cpp - Search spaces: exact counts, canonical form, chain -===//
//
// Expected numbers come from outside the generators: the measured DyNAS-T
// rows (data/, ../shared/data), networks of DyNAS-T's
// mbnv3w10_linasnsga2_acc_macs.csv, per-layer counts of once-for-all's
// OFA-MobileNetV3 and OFA-ResNet50 networks worked out by hand from their
// definitions, and torchvision's published ViT-B/16 and ResNet-50 figures.
//
//===----------------------------------------------------------------------===//

#include "TestPaths.h"

#include "cim/Supernet/GenomeText.h"
#include "cim/Supernet/OfaMbv3Space.h"
#include "cim/Supernet/OfaResNet50Space.h"
#include "cim/Supernet/VitSpace.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>

using namespace cim;

namespace {

std::vector<int> uniformGenome(const SearchSpace &space, int index) {
  return std::vector<int>(space.genomeLength(), index);
}

/// Rounds to `digits` decimals of millions.
double millions(int64_t value, int digits) {
  double scale = std::pow(10.0, digits);
  return std::round(static_cast<double>(value) / 1e6 * scale) / scale;
}

struct LayerRow {
  const char *name;
  int64_t macs;
  int64_t params;
};

// The largest OFA-MBv3 w1.0 net (kernel 7, expansion 6, depth 4 everywhere)
// at r = 224, GEMM layers only: MACs and parameters of each layer of
// once-for-all's ofa_mbv3_d234_e346_k357_w1.0, worked out by hand.
const LayerRow kLargestNetLayers[] = {
    {"first_conv", 5419008, 464},
    {"b0.dw", 1806336, 176},
    {"b0.pw", 3211264, 288},
    {"s0.b0.expand", 19267584, 1728},
    {"s0.b0.dw", 14751744, 4896},
    {"s0.b0.project", 7225344, 2352},
    {"s0.b1.expand", 10838016, 3744},
    {"s0.b1.dw", 22127616, 7344},
    {"s0.b1.project", 10838016, 3504},
    {"s0.b2.expand", 10838016, 3744},
    {"s0.b2.dw", 22127616, 7344},
    {"s0.b2.project", 10838016, 3504},
    {"s0.b3.expand", 10838016, 3744},
    {"s0.b3.dw", 22127616, 7344},
    {"s0.b3.project", 10838016, 3504},
    {"s1.b0.expand", 10838016, 3744},
    {"s1.b0.dw", 5531904, 7344},
    {"s1.b0.se_reduce", 5760, 5800},
    {"s1.b0.se_expand", 5760, 5904},
    {"s1.b0.project", 4515840, 5840},
    {"s1.b1.expand", 7526400, 10080},
    {"s1.b1.dw", 9219840, 12240},
    {"s1.b1.se_reduce", 15360, 15424},
    {"s1.b1.se_expand", 15360, 15600},
    {"s1.b1.project", 7526400, 9680},
    {"s1.b2.expand", 7526400, 10080},
    {"s1.b2.dw", 9219840, 12240},
    {"s1.b2.se_reduce", 15360, 15424},
    {"s1.b2.se_expand", 15360, 15600},
    {"s1.b2.project", 7526400, 9680},
    {"s1.b3.expand", 7526400, 10080},
    {"s1.b3.dw", 9219840, 12240},
    {"s1.b3.se_reduce", 15360, 15424},
    {"s1.b3.se_expand", 15360, 15600},
    {"s1.b3.project", 7526400, 9680},
    {"s2.b0.expand", 7526400, 10080},
    {"s2.b0.dw", 2304960, 12240},
    {"s2.b0.project", 3763200, 19360},
    {"s2.b1.expand", 7526400, 39360},
    {"s2.b1.dw", 4609920, 24480},
    {"s2.b1.project", 7526400, 38560},
    {"s2.b2.expand", 7526400, 39360},
    {"s2.b2.dw", 4609920, 24480},
    {"s2.b2.project", 7526400, 38560},
    {"s2.b3.expand", 7526400, 39360},
    {"s2.b3.dw", 4609920, 24480},
    {"s2.b3.project", 7526400, 38560},
    {"s3.b0.expand", 7526400, 39360},
    {"s3.b0.dw", 4609920, 24480},
    {"s3.b0.se_reduce", 57600, 57720},
    {"s3.b0.se_expand", 57600, 58080},
    {"s3.b0.project", 10536960, 53984},
    {"s3.b1.expand", 14751744, 76608},
    {"s3.b1.dw", 6453888, 34272},
    {"s3.b1.se_reduce", 112896, 113064},
    {"s3.b1.se_expand", 112896, 113568},
    {"s3.b1.project", 14751744, 75488},
    {"s3.b2.expand", 14751744, 76608},
    {"s3.b2.dw", 6453888, 34272},
    {"s3.b2.se_reduce", 112896, 113064},
    {"s3.b2.se_expand", 112896, 113568},
    {"s3.b2.project", 14751744, 75488},
    {"s3.b3.expand", 14751744, 76608},
    {"s3.b3.dw", 6453888, 34272},
    {"s3.b3.se_reduce", 112896, 113064},
    {"s3.b3.se_expand", 112896, 113568},
    {"s3.b3.project", 14751744, 75488},
    {"s4.b0.expand", 14751744, 76608},
    {"s4.b0.dw", 1613472, 34272},
    {"s4.b0.se_reduce", 112896, 113064},
    {"s4.b0.se_expand", 112896, 113568},
    {"s4.b0.project", 5268480, 107840},
    {"s4.b1.expand", 7526400, 155520},
    {"s4.b1.dw", 2304960, 48960},
    {"s4.b1.se_reduce", 230400, 230640},
    {"s4.b1.se_expand", 230400, 231360},
    {"s4.b1.project", 7526400, 153920},
    {"s4.b2.expand", 7526400, 155520},
    {"s4.b2.dw", 2304960, 48960},
    {"s4.b2.se_reduce", 230400, 230640},
    {"s4.b2.se_expand", 230400, 231360},
    {"s4.b2.project", 7526400, 153920},
    {"s4.b3.expand", 7526400, 155520},
    {"s4.b3.dw", 2304960, 48960},
    {"s4.b3.se_reduce", 230400, 230640},
    {"s4.b3.se_expand", 230400, 231360},
    {"s4.b3.project", 7526400, 153920},
    {"final_expand", 7526400, 155520},
    {"feature_mix", 1228800, 1228800},
    {"classifier", 1280000, 1281000},
};

} // namespace

TEST(OfaMbv3Space, GenesAndOneHotLayout) {
  OfaMbv3Space space;
  EXPECT_EQ(space.genomeLength(), 45);
  EXPECT_EQ(space.oneHotSize(), 135);
  ASSERT_EQ(space.geneGroups().size(), 3u);
  EXPECT_EQ(space.geneGroups()[0].name, "ks");
  EXPECT_EQ(space.geneGroups()[1].name, "e");
  EXPECT_EQ(space.geneGroups()[2].name, "d");
  EXPECT_EQ(space.geneGroups()[2].offset, 40);
  OfaMbv3Space withResolution(true);
  EXPECT_EQ(withResolution.genomeLength(), 46);
  EXPECT_EQ(withResolution.geneGroups()[3].values.size(), 25u);
  EXPECT_EQ(withResolution.oneHotSize(), 160);
  EXPECT_EQ(withResolution.oneHotSize("r"), 135);
}

TEST(OfaMbv3Space, LargestNetMatchesLayerTable) {
  OfaMbv3Space space;
  SubNetwork net = space.decode(uniformGenome(space, 2));
  std::vector<size_t> gemms;
  for (size_t i = 0; i < net.workload.layers.size(); ++i)
    if (net.workload.layers[i].isGemm())
      gemms.push_back(i);
  ASSERT_EQ(gemms.size(), std::size(kLargestNetLayers));
  for (size_t row = 0; row < gemms.size(); ++row) {
    const Layer &layer = net.workload.layers[gemms[row]];
    SCOPED_TRACE(kLargestNetLayers[row].name);
    EXPECT_EQ(layer.name, kLargestNetLayers[row].name);
    EXPECT_EQ(layer.macs(), kLargestNetLayers[row].macs);
    EXPECT_EQ(net.layerParams[gemms[row]], kLargestNetLayers[row].params);
  }
  EXPECT_EQ(net.macs, 566170656);
  EXPECT_EQ(net.params, 7664760);
}

TEST(OfaMbv3Space, ExtremeNetsAtFourResolutions) {
  // The largest and the smallest net at four resolutions: MACs to 0.01 M,
  // params exact.
  OfaMbv3Space space(/*searchResolution=*/true);
  struct Row {
    int gene;
    double macs[4];
    int64_t params;
    size_t layers;
  } rows[] = {{2, {566.17, 417.29, 291.32, 188.25}, 7664760, 90},
              {0, {121.28, 89.84, 63.24, 41.48}, 3410792, 48}};
  int resolutions[] = {224, 192, 160, 128};
  for (const Row &row : rows)
    for (int i = 0; i < 4; ++i) {
      std::vector<int> genome(45, row.gene);
      genome.push_back((resolutions[i] - 128) / 4);
      SubNetwork net = space.decode(genome);
      EXPECT_EQ(net.resolution, resolutions[i]);
      EXPECT_DOUBLE_EQ(millions(net.macs, 2), row.macs[i]) << resolutions[i];
      EXPECT_EQ(net.params, row.params);
      size_t gemms = 0;
      for (const Layer &layer : net.workload.layers)
        gemms += layer.isGemm();
      EXPECT_EQ(gemms, row.layers);
    }
}

TEST(OfaMbv3Space, FeatureMapsAtOddResolution) {
  // Stride-2 convs with padding k/2 round up: r = 132 gives
  // 66 -> 33 -> 17 -> 9 -> 9 -> 5.
  OfaMbv3Space space(true);
  std::vector<int> genome(45, 0);
  genome.push_back((132 - 128) / 4);
  SubNetwork net = space.decode(genome);
  std::vector<int64_t> projectH;
  for (const Layer &layer : net.workload.layers)
    if (llvm::StringRef(layer.name).ends_with("b0.project") ||
        layer.name == "b0.pw")
      projectH.push_back(layer.out_h);
  EXPECT_EQ(projectH, (std::vector<int64_t>{66, 33, 17, 9, 9, 5}));
}

TEST(OfaMbv3Space, GoldenRows) {
  // Networks of DyNAS-T's mbnv3w10_linasnsga2_acc_macs.csv (IntelLabs/DyNAS-T
  // notebooks/data) with the MACs and parameters it records.
  struct Golden {
    std::vector<int> ks, e, d;
    int64_t macs, params;
  } rows[] = {
      {{3, 3, 3, 5, 3, 3, 5, 5, 5, 3, 3, 3, 3, 5, 5, 7, 5, 3, 5, 3},
       {3, 3, 4, 3, 3, 3, 3, 4, 3, 3, 4, 3, 3, 3, 3, 3, 3, 3, 4, 3},
       {2, 2, 2, 2, 2},
       122972112,
       3423464},
      {{3, 3, 3, 3, 3, 5, 3, 3, 5, 3, 7, 7, 7, 5, 3, 5, 5, 5, 3, 5},
       {3, 3, 4, 6, 3, 3, 3, 4, 3, 3, 4, 6, 4, 3, 3, 3, 6, 4, 3, 3},
       {2, 2, 2, 3, 4},
       175403904,
       4595704},
      {{3, 3, 3, 7, 7, 5, 3, 3, 5, 5, 7, 7, 7, 5, 5, 5, 5, 5, 3, 5},
       {3, 3, 4, 6, 3, 3, 3, 4, 6, 4, 4, 6, 4, 3, 3, 3, 6, 6, 6, 3},
       {2, 3, 3, 3, 4},
       223840320,
       5602312},
      {{3, 3, 5, 5, 5, 5, 5, 5, 5, 7, 5, 3, 5, 7, 7, 7, 5, 5, 7, 5},
       {3, 3, 4, 6, 4, 4, 4, 4, 6, 6, 4, 6, 4, 4, 3, 6, 6, 6, 3, 4},
       {2, 3, 3, 4, 4},
       279696064,
       5811672},
      {{7, 5, 7, 7, 7, 7, 7, 7, 5, 7, 7, 7, 7, 5, 5, 5, 7, 5, 7, 5},
       {4, 6, 6, 6, 6, 6, 6, 6, 6, 6, 4, 6, 6, 6, 4, 3, 6, 6, 6, 6},
       {3, 4, 3, 4, 4},
       431071328,
       6972560},
  };
  OfaMbv3Space space;
  for (const Golden &row : rows) {
    auto genome = space.genomeFromValues(row.ks, row.e, row.d);
    ASSERT_TRUE(static_cast<bool>(genome))
        << llvm::toString(genome.takeError());
    SubNetwork net = space.decode(*genome);
    EXPECT_EQ(net.macs, row.macs);
    EXPECT_EQ(net.params, row.params);
  }
}

static void checkMeasuredFile(const std::string &path, size_t expectedRows) {
  OfaMbv3Space space;
  auto table = readCsv(path);
  ASSERT_TRUE(static_cast<bool>(table)) << llvm::toString(table.takeError());
  auto rows = readGenomeRows(space, *table, path, "");
  ASSERT_TRUE(static_cast<bool>(rows)) << llvm::toString(rows.takeError());
  ASSERT_EQ(rows->genomes.size(), expectedRows);
  int macsColumn = table->column("macs");
  int paramsColumn = table->column("params");
  ASSERT_GE(macsColumn, 0);
  ASSERT_GE(paramsColumn, 0);
  size_t mismatches = 0;
  for (size_t i = 0; i < rows->genomes.size(); ++i) {
    SubNetwork net = space.decode(rows->genomes[i]);
    int64_t macs = std::stoll(table->rows[i][macsColumn]);
    int64_t params = std::stoll(table->rows[i][paramsColumn]);
    if (net.macs != macs || net.params != params) {
      if (++mismatches <= 5)
        ADD_FAILURE() << path << ":" << rows->lines[i] << ": generated "
                      << net.macs << " MACs / " << net.params
                      << " params, measured " << macs << " / " << params;
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(OfaMbv3Space, EveryBundledMeasuredNetworkMacsAndParams) {
  checkMeasuredFile(testSourcePath("data/ofa_mbv3_w10_imagenet.csv"), 2162);
}

// The raw per-row file is reference data beside the checkout, not bundled.
TEST(OfaMbv3Space, EveryRawMeasuredRowMacsAndParams) {
  std::string dir = sharedDataDir("ofa_mbv3_w10_rows_raw.csv");
  if (dir.empty())
    skipOrFailWithoutSharedData();
  checkMeasuredFile(dir + "/ofa_mbv3_w10_rows_raw.csv", 2373);
}

TEST(OfaMbv3Space, CanonicalFormIgnoresInactiveGenes) {
  OfaMbv3Space space;
  evo::Rng rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<int> a = space.sample(rng);
    std::vector<int> b = a;
    // Perturb every inactive gene.
    for (int p = 0; p < space.genomeLength(); ++p)
      if (!space.isActive(a, p))
        b[p] = (b[p] + 1 + trial % 2) % 3;
    EXPECT_EQ(space.canonicalize(a), space.canonicalize(b));
    std::vector<double> fa(135), fb(135);
    space.oneHot(a, fa);
    space.oneHot(b, fb);
    EXPECT_EQ(fa, fb);
    EXPECT_EQ(space.decode(a).macs, space.decode(b).macs);
    // One-hot: one bit per active gene.
    int active = 0;
    for (int p = 0; p < space.genomeLength(); ++p)
      active += space.isActive(a, p);
    double ones = 0;
    for (double v : fa)
      ones += v;
    EXPECT_EQ(ones, active);
  }
  // d = 2 everywhere: slots 2 and 3 of each stage are inactive.
  std::vector<int> g = uniformGenome(space, 1);
  for (int s = 0; s < 5; ++s)
    g[40 + s] = 0;
  std::vector<int> c = space.canonicalize(g);
  EXPECT_EQ(c[0], 1);
  EXPECT_EQ(c[1], 1);
  EXPECT_EQ(c[2], 0);
  EXPECT_EQ(c[3], 0);
  EXPECT_EQ(c[22], 0);
  EXPECT_EQ(c[21], 1);
}

TEST(SearchSpace, ValidateNamesTheGene) {
  OfaMbv3Space space;
  std::vector<int> genome(44, 0);
  EXPECT_EQ(llvm::toString(space.validate(genome)),
            "ofa_mbv3 genome: expected 45 genes, found 44");
  genome.assign(45, 0);
  genome[23] = 3;
  EXPECT_EQ(llvm::toString(space.validate(genome)),
            "ofa_mbv3 genome: gene e[3]: expected an index in [0, 2], found 3");
  genome[23] = -1;
  EXPECT_FALSE(static_cast<bool>(space.build(genome)) ? true : false);
  genome[23] = 0;
  EXPECT_TRUE(static_cast<bool>(space.build(genome)));
}

TEST(SearchSpace, SampleIsDeterministic) {
  for (const std::string &name : searchSpaceNames()) {
    auto space = createSearchSpace(name);
    ASSERT_TRUE(static_cast<bool>(space));
    evo::Rng a(123), b(123);
    for (int i = 0; i < 20; ++i) {
      std::vector<int> genome = (*space)->sample(a);
      EXPECT_EQ(genome, (*space)->sample(b));
      EXPECT_FALSE(static_cast<bool>((*space)->validate(genome)) ? true
                                                                 : false);
    }
  }
  auto unknown = createSearchSpace("ofa_mbv4");
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_EQ(llvm::toString(unknown.takeError()),
            "unknown search space 'ofa_mbv4'; expected one of: ofa_mbv3, "
            "ofa_mbv3_r, ofa_resnet50, vit_b16");
}

//===--- OFA-ResNet50 --------------------------------------------------===//

TEST(OfaResNet50Space, Genes) {
  OfaResNet50Space space;
  EXPECT_EQ(space.genomeLength(), 29);
  EXPECT_EQ(space.oneHotSize(), 87);
}

TEST(OfaResNet50Space, SanityNumbers) {
  // r = 224, GMACs to two decimals: the largest and smallest nets, and
  // ResNet-50-D.
  OfaResNet50Space space;
  SubNetwork largest = space.decode(uniformGenome(space, 2));
  EXPECT_DOUBLE_EQ(millions(largest.macs, -1) / 1000.0, 7.49);
  SubNetwork smallest = space.decode(uniformGenome(space, 0));
  EXPECT_DOUBLE_EQ(std::round(smallest.macs / 1e7) / 100.0, 0.96);

  // ResNet-50-D: depths [3,4,6,3] = base + [1,2,2,1], e = 0.25, w = 1.0,
  // deep stem (d[0] = 2).
  std::vector<int> d50 = uniformGenome(space, 1);
  d50[0] = 2;
  d50[1] = 1, d50[2] = 2, d50[3] = 2, d50[4] = 1;
  for (int i = 23; i < 29; ++i)
    d50[i] = 2;
  SubNetwork resnet50d = space.decode(d50);
  EXPECT_DOUBLE_EQ(std::round(resnet50d.macs / 1e7) / 100.0, 4.33);
  // torchvision resnet50 has 25,557,032 parameters; the D variant swaps
  // the 7x7 stem (3*64*49 + 128 = 9,536) for 3x3 convs 3->32->32->64
  // (864+64 + 9,216+64 + 18,432+128 = 28,768) and keeps every other
  // parameter (the average pool of the downsample has none).
  EXPECT_EQ(resnet50d.params, 25557032 - 9536 + 28768);
}

TEST(OfaResNet50Space, CanonicalStemSkip) {
  OfaResNet50Space space;
  std::vector<int> a = uniformGenome(space, 1), b = a;
  a[0] = 0;
  b[0] = 1;
  EXPECT_EQ(space.canonicalize(a), space.canonicalize(b));
  EXPECT_EQ(space.decode(a).macs, space.decode(b).macs);
  EXPECT_EQ(space.decode(a).params, space.decode(b).params);
  // Stage 0 with d[1] = 0 keeps 2 of its 4 slots.
  std::vector<int> c = uniformGenome(space, 2);
  c[1] = 0;
  EXPECT_TRUE(space.isActive(c, 5 + 1));
  EXPECT_FALSE(space.isActive(c, 5 + 2));
  EXPECT_FALSE(space.isActive(c, 5 + 3));
  EXPECT_TRUE(space.isActive(c, 5 + 4));
}

//===--- ViT-B/16 ------------------------------------------------------===//

TEST(VitSpace, FullNetworkIsTorchvisionVitB16) {
  VitSpace space;
  EXPECT_EQ(space.genomeLength(), 25);
  SubNetwork full =
      space.decode(uniformGenome(space, 0).size()
                       ? std::vector<int>{2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
                                          2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
                       : std::vector<int>{});
  // torchvision vit_b_16: 86,567,656 parameters, 17.56 GFLOPS (MACs).
  EXPECT_EQ(full.params, 86567656);
  EXPECT_DOUBLE_EQ(std::round(full.macs / 1e7) / 100.0, 17.56);
  // By hand: patch conv 196*768*768; per layer QKV 197*768*2304,
  // QK^T and AV 12*197*197*64 each, out-proj 197*768*768, MLP
  // 2*197*768*3072; head 768*1000.
  int64_t perLayer = 197LL * 768 * 2304 + 2 * 12LL * 197 * 197 * 64 +
                     197LL * 768 * 768 + 2 * 197LL * 768 * 3072;
  EXPECT_EQ(full.macs, 196LL * 768 * 768 + 12 * perLayer + 768 * 1000);
}

TEST(VitSpace, ElasticLayerCounts) {
  VitSpace space;
  // 10 layers of 6 heads and MLP 1024.
  SubNetwork small = space.decode(uniformGenome(space, 0));
  int64_t width = 6 * 64, mlp = 1024;
  int64_t perLayerMacs = 197 * 768 * 3 * width + 2 * 6 * 197 * 197 * 64 +
                         197 * width * 768 + 2 * 197 * 768 * mlp;
  EXPECT_EQ(small.macs, 196LL * 768 * 768 + 10 * perLayerMacs + 768 * 1000);
  int64_t perLayerParams = 2 * 768 + (768 * 3 * width + 3 * width) +
                           (width * 768 + 768) + 2 * 768 + (768 * mlp + mlp) +
                           (mlp * 768 + 768);
  int64_t fixed =
      768 * 3 * 256 + 768 + 768 + 197 * 768 + 2 * 768 + 768 * 1000 + 1000;
  EXPECT_EQ(small.params, fixed + 10 * perLayerParams);
  int batchMatmuls = 0;
  for (const Layer &layer : small.workload.layers)
    if (layer.kind == LayerKind::BatchMatmul) {
      ++batchMatmuls;
      EXPECT_EQ(layer.batch, 6);
      EXPECT_EQ(layer.weightElements(), 0);
    }
  EXPECT_EQ(batchMatmuls, 20);
}

//===--- Every space: shapes chain --------------------------------------===//

static void checkChain(const SearchSpace &space, llvm::ArrayRef<int> genome) {
  SubNetwork net = space.decode(genome);
  const std::vector<Layer> &layers = net.workload.layers;
  ASSERT_EQ(net.layerParams.size(), layers.size());
  int64_t macs = 0, params = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer &layer = layers[i];
    SCOPED_TRACE(space.name().str() + " layer " + layer.name);
    ASSERT_FALSE(layer.operands.empty());
    int producer = layer.operands[0];
    ASSERT_LT(producer, static_cast<int>(i));
    if (producer < 0) {
      EXPECT_EQ(layer.inChannels, 3);
      EXPECT_EQ(layer.in_h, net.resolution);
      EXPECT_EQ(layer.in_w, net.resolution);
    } else {
      const Layer &p = layers[producer];
      EXPECT_EQ(layer.inChannels, p.outChannels);
      EXPECT_EQ(layer.in_h, p.out_h);
      EXPECT_EQ(layer.in_w, p.out_w);
      if (layer.kind != LayerKind::Vector) {
        EXPECT_EQ(layer.images, p.images);
      }
    }
    for (size_t o = 1; o < layer.operands.size(); ++o) {
      int other = layer.operands[o];
      ASSERT_GE(other, 0);
      ASSERT_LT(other, static_cast<int>(i));
      const Layer &q = layers[other];
      if (layer.kind == LayerKind::Vector) {
        // Same shape (residual add) or per-channel broadcast (SE scale).
        EXPECT_EQ(q.outChannels, layer.outChannels);
        bool broadcast = q.out_h == 1 && q.out_w == 1;
        EXPECT_TRUE(broadcast ||
                    (q.out_h == layer.out_h && q.out_w == layer.out_w));
        EXPECT_EQ(layer.secondInputElements, q.outputElements());
      } else {
        EXPECT_EQ(q.images, layer.images);
      }
    }
    switch (layer.kind) {
    case LayerKind::Conv:
      EXPECT_EQ(layer.m, layer.images * layer.out_h * layer.out_w);
      EXPECT_EQ(layer.k, layer.inChannels / layer.groups * layer.kernelH *
                             layer.kernel_w);
      EXPECT_EQ(layer.n * layer.groups, layer.outChannels);
      EXPECT_EQ(layer.out_h,
                (layer.in_h + layer.padTop + layer.pad_bottom - layer.kernelH) /
                        layer.strideH +
                    1);
      break;
    case LayerKind::Matmul:
      EXPECT_EQ(layer.m, layer.images);
      EXPECT_EQ(layer.k, layer.inChannels * layer.in_h * layer.in_w);
      EXPECT_EQ(layer.n, layer.outChannels);
      break;
    case LayerKind::BatchMatmul:
      EXPECT_EQ(layer.m, layer.images);
      EXPECT_EQ(layer.batch * layer.n, layer.outChannels);
      break;
    case LayerKind::Vector:
      EXPECT_FALSE(layer.vectorWork.empty());
      break;
    }
    if (layer.isGemm()) {
      ASSERT_FALSE(layer.vectorWork.empty());
      EXPECT_EQ(layer.vectorWork.back().op, VectorOp::Requantize);
      for (const VectorWork &work : layer.vectorWork)
        EXPECT_EQ(work.elements, layer.outputElements());
    }
    macs += layer.macs();
    params += net.layerParams[i];
  }
  EXPECT_EQ(macs, net.macs);
  EXPECT_EQ(params, net.params);
  const Layer &last = layers.back();
  EXPECT_EQ(last.outChannels, 1000);
  EXPECT_EQ(last.images, 1);
}

TEST(SearchSpace, ShapesChainForRandomGenomes) {
  for (const std::string &name : searchSpaceNames()) {
    auto space = createSearchSpace(name);
    ASSERT_TRUE(static_cast<bool>(space));
    evo::Rng rng(2024);
    for (int trial = 0; trial < 50; ++trial)
      checkChain(**space, (*space)->sample(rng));
    checkChain(**space, uniformGenome(**space, 0));
  }
}
