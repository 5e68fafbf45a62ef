//===- LayerBuilder.cpp - Builds consistent cim::Layer lists --------------===//

#include "cim/CostModel/LayerBuilder.h"

using namespace cim;

int64_t cim::windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                              int64_t padBegin, int64_t padEnd,
                              int64_t dilation) {
  int64_t span = dilation * (kernel - 1) + 1;
  return (input + padBegin + padEnd - span) / stride + 1;
}

/// A layer of `kind` whose input is `in`.
static Layer beginLayer(std::string name, LayerKind kind,
                        const TensorShape &in) {
  Layer layer;
  layer.name = std::move(name);
  layer.kind = kind;
  layer.images = in.images;
  layer.inChannels = in.channels;
  layer.in_h = in.h;
  layer.in_w = in.w;
  return layer;
}

static void setWindow(Layer &layer, const SquareWindow &window) {
  layer.kernelH = layer.kernel_w = window.kernel;
  layer.strideH = layer.stride_w = window.stride;
  layer.dilationH = layer.dilation_w = window.dilation;
  layer.padTop = layer.pad_left = window.padBegin;
  layer.pad_bottom = layer.pad_right = window.padEnd;
}

Layer cim::makeConvLayer(std::string name, const TensorShape &in,
                         int64_t outChannels, const SquareWindow &window,
                         int64_t groups) {
  Layer layer = beginLayer(std::move(name), LayerKind::Conv, in);
  setWindow(layer, window);
  layer.outChannels = outChannels;
  layer.out_h = window.outputSize(in.h);
  layer.out_w = window.outputSize(in.w);
  layer.groups = groups;
  layer.m = in.images * layer.out_h * layer.out_w;
  layer.k = (in.channels / groups) * window.kernel * window.kernel;
  layer.n = outChannels / groups;
  return layer;
}

Layer cim::makeMatmulLayer(std::string name, const TensorShape &in,
                           int64_t outFeatures) {
  Layer layer = beginLayer(std::move(name), LayerKind::Matmul, in);
  layer.m = in.images;
  layer.k = in.channels * in.h * in.w;
  layer.n = outFeatures;
  layer.outChannels = outFeatures;
  return layer;
}

Layer cim::makeBatchMatmulLayer(std::string name, const TensorShape &lhs,
                                int64_t batch, int64_t m, int64_t k,
                                int64_t n) {
  Layer layer = beginLayer(std::move(name), LayerKind::BatchMatmul, lhs);
  layer.batch = batch;
  layer.m = m;
  layer.k = k;
  layer.n = n;
  layer.outChannels = batch * n;
  return layer;
}

Layer cim::makeVectorLayer(std::string name, const TensorShape &in,
                           const TensorShape &out,
                           std::vector<VectorWork> work) {
  Layer layer = beginLayer(std::move(name), LayerKind::Vector, in);
  layer.images = out.images;
  layer.outChannels = out.channels;
  layer.out_h = out.h;
  layer.out_w = out.w;
  layer.vectorWork = std::move(work);
  return layer;
}

Layer cim::makePoolLayer(std::string name, VectorWork work,
                         const TensorShape &in, const SquareWindow &window) {
  TensorShape out = in;
  out.h = window.outputSize(in.h);
  out.w = window.outputSize(in.w);
  Layer layer = makeVectorLayer(std::move(name), in, out, {work});
  setWindow(layer, window);
  return layer;
}

void cim::fuseVectorOps(Layer &layer, llvm::ArrayRef<VectorOp> ops) {
  int64_t elements = layer.outputElements();
  for (VectorOp op : ops)
    layer.vectorWork.push_back({op, elements});
}

TensorRef LayerBuilder::append(Layer layer, const TensorRef &in,
                               const TensorRef *second) {
  layer.operands.push_back(in.producer);
  if (second) {
    layer.operands.push_back(second->producer);
    // A BatchMatmul's second operand is its batch * K * N run-time weights.
    if (layer.kind == LayerKind::Vector)
      layer.secondInputElements = second->elements();
  }
  TensorRef out;
  out.producer = static_cast<int>(net.layers.size());
  out.images = layer.images;
  out.channels = layer.outChannels;
  out.h = layer.out_h;
  out.w = layer.out_w;
  net.layers.push_back(std::move(layer));
  return out;
}

TensorRef LayerBuilder::conv(std::string name, const TensorRef &in,
                             int64_t outChannels, const SquareWindow &window,
                             int64_t groups, llvm::ArrayRef<VectorOp> fused) {
  Layer layer = makeConvLayer(std::move(name), in, outChannels, window, groups);
  fuseVectorOps(layer, fused);
  return append(std::move(layer), in);
}

TensorRef LayerBuilder::matmul(std::string name, const TensorRef &in,
                               int64_t outFeatures,
                               llvm::ArrayRef<VectorOp> fused) {
  Layer layer = makeMatmulLayer(std::move(name), in, outFeatures);
  fuseVectorOps(layer, fused);
  return append(std::move(layer), in);
}

TensorRef LayerBuilder::batchMatmul(std::string name, const TensorRef &lhs,
                                    const TensorRef &rhs, int64_t batch,
                                    int64_t m, int64_t k, int64_t n,
                                    llvm::ArrayRef<VectorOp> fused) {
  Layer layer = makeBatchMatmulLayer(std::move(name), lhs, batch, m, k, n);
  fuseVectorOps(layer, fused);
  return append(std::move(layer), lhs, &rhs);
}

TensorRef LayerBuilder::vector(std::string name, std::vector<VectorWork> work,
                               const TensorRef &in, const TensorShape &out,
                               const TensorRef *second) {
  return append(makeVectorLayer(std::move(name), in, out, std::move(work)), in,
                second);
}

TensorRef LayerBuilder::pool(std::string name, VectorWork work,
                             const TensorRef &in, const SquareWindow &window) {
  return append(makePoolLayer(std::move(name), work, in, window), in);
}
