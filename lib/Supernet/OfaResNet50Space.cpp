//===- OfaResNet50Space.cpp - OFA-ResNet50 layer generator ----------------===//
//
// Follows once-for-all ofa_resnets.py (OFAResNets.get_active_subnet) and
// utils/layers.py (ResNetBottleneckBlock, downsample_mode "avgpool_conv").
//
//===----------------------------------------------------------------------===//

#include "cim/Supernet/OfaResNet50Space.h"
#include "SubNetworkBuilder.h"

#include <cmath>

using namespace cim;
using detail::SubNetworkBuilder;

namespace {
constexpr int kBaseDepth[OfaResNet50Space::kStages] = {2, 2, 4, 2};
constexpr int kSlotOffset[OfaResNet50Space::kStages] = {0, 4, 8, 14};
constexpr int64_t kStageBaseWidth[OfaResNet50Space::kStages] = {256, 512, 1024,
                                                                2048};
constexpr int64_t kStageStride[OfaResNet50Space::kStages] = {1, 2, 2, 2};
constexpr double kWidthMult[] = {0.65, 0.8, 1.0};
constexpr double kExpand[] = {0.2, 0.25, 0.35};
constexpr int kDOffset = 0, kEOffset = 5, kWOffset = 23;
constexpr int64_t kClasses = 1000;
} // namespace

OfaResNet50Space::OfaResNet50Space() {
  addGroup("d", 5, {0, 1, 2});
  addGroup("e", kSlots, {0.2, 0.25, 0.35});
  addGroup("w", 6, {0, 1, 2});
}

llvm::StringRef OfaResNet50Space::description() const {
  return "OFA-ResNet50 (ResNet50D, ofa_resnet50) at 224 px: depth, bottleneck "
         "expand ratio and width multiplier";
}

static int stageOfSlot(int slot) {
  int stage = 0;
  while (stage + 1 < OfaResNet50Space::kStages &&
         slot >= kSlotOffset[stage + 1])
    ++stage;
  return stage;
}

bool OfaResNet50Space::isActive(llvm::ArrayRef<int> genome,
                                int position) const {
  if (position < kEOffset || position >= kWOffset)
    return true;
  int slot = position - kEOffset;
  int stage = stageOfSlot(slot);
  return slot - kSlotOffset[stage] <
         kBaseDepth[stage] + genome[kDOffset + 1 + stage];
}

std::vector<int>
OfaResNet50Space::canonicalize(llvm::ArrayRef<int> genome) const {
  std::vector<int> canonical = SearchSpace::canonicalize(genome);
  if (canonical[kDOffset] == 1)
    canonical[kDOffset] = 0;
  return canonical;
}

SubNetwork OfaResNet50Space::decode(llvm::ArrayRef<int> genome) const {
  SubNetwork net;
  net.resolution = kResolution;
  net.workload.name = name().str();
  SubNetworkBuilder b(net, 8 + kSlots * 7);
  const VectorOp relu = VectorOp::Relu;
  auto width = [&](int wGene, int64_t base) {
    return makeDivisible(base * kWidthMult[genome[kWOffset + wGene]]);
  };
  int64_t stemMid = makeDivisible(static_cast<double>(width(0, 64) / 2));
  int64_t stemOut = width(1, 64);

  TensorRef x = b.input(3, kResolution, kResolution);
  x = b.conv("stem.conv0", x, stemMid, 3, 2, 1, 1, false, true, relu);
  if (genome[kDOffset] == 2) {
    TensorRef skip = x;
    x = b.conv("stem.conv1", x, stemMid, 3, 1, 1, 1, false, true, relu);
    x = b.vector("stem.add", VectorOp::Add, x, x, x.elements(), &skip);
  }
  x = b.conv("stem.conv2", x, stemOut, 3, 1, 1, 1, false, true, relu);
  x = b.pool("stem.maxpool", VectorOp::MaxPool, x,
             SquareWindow::symmetric(3, 2, 1));

  for (int s = 0; s < kStages; ++s) {
    int64_t cout = width(2 + s, kStageBaseWidth[s]);
    int depth = kBaseDepth[s] + genome[kDOffset + 1 + s];
    for (int i = 0; i < depth; ++i) {
      int slot = kSlotOffset[s] + i;
      int64_t stride = i == 0 ? kStageStride[s] : 1;
      int64_t cin = x.channels;
      // Python's round() is round-half-even, as is nearbyint by default.
      int64_t mid = makeDivisible(std::nearbyint(
          static_cast<double>(cout) * kExpand[genome[kEOffset + slot]]));
      std::string prefix = "s" + std::to_string(s) + ".b" + std::to_string(i);
      TensorRef blockIn = x;
      x = b.conv(prefix + ".conv1", x, mid, 1, 1, 1, 0, false, true, relu);
      x = b.conv(prefix + ".conv2", x, mid, 3, stride, 1, 1, false, true, relu);
      x = b.conv(prefix + ".conv3", x, cout, 1, 1, 1, 0, false, true,
                 std::nullopt);
      TensorRef shortcut = blockIn;
      if (stride != 1 || cin != cout) {
        if (stride != 1) {
          // AvgPool(kernel = stride, ceil_mode): the last window may hang
          // over the bottom/right edge.
          int64_t outH = (blockIn.h + stride - 1) / stride;
          int64_t padEnd = (outH - 1) * stride + stride - blockIn.h;
          shortcut = b.pool(prefix + ".down_pool", VectorOp::AvgPool, shortcut,
                            SquareWindow{stride, stride, 0, padEnd});
        }
        shortcut = b.conv(prefix + ".down_conv", shortcut, cout, 1, 1, 1, 0,
                          false, true, std::nullopt);
      }
      x = b.vector(prefix + ".add", VectorOp::Add, x, x, x.elements(),
                   &shortcut);
      b.fuseIntoLast(relu);
    }
  }
  x = b.vector("gap", VectorOp::GlobalAvgPool, x,
               TensorShape{x.images, x.channels, 1, 1}, x.elements());
  b.matmul("classifier", x, kClasses, true, std::nullopt);
  return net;
}
