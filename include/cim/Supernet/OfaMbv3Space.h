//===- OfaMbv3Space.h - OFA-MobileNetV3 w1.0 space ------------ -*- C++ -*-===//
//
// ofa_mbv3_d234_e346_k357_w1.0: ks[20] in {3,5,7}, e[20] in {3,4,6},
// d[5] in {2,3,4}; optionally r in {128,132,...,224} (otherwise 224).
// Stage s owns block slots 4s..4s+3; slots at or beyond d[s] are inactive.
// The generator follows once-for-all's OFAMobileNetV3 (docs/search-spaces.md)
// and reproduces the measured data's MACs and parameters exactly.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPERNET_OFAMBV3SPACE_H
#define CIM_SUPERNET_OFAMBV3SPACE_H

#include "cim/Supernet/SearchSpace.h"

namespace cim {

class OfaMbv3Space : public SearchSpace {
public:
  static constexpr int kStages = 5;
  static constexpr int kSlotsPerStage = 4;
  static constexpr int kBlocks = kStages * kSlotsPerStage;
  static constexpr int kDefaultResolution = 224;

  explicit OfaMbv3Space(bool searchResolution = false);

  llvm::StringRef name() const override {
    return searchResolution ? "ofa_mbv3_r" : "ofa_mbv3";
  }
  llvm::StringRef description() const override;
  bool isActive(llvm::ArrayRef<int> genome, int position) const override;
  int resolution(llvm::ArrayRef<int> genome) const override;
  SubNetwork decode(llvm::ArrayRef<int> genome) const override;

  bool hasResolutionGene() const { return searchResolution; }

  /// Genome from values: ks/e per block slot (inactive ones ignored), d per
  /// stage, resolution (must be 224 without the resolution gene).
  llvm::Expected<std::vector<int>> genomeFromValues(llvm::ArrayRef<int> ks,
                                                    llvm::ArrayRef<int> e,
                                                    llvm::ArrayRef<int> d,
                                                    int resolution = 224) const;

private:
  bool searchResolution;
};

} // namespace cim

#endif // CIM_SUPERNET_OFAMBV3SPACE_H
