//===- OfaMbv3Space.cpp - OFA-MobileNetV3 w1.0 layer generator ------------===//

#include "cim/Supernet/OfaMbv3Space.h"
#include "SubNetworkBuilder.h"
#include "cim/Support/Error.h"

using namespace cim;
using detail::SubNetworkBuilder;

namespace {
// w1.0 widths (make_divisible of the base widths at multiplier 1.0).
constexpr int64_t kStemWidth = 16;
constexpr int64_t kFirstBlockWidth = 16;
constexpr int64_t kStageWidth[OfaMbv3Space::kStages] = {24, 40, 80, 112, 160};
constexpr int64_t kFinalExpandWidth = 960;
constexpr int64_t kFeatureMixWidth = 1280;
constexpr int64_t kClasses = 1000;
constexpr int64_t kStageStride[OfaMbv3Space::kStages] = {2, 2, 2, 1, 2};
constexpr bool kStageHardSwish[OfaMbv3Space::kStages] = {false, false, true,
                                                         true, true};
constexpr bool kStageSe[OfaMbv3Space::kStages] = {false, true, false, true,
                                                  true};
const char *const kStageName[OfaMbv3Space::kStages] = {"s0", "s1", "s2", "s3",
                                                       "s4"};
const char *const kBlockName[OfaMbv3Space::kSlotsPerStage] = {".b0", ".b1",
                                                              ".b2", ".b3"};
} // namespace

OfaMbv3Space::OfaMbv3Space(bool searchResolution)
    : searchResolution(searchResolution) {
  addGroup("ks", kBlocks, {3, 5, 7});
  addGroup("e", kBlocks, {3, 4, 6});
  addGroup("d", kStages, {2, 3, 4});
  if (searchResolution) {
    std::vector<double> sizes;
    for (int r = 128; r <= 224; r += 4)
      sizes.push_back(r);
    addGroup("r", 1, std::move(sizes));
  }
}

llvm::StringRef OfaMbv3Space::description() const {
  return searchResolution
             ? "OFA-MobileNetV3 w1.0 (ofa_mbv3_d234_e346_k357_w1.0) with the "
               "resolution gene r in {128..224 step 4}"
             : "OFA-MobileNetV3 w1.0 (ofa_mbv3_d234_e346_k357_w1.0) at 224 px";
}

bool OfaMbv3Space::isActive(llvm::ArrayRef<int> genome, int position) const {
  if (position >= 2 * kBlocks)
    return true; // d and r
  int slot = position % kBlocks;
  int stage = slot / kSlotsPerStage;
  int depth = 2 + genome[2 * kBlocks + stage];
  return slot % kSlotsPerStage < depth;
}

int OfaMbv3Space::resolution(llvm::ArrayRef<int> genome) const {
  if (!searchResolution)
    return kDefaultResolution;
  return 128 + 4 * genome[2 * kBlocks + kStages];
}

llvm::Expected<std::vector<int>>
OfaMbv3Space::genomeFromValues(llvm::ArrayRef<int> ks, llvm::ArrayRef<int> e,
                               llvm::ArrayRef<int> d, int resolution) const {
  if (ks.size() != kBlocks || e.size() != kBlocks || d.size() != kStages)
    return cim::makeError(
        "ofa_mbv3: expected 20 ks, 20 e and 5 d values, found %zu, %zu, %zu",
        ks.size(), e.size(), d.size());
  std::vector<int> genome(genomeLength(), 0);
  const GeneGroup &dGroup = geneGroups()[2];
  for (int s = 0; s < kStages; ++s) {
    int index = indexOfValue(dGroup, d[s]);
    if (index < 0)
      return cim::makeError("ofa_mbv3: d[%d]: expected 2, 3 or 4, "
                            "found %d",
                            s, d[s]);
    genome[2 * kBlocks + s] = index;
  }
  for (int g = 0; g < 2; ++g) {
    const GeneGroup &group = geneGroups()[g];
    llvm::ArrayRef<int> values = g == 0 ? ks : e;
    for (int slot = 0; slot < kBlocks; ++slot) {
      if (!isActive(genome, group.offset + slot))
        continue;
      int index = indexOfValue(group, values[slot]);
      if (index < 0)
        return cim::makeError(
            "ofa_mbv3: %s[%d]: value %d is not one of the gene's values",
            group.name.c_str(), slot, values[slot]);
      genome[group.offset + slot] = index;
    }
  }
  if (searchResolution) {
    int index = indexOfValue(geneGroups()[3], resolution);
    if (index < 0)
      return cim::makeError("ofa_mbv3_r: r: expected 128..224 in "
                            "steps of 4, found %d",
                            resolution);
    genome[2 * kBlocks + kStages] = index;
  } else if (resolution != kDefaultResolution) {
    return cim::makeError("ofa_mbv3: resolution: expected 224 (use "
                          "ofa_mbv3_r to vary it), found %d",
                          resolution);
  }
  return genome;
}

SubNetwork OfaMbv3Space::decode(llvm::ArrayRef<int> genome) const {
  static const int kKernel[] = {3, 5, 7};
  static const int kExpand[] = {3, 4, 6};
  SubNetwork net;
  net.resolution = resolution(genome);
  net.workload.name = name().str();
  int maxLayers = 6 + kBlocks * 7;
  SubNetworkBuilder b(net, maxLayers);
  const VectorOp relu = VectorOp::Relu, hswish = VectorOp::HardSwish;

  TensorRef x = b.input(3, net.resolution, net.resolution);
  x = b.conv("first_conv", x, kStemWidth, 3, 2, 1, 1, false, true, hswish);
  // The fixed first block: depthwise 3x3 + 1x1 projection, identity skip.
  TensorRef blockIn = x;
  x = b.conv("b0.dw", x, kStemWidth, 3, 1, kStemWidth, 1, false, true, relu);
  x = b.conv("b0.pw", x, kFirstBlockWidth, 1, 1, 1, 0, false, true,
             std::nullopt);
  x = b.vector("b0.add", VectorOp::Add, x, x, x.elements(), &blockIn);

  for (int s = 0; s < kStages; ++s) {
    int depth = 2 + genome[2 * kBlocks + s];
    VectorOp act = kStageHardSwish[s] ? hswish : relu;
    for (int i = 0; i < depth; ++i) {
      int slot = s * kSlotsPerStage + i;
      int64_t kernel = kKernel[genome[slot]];
      int64_t cin = x.channels, cout = kStageWidth[s];
      int64_t stride = i == 0 ? kStageStride[s] : 1;
      int64_t mid = makeDivisible(
          static_cast<double>(cin * kExpand[genome[kBlocks + slot]]));
      std::string prefix = std::string(kStageName[s]) + kBlockName[i];
      blockIn = x;
      x = b.conv(prefix + ".expand", x, mid, 1, 1, 1, 0, false, true, act);
      x = b.conv(prefix + ".dw", x, mid, kernel, stride, mid, kernel / 2, false,
                 true, act);
      if (kStageSe[s]) {
        int64_t squeeze = makeDivisible(static_cast<double>(mid / 4));
        TensorRef features = x;
        TensorRef pooled =
            b.vector(prefix + ".se_pool", VectorOp::GlobalAvgPool, x,
                     TensorShape{x.images, mid, 1, 1}, x.elements());
        TensorRef reduced = b.conv(prefix + ".se_reduce", pooled, squeeze, 1, 1,
                                   1, 0, true, false, relu);
        TensorRef scale = b.conv(prefix + ".se_expand", reduced, mid, 1, 1, 1,
                                 0, true, false, VectorOp::HardSigmoid);
        x = b.vector(prefix + ".se_mul", VectorOp::Mul, features, features,
                     features.elements(), &scale);
      }
      x = b.conv(prefix + ".project", x, cout, 1, 1, 1, 0, false, true,
                 std::nullopt);
      if (stride == 1 && cin == cout)
        x = b.vector(prefix + ".add", VectorOp::Add, x, x, x.elements(),
                     &blockIn);
    }
  }
  x = b.conv("final_expand", x, kFinalExpandWidth, 1, 1, 1, 0, false, true,
             hswish);
  x = b.vector("gap", VectorOp::GlobalAvgPool, x,
               TensorShape{x.images, x.channels, 1, 1}, x.elements());
  x = b.conv("feature_mix", x, kFeatureMixWidth, 1, 1, 1, 0, false, false,
             hswish);
  b.matmul("classifier", x, kClasses, true, std::nullopt);
  return net;
}
