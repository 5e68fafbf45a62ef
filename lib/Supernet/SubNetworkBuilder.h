//===- SubNetworkBuilder.h - Layers of a supernet's sub-network -*- C++ -*-===//
//
// Private to the supernet spaces: cim::LayerBuilder plus what the measured
// data's convention adds, the MACs and trainable parameters of each layer.
//
// Inference form of a conv with BatchNorm: BN folds into the weights and a
// per-channel bias, so its fused vector work is `bias` (not `batch_norm`),
// then the activation, then `requantize` of the accumulator to activation
// precision. Parameter counts still include BN gamma/beta (the training-time
// network, as the measured data counts them).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_SUPERNET_SUBNETWORKBUILDER_H
#define CIM_LIB_SUPERNET_SUBNETWORKBUILDER_H

#include "cim/CostModel/LayerBuilder.h"
#include "cim/Supernet/SearchSpace.h"

#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace cim {
namespace detail {

class SubNetworkBuilder {
public:
  SubNetworkBuilder(SubNetwork &net, size_t expectedLayers)
      : net(net), layers(net.workload) {
    net.workload.layers.reserve(expectedLayers);
    net.layerParams.reserve(expectedLayers);
  }

  static TensorRef input(int64_t channels, int64_t h, int64_t w) {
    return LayerBuilder::input(channels, h, w);
  }

  /// Square conv, symmetric padding `pad` (OFA "same": kernel / 2).
  TensorRef conv(std::string name, const TensorRef &in, int64_t outChannels,
                 int64_t kernel, int64_t stride, int64_t groups, int64_t pad,
                 bool bias, bool batchNorm, std::optional<VectorOp> act) {
    int64_t params = outChannels * (in.channels / groups) * kernel * kernel;
    if (bias)
      params += outChannels;
    if (batchNorm)
      params += 2 * outChannels;
    return book(layers.conv(std::move(name), in, outChannels,
                            SquareWindow::symmetric(kernel, stride, pad),
                            groups, epilogue(bias || batchNorm, act)),
                params);
  }

  /// Dense layer on `in.images` tokens of `in.channels` features.
  TensorRef matmul(std::string name, const TensorRef &in, int64_t outFeatures,
                   bool bias, std::optional<VectorOp> act) {
    int64_t params =
        in.channels * in.h * in.w * outFeatures + (bias ? outFeatures : 0);
    return book(
        layers.matmul(std::move(name), in, outFeatures, epilogue(bias, act)),
        params);
  }

  /// Activation x activation matmul: `batch` instances of M x K x N.
  TensorRef batchMatmul(std::string name, const TensorRef &lhs,
                        const TensorRef &rhs, int64_t batch, int64_t m,
                        int64_t k, int64_t n) {
    return book(layers.batchMatmul(std::move(name), lhs, rhs, batch, m, k, n,
                                   epilogue(/*bias=*/false, std::nullopt)),
                0);
  }

  /// Vector-unit layer with the output shape `out` doing `elements` of `op`
  /// (counted as VectorWork says).
  TensorRef vector(std::string name, VectorOp op, const TensorRef &in,
                   const TensorShape &out, int64_t elements,
                   const TensorRef *second = nullptr, int64_t params = 0) {
    return book(
        layers.vector(std::move(name), {{op, elements}}, in, out, second),
        params);
  }

  /// Pooling window (max pool, average pool) over all input elements.
  TensorRef pool(std::string name, VectorOp op, const TensorRef &in,
                 const SquareWindow &window) {
    return book(layers.pool(std::move(name), {op, in.elements()}, in, window),
                0);
  }

  void fuseIntoLast(VectorOp op) { layers.fuseIntoLast(op); }

private:
  /// Fused work of a GEMM layer: bias (or folded BN), activation, requantize.
  static llvm::SmallVector<VectorOp, 3> epilogue(bool bias,
                                                 std::optional<VectorOp> act) {
    llvm::SmallVector<VectorOp, 3> ops;
    if (bias)
      ops.push_back(VectorOp::Bias);
    if (act)
      ops.push_back(*act);
    ops.push_back(VectorOp::Requantize);
    return ops;
  }

  TensorRef book(TensorRef out, int64_t params) {
    net.macs += net.workload.layers.back().macs();
    net.params += params;
    net.layerParams.push_back(params);
    return out;
  }

  SubNetwork &net;
  LayerBuilder layers;
};

} // namespace detail
} // namespace cim

#endif // CIM_LIB_SUPERNET_SUBNETWORKBUILDER_H
