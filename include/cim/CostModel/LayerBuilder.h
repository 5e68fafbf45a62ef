//===- LayerBuilder.h - Builds consistent cim::Layer lists -----*- C++ -*-===//
//
// The one place that derives a layer's GEMM view (M, K, N) and output
// geometry from its input shape and window, so the supernet generators, the
// benchmark networks and the tests all describe a convolution the same way.
//
// Two levels: make*Layer() return one standalone layer (no operands: "the
// previous layer"); LayerBuilder appends chained layers to a Workload, each
// layer's input geometry being its producer's output, and records the
// producers as operands.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_COSTMODEL_LAYERBUILDER_H
#define CIM_COSTMODEL_LAYERBUILDER_H

#include "cim/CostModel/Workload.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cim {

/// Output extent of a sliding window along one axis, floor mode (PyTorch's
/// and ONNX's default): (input + padBegin + padEnd - span) / stride + 1 with
/// span = dilation * (kernel - 1) + 1.
int64_t windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                         int64_t padBegin, int64_t padEnd,
                         int64_t dilation = 1);

/// The window of a convolution or pooling layer: one kernel size, stride,
/// padding and dilation for both spatial axes.
struct SquareWindow {
  int64_t kernel = 1;
  int64_t stride = 1;
  /// Top and left padding.
  int64_t padBegin = 0;
  /// Bottom and right padding.
  int64_t padEnd = 0;
  int64_t dilation = 1;

  /// The same padding on every side.
  static SquareWindow symmetric(int64_t kernel, int64_t stride, int64_t pad,
                                int64_t dilation = 1) {
    return {kernel, stride, pad, pad, dilation};
  }
  int64_t outputSize(int64_t input) const {
    return windowOutputSize(input, kernel, stride, padBegin, padEnd, dilation);
  }
};

/// An activation tensor: `images` (or tokens, for matmuls) x channels x h x w.
struct TensorShape {
  int64_t images = 1;
  int64_t channels = 0;
  int64_t h = 1;
  int64_t w = 1;
  int64_t elements() const { return images * channels * h * w; }
};

/// Convolution of `in` with `outChannels` filters in `groups` groups:
/// M = images * out_h * out_w, K = in.channels / groups * kernel^2,
/// N = outChannels / groups.
Layer makeConvLayer(std::string name, const TensorShape &in,
                    int64_t outChannels, const SquareWindow &window,
                    int64_t groups = 1);
/// Dense layer on `in.images` rows of in.channels * h * w features.
Layer makeMatmulLayer(std::string name, const TensorShape &in,
                      int64_t outFeatures);
/// `batch` independent M x K x N products of two activations (attention);
/// the output has batch * N channels.
Layer makeBatchMatmulLayer(std::string name, const TensorShape &lhs,
                           int64_t batch, int64_t m, int64_t k, int64_t n);
/// Vector-unit layer from `in` to `out` doing `work` (element counts as
/// VectorWork defines them); `images` is the output's.
Layer makeVectorLayer(std::string name, const TensorShape &in,
                      const TensorShape &out, std::vector<VectorWork> work);
/// Pooling window on the vector unit; the output geometry follows from the
/// window.
Layer makePoolLayer(std::string name, VectorWork work, const TensorShape &in,
                    const SquareWindow &window);

/// Appends `ops` to the layer's fused vector work, each over its output.
void fuseVectorOps(Layer &layer, llvm::ArrayRef<VectorOp> ops);

/// A tensor of a layer list: its shape and the layer producing it.
struct TensorRef : TensorShape {
  /// Index into Workload::layers; -1 is the network input.
  int producer = -1;
};

class LayerBuilder {
public:
  explicit LayerBuilder(Workload &workload) : net(workload) {}

  /// The network input.
  static TensorRef input(int64_t channels, int64_t h, int64_t w,
                         int64_t images = 1) {
    TensorRef ref;
    ref.images = images;
    ref.channels = channels;
    ref.h = h;
    ref.w = w;
    return ref;
  }

  TensorRef conv(std::string name, const TensorRef &in, int64_t outChannels,
                 const SquareWindow &window, int64_t groups,
                 llvm::ArrayRef<VectorOp> fused = {});
  TensorRef matmul(std::string name, const TensorRef &in, int64_t outFeatures,
                   llvm::ArrayRef<VectorOp> fused = {});
  /// `rhs` is the run-time second operand.
  TensorRef batchMatmul(std::string name, const TensorRef &lhs,
                        const TensorRef &rhs, int64_t batch, int64_t m,
                        int64_t k, int64_t n,
                        llvm::ArrayRef<VectorOp> fused = {});
  /// `second`, if given, is the second operand (residual skip, SE gate); the
  /// layer reads all of its elements.
  TensorRef vector(std::string name, std::vector<VectorWork> work,
                   const TensorRef &in, const TensorShape &out,
                   const TensorRef *second = nullptr);
  TensorRef pool(std::string name, VectorWork work, const TensorRef &in,
                 const SquareWindow &window);

  /// Element-wise work after the last layer (e.g. the ReLU after a residual
  /// add) fused into that layer.
  void fuseIntoLast(VectorOp op) { fuseVectorOps(net.layers.back(), {op}); }

  Workload &workload() { return net; }

private:
  /// Appends `layer` reading `in` (and `second`) and returns its output.
  TensorRef append(Layer layer, const TensorRef &in,
                   const TensorRef *second = nullptr);

  Workload &net;
};

} // namespace cim

#endif // CIM_COSTMODEL_LAYERBUILDER_H
