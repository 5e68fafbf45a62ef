//===- Networks.cpp - ResNet-50 and MobileNetV3-Large layer lists ---------===//

#include "Networks.h"

#include "cim/CostModel/LayerBuilder.h"
#include "cim/Supernet/SearchSpace.h"

using namespace cim;

namespace {

/// torchvision's convolutions pad (kernel - 1) / 2 on every side.
SquareWindow same(int64_t kernel, int64_t stride) {
  return SquareWindow::symmetric(kernel, stride, (kernel - 1) / 2);
}

/// The global average pool before the classifier: one window over the map.
SquareWindow wholeMap(const TensorShape &in) { return {in.h, 1, 0, 0}; }

} // namespace

Workload bench::resnet50() {
  Workload net;
  net.name = "resnet50";
  LayerBuilder b(net);
  const VectorOp bias = VectorOp::Bias, relu = VectorOp::Relu;
  TensorRef x = b.conv("conv1", LayerBuilder::input(3, 224, 224), 64,
                       same(7, 2), 1, {bias, relu});
  SquareWindow maxPool = SquareWindow::symmetric(3, 2, 1);
  int64_t pooled = maxPool.outputSize(x.h);
  // Window reads: every output element reads a 3x3 window.
  x = b.pool("maxpool", {VectorOp::MaxPool, x.channels * pooled * pooled * 9},
             x, maxPool);
  const int64_t blocks[4] = {3, 4, 6, 3};
  const int64_t widths[4] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage)
    for (int64_t i = 0; i < blocks[stage]; ++i) {
      std::string p =
          "layer" + std::to_string(stage + 1) + "." + std::to_string(i) + ".";
      int64_t width = widths[stage], stride = (stage > 0 && i == 0) ? 2 : 1;
      TensorRef input = x;
      x = b.conv(p + "conv1", x, width, same(1, 1), 1, {bias, relu});
      x = b.conv(p + "conv2", x, width, same(3, stride), 1, {bias, relu});
      TensorRef main = b.conv(p + "conv3", x, width * 4, same(1, 1), 1, {bias});
      TensorRef skip = input;
      if (i == 0)
        skip = b.conv(p + "downsample", input, width * 4, same(1, stride), 1,
                      {bias});
      int64_t elems = main.elements();
      x = b.vector(p + "add", {{VectorOp::Add, elems}, {relu, elems}}, main,
                   main, &skip);
    }
  x = b.pool("avgpool", {VectorOp::GlobalAvgPool, x.elements()}, x,
             wholeMap(x));
  b.matmul("fc", x, 1000, {bias});
  return net;
}

Workload bench::mobilenetV3Large() {
  struct Bneck {
    int64_t kernel, expanded, out;
    bool se;
    VectorOp act;
    int64_t stride;
  };
  const VectorOp RE = VectorOp::Relu, HS = VectorOp::HardSwish;
  const VectorOp bias = VectorOp::Bias;
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
  Workload net;
  net.name = "mobilenet_v3_large";
  LayerBuilder b(net);
  TensorRef x = b.conv("features.0", LayerBuilder::input(3, 224, 224), 16,
                       same(3, 2), 1, {bias, HS});
  int index = 1;
  for (const Bneck &s : table) {
    std::string p = "features." + std::to_string(index++) + ".";
    TensorRef input = x;
    if (s.expanded != input.channels)
      x = b.conv(p + "expand", x, s.expanded, same(1, 1), 1, {bias, s.act});
    TensorRef dw = b.conv(p + "dw", x, s.expanded, same(s.kernel, s.stride),
                          s.expanded, {bias, s.act});
    x = dw;
    if (s.se) {
      int64_t squeeze = makeDivisible(dw.channels / 4.0);
      TensorRef pooled =
          b.pool(p + "se.pool", {VectorOp::GlobalAvgPool, dw.elements()}, dw,
                 wholeMap(dw));
      TensorRef fc1 = b.conv(p + "se.fc1", pooled, squeeze, same(1, 1), 1,
                             {bias, VectorOp::Relu});
      TensorRef gate = b.conv(p + "se.fc2", fc1, dw.channels, same(1, 1), 1,
                              {bias, VectorOp::HardSigmoid});
      x = b.vector(p + "se.scale", {{VectorOp::Mul, dw.elements()}}, dw, dw,
                   &gate);
    }
    x = b.conv(p + "project", x, s.out, same(1, 1), 1, {bias});
    if (s.stride == 1 && input.channels == s.out)
      x = b.vector(p + "add", {{VectorOp::Add, x.elements()}}, x, x, &input);
  }
  x = b.conv("features.16", x, 960, same(1, 1), 1, {bias, HS});
  x = b.pool("avgpool", {VectorOp::GlobalAvgPool, x.elements()}, x,
             wholeMap(x));
  x = b.matmul("classifier.0", x, 1280, {bias, HS});
  b.matmul("classifier.3", x, 1000, {bias});
  return net;
}
