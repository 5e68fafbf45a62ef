//===- WorkloadBuilder.h - Appends chained layers ------------- -*- C++ -*-===//
//
// Private to CimSearch. Each call appends one cim::Layer whose input geometry
// is its producer's output, fills M/K/N, padding and fused vector work, and
// books the layer's MACs and trainable parameters in the SubNetwork.
//
// Inference form of a conv with BatchNorm: BN folds into the weights and a
// per-channel bias, so its vector work is `bias` (not `batch_norm`), then the
// activation, then `requantize` of the accumulator to activation precision.
// Parameter counts still include BN gamma/beta (the training-time network,
// as the measured data counts them).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_SEARCH_WORKLOADBUILDER_H
#define CIM_LIB_SEARCH_WORKLOADBUILDER_H

#include "cim/Search/SearchSpace.h"

#include <optional>

namespace cim {
namespace detail {

/// A tensor in the layer list: its producer (-1 = network input) and shape.
struct TensorRef {
  int producer = -1;
  int64_t images = 1;
  int64_t channels = 0;
  int64_t h = 1;
  int64_t w = 1;
  int64_t elements() const { return images * channels * h * w; }
};

class WorkloadBuilder {
public:
  explicit WorkloadBuilder(SubNetwork &net, size_t expectedLayers = 0)
      : net(net) {
    net.workload.layers.reserve(expectedLayers);
    net.layerParams.reserve(expectedLayers);
  }

  static TensorRef input(int64_t channels, int64_t h, int64_t w) {
    return TensorRef{-1, 1, channels, h, w};
  }

  /// Square conv, symmetric padding `pad` (OFA "same": kernel / 2).
  TensorRef conv(std::string name, const TensorRef &in, int64_t outChannels,
                 int64_t kernel, int64_t stride, int64_t groups, int64_t pad,
                 bool bias, bool batchNorm, std::optional<VectorOp> act) {
    Layer layer = beginLayer(std::move(name), LayerKind::Conv, in);
    int64_t outH = (in.h + 2 * pad - kernel) / stride + 1;
    int64_t outW = (in.w + 2 * pad - kernel) / stride + 1;
    layer.groups = groups;
    layer.m = in.images * outH * outW;
    layer.k = (in.channels / groups) * kernel * kernel;
    layer.n = outChannels / groups;
    layer.out_channels = outChannels;
    layer.out_h = outH;
    layer.out_w = outW;
    layer.kernel_h = layer.kernel_w = kernel;
    layer.stride_h = layer.stride_w = stride;
    layer.pad_top = layer.pad_left = layer.pad_bottom = layer.pad_right = pad;
    int64_t params = outChannels * (in.channels / groups) * kernel * kernel;
    if (bias)
      params += outChannels;
    if (batchNorm)
      params += 2 * outChannels;
    fuseEpilogue(layer, bias || batchNorm, act);
    return finish(std::move(layer), params);
  }

  /// Dense layer on `in.images` tokens of `in.channels` features.
  TensorRef matmul(std::string name, const TensorRef &in, int64_t outFeatures,
                   bool bias, std::optional<VectorOp> act) {
    Layer layer = beginLayer(std::move(name), LayerKind::Matmul, in);
    layer.m = in.images;
    layer.k = in.channels * in.h * in.w;
    layer.n = outFeatures;
    layer.out_channels = outFeatures;
    int64_t params = layer.k * outFeatures + (bias ? outFeatures : 0);
    fuseEpilogue(layer, bias, act);
    return finish(std::move(layer), params);
  }

  /// Activation x activation matmul: `batch` instances of M x K x N; the
  /// output has `in.images` rows of `outChannels` features.
  TensorRef batchMatmul(std::string name, const TensorRef &lhs,
                        const TensorRef &rhs, int64_t batch, int64_t m,
                        int64_t k, int64_t n, int64_t outChannels) {
    Layer layer = beginLayer(std::move(name), LayerKind::BatchMatmul, lhs);
    layer.batch = batch;
    layer.m = m;
    layer.k = k;
    layer.n = n;
    layer.out_channels = outChannels;
    layer.operands.push_back(rhs.producer);
    fuseEpilogue(layer, /*bias=*/false, std::nullopt);
    return finish(std::move(layer), 0);
  }

  /// Vector-unit layer with the output geometry `out` (producer ignored);
  /// `elements` counted as the VectorWork convention says.
  TensorRef vector(std::string name, VectorOp op, const TensorRef &in,
                   TensorRef out, int64_t elements,
                   std::optional<TensorRef> second = std::nullopt,
                   int64_t params = 0) {
    Layer layer = beginLayer(std::move(name), LayerKind::Vector, in);
    layer.images = out.images;
    layer.out_channels = out.channels;
    layer.out_h = out.h;
    layer.out_w = out.w;
    if (second) {
      layer.operands.push_back(second->producer);
      layer.second_input_elements = second->elements();
    }
    layer.vector_work.push_back({op, elements});
    return finish(std::move(layer), params);
  }

  /// Pooling window on the vector unit (max pool, average pool).
  TensorRef pool(std::string name, VectorOp op, const TensorRef &in,
                 int64_t kernel, int64_t stride, int64_t padBegin,
                 int64_t padEnd, int64_t outH, int64_t outW) {
    Layer layer = beginLayer(std::move(name), LayerKind::Vector, in);
    layer.out_channels = in.channels;
    layer.out_h = outH;
    layer.out_w = outW;
    layer.kernel_h = layer.kernel_w = kernel;
    layer.stride_h = layer.stride_w = stride;
    layer.pad_top = layer.pad_left = padBegin;
    layer.pad_bottom = layer.pad_right = padEnd;
    layer.vector_work.push_back({op, in.elements()});
    return finish(std::move(layer), 0);
  }

  /// Adds an element-wise op after the last layer (e.g. the ReLU after a
  /// residual add) as fused work of that layer.
  void fuseIntoLast(VectorOp op) {
    Layer &last = net.workload.layers.back();
    last.vector_work.push_back({op, last.outputElements()});
  }

private:
  Layer beginLayer(std::string name, LayerKind kind, const TensorRef &in) {
    Layer layer;
    layer.name = std::move(name);
    layer.kind = kind;
    layer.images = in.images;
    layer.in_channels = in.channels;
    layer.in_h = in.h;
    layer.in_w = in.w;
    layer.operands.push_back(in.producer);
    return layer;
  }

  static void fuseEpilogue(Layer &layer, bool bias,
                           std::optional<VectorOp> act) {
    int64_t out = layer.outputElements();
    layer.vector_work.reserve(3);
    if (bias)
      layer.vector_work.push_back({VectorOp::Bias, out});
    if (act)
      layer.vector_work.push_back({*act, out});
    layer.vector_work.push_back({VectorOp::Requantize, out});
  }

  TensorRef finish(Layer layer, int64_t params) {
    TensorRef out{static_cast<int>(net.workload.layers.size()), layer.images,
                  layer.out_channels, layer.out_h, layer.out_w};
    net.macs += layer.isGemm()
                    ? layer.batch * layer.groups * layer.m * layer.k * layer.n
                    : 0;
    net.params += params;
    net.layerParams.push_back(params);
    net.workload.layers.push_back(std::move(layer));
    return out;
  }

  SubNetwork &net;
};

} // namespace detail
} // namespace cim

#endif // CIM_LIB_SEARCH_WORKLOADBUILDER_H
