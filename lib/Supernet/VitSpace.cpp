//===- VitSpace.cpp - ViT-B/16 elastic layer generator --------------------===//
//
// Per encoder layer (torchvision EncoderBlock, pre-norm): LN -> QKV (one
// 768 x 3*64h matmul) -> Q*K^T (batch = heads; the 1/sqrt(64) scale folds
// into the Q weights) -> softmax -> A*V -> out-projection -> residual add ->
// LN -> MLP fc1 + GELU -> fc2 -> residual add.
//
//===----------------------------------------------------------------------===//

#include "cim/Supernet/VitSpace.h"
#include "SubNetworkBuilder.h"

using namespace cim;
using detail::SubNetworkBuilder;

namespace {
constexpr int kLayersGene = 0;
constexpr int kHeadsOffset = 1;
constexpr int kMlpOffset = 1 + VitSpace::kMaxLayers;
constexpr int64_t kClasses = 1000;
constexpr int64_t kHeads[] = {6, 8, 10, 12};
constexpr int64_t kMlp[] = {1024, 2048, 3072};
} // namespace

VitSpace::VitSpace() {
  addGroup("num_layers", 1, {10, 11, 12});
  addGroup("num_attention_heads", kMaxLayers, {6, 8, 10, 12});
  addGroup("vit_intermediate_sizes", kMaxLayers, {1024, 2048, 3072});
}

llvm::StringRef VitSpace::description() const {
  return "ViT-B/16 elastic (DyNAS-T vit_base_imagenet): layers, heads and MLP "
         "width per layer; hidden 768, 197 tokens";
}

bool VitSpace::isActive(llvm::ArrayRef<int> genome, int position) const {
  if (position == kLayersGene)
    return true;
  int slot = (position - kHeadsOffset) % kMaxLayers;
  return slot < 10 + genome[kLayersGene];
}

SubNetwork VitSpace::decode(llvm::ArrayRef<int> genome) const {
  SubNetwork net;
  net.resolution = kResolution;
  net.workload.name = name().str();
  int layers = 10 + genome[kLayersGene];
  SubNetworkBuilder b(net, 4 + 13 * layers);
  const int64_t T = kTokens, D = kHidden;
  const int64_t lnParams = 2 * D;

  TensorRef x = b.input(3, kResolution, kResolution);
  x = b.conv("patch_embed", x, D, kPatch, kPatch, 1, 0, true, false,
             std::nullopt);
  // Flatten the 14x14 grid to tokens, prepend the class token and add the
  // position embedding (the class token and embedding are its parameters).
  x = b.vector("pos_embed", VectorOp::Add, x, TensorShape{T, D, 1, 1}, T * D,
               nullptr, D + T * D);
  for (int l = 0; l < layers; ++l) {
    int64_t h = kHeads[genome[kHeadsOffset + l]];
    int64_t mlp = kMlp[genome[kMlpOffset + l]];
    int64_t width = h * kHeadDim;
    std::string prefix = "l" + std::to_string(l);
    TensorRef layerIn = x;
    x = b.vector(prefix + ".ln1", VectorOp::LayerNorm, x, x, T * D, nullptr,
                 lnParams);
    TensorRef qkv = b.matmul(prefix + ".qkv", x, 3 * width, true, std::nullopt);
    TensorRef scores =
        b.batchMatmul(prefix + ".qk", qkv, qkv, h, T, kHeadDim, T);
    TensorRef probs = b.vector(prefix + ".softmax", VectorOp::Softmax, scores,
                               scores, scores.elements());
    x = b.batchMatmul(prefix + ".av", probs, qkv, h, T, T, kHeadDim);
    x = b.matmul(prefix + ".out_proj", x, D, true, std::nullopt);
    x = b.vector(prefix + ".add1", VectorOp::Add, x, x, T * D, &layerIn);
    TensorRef mid = x;
    x = b.vector(prefix + ".ln2", VectorOp::LayerNorm, x, x, T * D, nullptr,
                 lnParams);
    x = b.matmul(prefix + ".fc1", x, mlp, true, VectorOp::Gelu);
    x = b.matmul(prefix + ".fc2", x, D, true, std::nullopt);
    x = b.vector(prefix + ".add2", VectorOp::Add, x, x, T * D, &mid);
  }
  x = b.vector("ln_final", VectorOp::LayerNorm, x, x, T * D, nullptr, lnParams);
  x = b.vector("class_token", VectorOp::Copy, x, TensorShape{1, D, 1, 1}, D);
  b.matmul("head", x, kClasses, true, std::nullopt);
  return net;
}
