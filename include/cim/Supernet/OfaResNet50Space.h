//===- OfaResNet50Space.h - OFA-ResNet50 space ---------------- -*- C++ -*-===//
//
// DyNAS-T `ofa_resnet50`: d[5] in {0,1,2} (d[0]: the stem's middle conv is
// kept iff d[0] == 2; d[1..4]: extra blocks on top of [2,2,4,2]),
// e[18] in {0.2,0.25,0.35} (bottleneck ratio per block slot; stage slots
// 0-3 | 4-7 | 8-13 | 14-17), w[6] in {0,1,2} (width multiplier index ->
// 0.65 / 0.8 / 1.0 for stem mid, stem out and the four stages). 224 px.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPERNET_OFARESNET50SPACE_H
#define CIM_SUPERNET_OFARESNET50SPACE_H

#include "cim/Supernet/SearchSpace.h"

namespace cim {

class OfaResNet50Space : public SearchSpace {
public:
  static constexpr int kStages = 4;
  static constexpr int kSlots = 18;
  static constexpr int kResolution = 224;

  OfaResNet50Space();

  llvm::StringRef name() const override { return "ofa_resnet50"; }
  llvm::StringRef description() const override;
  bool isActive(llvm::ArrayRef<int> genome, int position) const override;
  /// Also maps d[0] = 1 to 0: both skip the stem's middle conv.
  std::vector<int> canonicalize(llvm::ArrayRef<int> genome) const override;
  int resolution(llvm::ArrayRef<int>) const override { return kResolution; }
  SubNetwork decode(llvm::ArrayRef<int> genome) const override;
};

} // namespace cim

#endif // CIM_SUPERNET_OFARESNET50SPACE_H
