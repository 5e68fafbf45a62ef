//===- Networks.cpp - ResNet-50 and MobileNetV3-Large layer lists ---------===//

#include "Networks.h"

using namespace cim;

namespace {

/// Appends layers and tracks the current tensor (channels, height, width).
class Builder {
public:
  explicit Builder(std::string name, int64_t c, int64_t h, int64_t w)
      : channels(c), height(h), width(w) {
    net.name = std::move(name);
  }

  /// Conv with fused bias (folded BN) and activation; returns its index.
  int conv(const std::string &name, int64_t outC, int64_t kernel,
           int64_t stride, int64_t groups, std::optional<VectorOp> act,
           int input = -2) {
    Layer l;
    l.name = name;
    l.kind = LayerKind::Conv;
    l.in_channels = channels;
    l.in_h = height;
    l.in_w = width;
    l.kernel_h = l.kernel_w = kernel;
    l.stride_h = l.stride_w = stride;
    int64_t pad = (kernel - 1) / 2;
    l.pad_top = l.pad_bottom = l.pad_left = l.pad_right = pad;
    l.out_h = (height + 2 * pad - kernel) / stride + 1;
    l.out_w = (width + 2 * pad - kernel) / stride + 1;
    l.out_channels = outC;
    l.groups = groups;
    l.m = l.out_h * l.out_w;
    l.k = (channels / groups) * kernel * kernel;
    l.n = outC / groups;
    l.vector_work.push_back({VectorOp::Bias, l.outputElements()});
    if (act)
      l.vector_work.push_back({*act, l.outputElements()});
    l.operands = {input == -2 ? last : input};
    return push(l);
  }

  /// Dense layer on a flattened vector.
  int linear(const std::string &name, int64_t out,
             std::optional<VectorOp> act) {
    Layer l;
    l.name = name;
    l.kind = LayerKind::Matmul;
    l.m = 1;
    l.k = channels * height * width;
    l.n = out;
    l.in_channels = l.k;
    l.out_channels = out;
    l.vector_work.push_back({VectorOp::Bias, out});
    if (act)
      l.vector_work.push_back({*act, out});
    l.operands = {last};
    return push(l);
  }

  /// Element-wise or pooling vector layer.
  int vector(const std::string &name, std::vector<VectorWork> work,
             std::vector<int> operands, int64_t outC, int64_t outH,
             int64_t outW, int64_t kernel = 1, int64_t stride = 1,
             int64_t pad = 0, int64_t secondElements = 0) {
    Layer l;
    l.name = name;
    l.kind = LayerKind::Vector;
    l.in_channels = channels;
    l.in_h = height;
    l.in_w = width;
    l.out_channels = outC;
    l.out_h = outH;
    l.out_w = outW;
    l.kernel_h = l.kernel_w = kernel;
    l.stride_h = l.stride_w = stride;
    l.pad_top = l.pad_bottom = l.pad_left = l.pad_right = pad;
    l.vector_work = std::move(work);
    l.operands = std::move(operands);
    l.second_input_elements = secondElements;
    return push(l);
  }

  void setShape(int64_t c, int64_t h, int64_t w) {
    channels = c;
    height = h;
    width = w;
  }

  Workload net;
  int last = -1;
  int64_t channels, height, width;

private:
  int push(Layer l) {
    channels = l.out_channels;
    height = l.out_h;
    width = l.out_w;
    net.layers.push_back(std::move(l));
    last = static_cast<int>(net.layers.size()) - 1;
    return last;
  }
};

int64_t makeDivisible(double v, int64_t divisor = 8) {
  int64_t out = std::max<int64_t>(
      divisor, static_cast<int64_t>(v + divisor / 2.0) / divisor * divisor);
  if (out < 0.9 * v)
    out += divisor;
  return out;
}

} // namespace

Workload bench::resnet50() {
  Builder b("resnet50", 3, 224, 224);
  b.conv("conv1", 64, 7, 2, 1, VectorOp::Relu);
  int64_t c = b.channels, h = b.height, w = b.width;
  int64_t oh = (h + 2 - 3) / 2 + 1;
  b.vector("maxpool", {{VectorOp::MaxPool, c * oh * oh * 9}}, {b.last}, c, oh,
           oh, 3, 2, 1);
  (void)w;
  const int64_t blocks[4] = {3, 4, 6, 3};
  const int64_t widths[4] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage)
    for (int64_t i = 0; i < blocks[stage]; ++i) {
      std::string p =
          "layer" + std::to_string(stage + 1) + "." + std::to_string(i) + ".";
      int64_t width = widths[stage], stride = (stage > 0 && i == 0) ? 2 : 1;
      int input = b.last;
      int64_t inC = b.channels, inH = b.height, inW = b.width;
      b.conv(p + "conv1", width, 1, 1, 1, VectorOp::Relu);
      b.conv(p + "conv2", width, 3, stride, 1, VectorOp::Relu);
      int main = b.conv(p + "conv3", width * 4, 1, 1, 1, std::nullopt);
      int64_t outC = b.channels, outH = b.height, outW = b.width;
      int skip = input;
      if (i == 0) {
        b.setShape(inC, inH, inW);
        skip = b.conv(p + "downsample", width * 4, 1, stride, 1, std::nullopt,
                      input);
      }
      int64_t elems = outC * outH * outW;
      b.vector(p + "add", {{VectorOp::Add, elems}, {VectorOp::Relu, elems}},
               {main, skip}, outC, outH, outW);
    }
  int64_t elems = b.channels * b.height * b.width;
  b.vector("avgpool", {{VectorOp::GlobalAvgPool, elems}}, {b.last}, b.channels,
           1, 1, b.height, 1, 0);
  b.linear("fc", 1000, std::nullopt);
  return b.net;
}

Workload bench::mobilenetV3Large() {
  struct Bneck {
    int64_t kernel, expanded, out;
    bool se;
    VectorOp act;
    int64_t stride;
  };
  const VectorOp RE = VectorOp::Relu, HS = VectorOp::HardSwish;
  const Bneck table[] = {
      {3, 16, 16, false, RE, 1},  {3, 64, 24, false, RE, 2},
      {3, 72, 24, false, RE, 1},  {5, 72, 40, true, RE, 2},
      {5, 120, 40, true, RE, 1},  {5, 120, 40, true, RE, 1},
      {3, 240, 80, false, HS, 2}, {3, 200, 80, false, HS, 1},
      {3, 184, 80, false, HS, 1}, {3, 184, 80, false, HS, 1},
      {3, 480, 112, true, HS, 1}, {3, 672, 112, true, HS, 1},
      {5, 672, 160, true, HS, 2}, {5, 960, 160, true, HS, 1},
      {5, 960, 160, true, HS, 1},
  };
  Builder b("mobilenet_v3_large", 3, 224, 224);
  b.conv("features.0", 16, 3, 2, 1, HS);
  int index = 1;
  for (const Bneck &s : table) {
    std::string p = "features." + std::to_string(index++) + ".";
    int input = b.last;
    int64_t inC = b.channels;
    if (s.expanded != inC)
      b.conv(p + "expand", s.expanded, 1, 1, 1, s.act);
    int dw =
        b.conv(p + "dw", s.expanded, s.kernel, s.stride, s.expanded, s.act);
    int gated = dw;
    if (s.se) {
      int64_t c = b.channels, h = b.height, w = b.width;
      int64_t squeeze = makeDivisible(c / 4.0);
      b.vector(p + "se.pool", {{VectorOp::GlobalAvgPool, c * h * w}}, {dw}, c,
               1, 1, h, 1, 0);
      b.conv(p + "se.fc1", squeeze, 1, 1, 1, VectorOp::Relu);
      int gate = b.conv(p + "se.fc2", c, 1, 1, 1, VectorOp::HardSigmoid);
      b.setShape(c, h, w);
      gated = b.vector(p + "se.scale", {{VectorOp::Mul, c * h * w}}, {dw, gate},
                       c, h, w, 1, 1, 0, c);
    }
    (void)gated;
    int proj = b.conv(p + "project", s.out, 1, 1, 1, std::nullopt);
    if (s.stride == 1 && inC == s.out) {
      int64_t elems = b.channels * b.height * b.width;
      b.vector(p + "add", {{VectorOp::Add, elems}}, {proj, input}, b.channels,
               b.height, b.width);
    }
  }
  b.conv("features.16", 960, 1, 1, 1, HS);
  int64_t elems = b.channels * b.height * b.width;
  b.vector("avgpool", {{VectorOp::GlobalAvgPool, elems}}, {b.last}, b.channels,
           1, 1, b.height, 1, 0);
  b.linear("classifier.0", 1280, HS);
  b.linear("classifier.3", 1000, std::nullopt);
  return b.net;
}
