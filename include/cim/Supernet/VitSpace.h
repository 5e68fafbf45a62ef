//===- VitSpace.h - ViT-B/16 elastic search space ------------- -*- C++ -*-===//
//
// DyNAS-T `vit_base_imagenet`: num_layers in {10,11,12},
// num_attention_heads[12] in {6,8,10,12} and vit_intermediate_sizes[12] in
// {1024,2048,3072}, one per layer slot (slots >= num_layers inactive).
// torchvision vit_b_16 geometry: 224 px, 16 px patches, 197 tokens, hidden
// 768, head dimension 64. With 12 layers, 12 heads and MLP 3072 it is exactly
// vit_b_16 (86,567,656 parameters; 17.56 GMACs of conv + linear + matmul).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPERNET_VITSPACE_H
#define CIM_SUPERNET_VITSPACE_H

#include "cim/Supernet/SearchSpace.h"

namespace cim {

class VitSpace : public SearchSpace {
public:
  static constexpr int kMaxLayers = 12;
  static constexpr int64_t kHidden = 768;
  static constexpr int64_t kHeadDim = 64;
  static constexpr int64_t kPatch = 16;
  static constexpr int kResolution = 224;
  static constexpr int64_t kTokens = (224 / 16) * (224 / 16) + 1;

  VitSpace();

  llvm::StringRef name() const override { return "vit_b16"; }
  llvm::StringRef description() const override;
  bool isActive(llvm::ArrayRef<int> genome, int position) const override;
  int resolution(llvm::ArrayRef<int>) const override { return kResolution; }
  SubNetwork decode(llvm::ArrayRef<int> genome) const override;
};

} // namespace cim

#endif // CIM_SUPERNET_VITSPACE_H
