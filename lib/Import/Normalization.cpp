//===- Normalization.cpp - BatchNorm, LayerNorm, ReduceMean, Softmax ------===//
//
// Softmax, inference-mode normalizations and the reductions they are made
// of.
// BatchNormalization with constant statistics is folded to one scale and
// shift; LayerNormalization is three generics that carry one tag (one piece
// of vector work, docs/workload-ir.md).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;

Error OnnxGraphImporter::lowerSoftmax() {
  auto x = floatInput();
  if (!x)
    return x.takeError();
  SmallVector<int64_t> xs = shapeOf(*x);
  auto axis = axisAttr("axis", opset >= 13 ? -1 : 1, xs.size());
  if (!axis)
    return axis.takeError();
  Value in = *x;
  int64_t dim = *axis;
  // Before opset 13 the input is coerced to 2-D around `axis`.
  bool coerce = opset < 13 && *axis + 1 != static_cast<int64_t>(xs.size());
  if (coerce) {
    ArrayRef<int64_t> ref(xs);
    in = reshape(in, {numElementsOf(ref.take_front(*axis)),
                      numElementsOf(ref.drop_front(*axis))});
    dim = 1;
  }
  auto type = cast<RankedTensorType>(in.getType());
  Value init = emptyTensor(type.getShape(), type.getElementType());
  auto op = builder.create<linalg::SoftmaxOp>(loc, TypeRange{type}, in, init,
                                              static_cast<uint64_t>(dim));
  setVectorOpTag(op, VectorOp::Softmax);
  Value result = op->getResult(0);
  if (coerce)
    result = reshape(result, xs);
  return setOutput(0, result, inputDType(0));
}

std::pair<Value, Value>
OnnxGraphImporter::normalizationTerms(OpBuilder &b, Location l, Value x,
                                      Value mean, Value var, double eps) const {
  Value centered = b.create<arith::SubFOp>(l, x, mean);
  Value shifted =
      b.create<arith::AddFOp>(l, var, scalarConstant(b, l, x.getType(), eps));
  return {centered, shifted};
}

Error OnnxGraphImporter::lowerBatchNormalization() {
  if (auto err = requireFloatInput())
    return err;
  if (attrInt("training_mode", 0) != 0 || hasOutput(1) || hasOutput(2))
    return nodeError("only inference-mode BatchNormalization is supported");
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  if (xs.size() < 2)
    return nodeError("expects an input of rank >= 2");
  int64_t c = xs[1];
  double eps = attrFloat("epsilon", 1e-5f);
  SmallVector<int64_t> paramShape(xs.size() - 1, 1);
  paramShape[0] = c;
  Type et = elementTypeOf(*xv);
  bool allConstant = true;
  for (int i = 1; i <= 4; ++i)
    allConstant &= constInput(i) != nullptr;
  if (!allConstant) {
    // Run-time statistics: y = (x - mean) * scale / sqrt(var + eps) + B.
    if (auto err = requireSameDType({0, 1, 2, 3, 4}))
      return err;
    SmallVector<Value> ins = {*xv};
    for (int i = 1; i <= 4; ++i) {
      auto p = input(i);
      if (!p)
        return p.takeError();
      if (shapeOf(*p) != SmallVector<int64_t>{c})
        return nodeError("input " + Twine(i) + " has shape " +
                         shapeString(shapeOf(*p)) + ", expected [" + Twine(c) +
                         "]");
      ins.push_back(reshape(*p, paramShape));
    }
    Value result = buildGeneric(
        VectorOp::BatchNorm, ins, xs, {}, et, 0,
        [&](OpBuilder &b, Location l, ValueRange a) {
          auto [d, v] = normalizationTerms(b, l, a[0], a[3], a[4], eps);
          // One op per statement: the IR's order must not depend on the
          // compiler's order of evaluating a call's arguments.
          Value scaled = b.create<arith::MulFOp>(l, d, a[1]);
          Value y = b.create<arith::DivFOp>(l, scaled,
                                            b.create<math::SqrtOp>(l, v));
          return b.create<arith::AddFOp>(l, y, a[2]).getResult();
        });
    return setOutput(0, result, inputDType(0));
  }
  SmallVector<ConstTensorPtr> params;
  const char *names[] = {"scale", "B", "input_mean", "input_var"};
  for (int i = 1; i <= 4; ++i) {
    auto p = requireConstInput(i, names[i - 1]);
    if (!p)
      return p.takeError();
    if ((*p)->numElements() != c)
      return nodeError(Twine(names[i - 1]) + " has " +
                       Twine((*p)->numElements()) + " elements, expected " +
                       Twine(c));
    params.push_back(*p);
  }
  // y = x * s + t with s = scale / sqrt(var + eps), t = B - mean * s.
  std::vector<double> s(c), t(c);
  for (int64_t i = 0; i < c; ++i) {
    s[i] = params[0]->getDouble(i) / std::sqrt(params[3]->getDouble(i) + eps);
    t[i] = params[1]->getDouble(i) - params[2]->getDouble(i) * s[i];
  }
  Value sv = materializeConstant(
      nodeName + "_scale",
      ConstTensor::fromDoubles(inputDType(0), paramShape, s));
  Value tv = materializeConstant(
      nodeName + "_shift",
      ConstTensor::fromDoubles(inputDType(0), paramShape, t));
  Value result =
      buildGeneric(VectorOp::BatchNorm, {*xv, sv, tv}, xs, {}, et, 0,
                   [](OpBuilder &b, Location l, ValueRange a) {
                     Value y = b.create<arith::MulFOp>(l, a[0], a[1]);
                     return b.create<arith::AddFOp>(l, y, a[2]).getResult();
                   });
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerLayerNormalization() {
  if (auto err = requireFloatInput())
    return err;
  if (auto err = requireSameDType({0, 1, 2}))
    return err;
  Value x, scale;
  if (auto err = getInputs({&x, &scale}))
    return err;
  SmallVector<int64_t> xs = shapeOf(x);
  int64_t rank = xs.size();
  auto axis = axisAttr("axis", -1, rank);
  if (!axis)
    return axis.takeError();
  SmallVector<bool> reduced(rank, false);
  for (int64_t d = *axis; d < rank; ++d)
    reduced[d] = true;
  double inv = 1.0 / static_cast<double>(numElementsOf(
                         ArrayRef<int64_t>(xs).drop_front(*axis)));
  double eps = attrFloat("epsilon", 1e-5f);
  Type et = elementTypeOf(x);
  Value mean = buildMean(VectorOp::LayerNorm, x, reduced);
  Value var = buildGeneric(
      VectorOp::LayerNorm, {x, mean}, xs, reduced, et, 0.0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value d = b.create<arith::SubFOp>(l, a[0], a[1]);
        Value sq = b.create<arith::MulFOp>(l, d, d);
        Value scaled =
            b.create<arith::MulFOp>(l, sq, scalarConstant(b, l, et, inv));
        return b.create<arith::AddFOp>(l, a[2], scaled).getResult();
      });
  SmallVector<Value> ins = {x, mean, var, scale};
  if (hasInput(2)) {
    auto bias = input(2);
    if (!bias)
      return bias.takeError();
    ins.push_back(*bias);
  }
  // Scale and bias broadcast to the input (ONNX's unidirectional rule);
  // shape inference does not check it.
  for (auto [i, operand] : llvm::enumerate(ArrayRef<Value>(ins).drop_front(3))) {
    SmallVector<int64_t> shape = shapeOf(operand);
    if (broadcastShapes(xs, shape) != std::optional(xs))
      return nodeError(StringRef(i == 0 ? "'Scale'" : "'B'") + " of shape " +
                       shapeString(shape) + " does not broadcast to the " +
                       "input's shape " + shapeString(xs));
  }
  bool withBias = ins.size() == 5;
  Value result = buildGeneric(
      VectorOp::LayerNorm, ins, xs, {}, et, 0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        auto [d, v] = normalizationTerms(b, l, a[0], a[1], a[2], eps);
        Value y = b.create<arith::DivFOp>(l, d, b.create<math::SqrtOp>(l, v));
        y = b.create<arith::MulFOp>(l, y, a[3]);
        return withBias ? b.create<arith::AddFOp>(l, y, a[4]).getResult() : y;
      });
  if (auto err = setOutput(0, result, inputDType(0)))
    return err;
  if (auto err = setOutput(1, mean, inputDType(0)))
    return err;
  if (!hasOutput(2))
    return Error::success();
  Value invStdDev = buildGeneric(
      VectorOp::LayerNorm, {var}, shapeOf(var), {}, et, 0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value v =
            b.create<arith::AddFOp>(l, a[0], scalarConstant(b, l, et, eps));
        Value one = scalarConstant(b, l, et, 1.0);
        return b.create<arith::DivFOp>(l, one, b.create<math::SqrtOp>(l, v))
            .getResult();
      });
  return setOutput(2, invStdDev, inputDType(0));
}

Error OnnxGraphImporter::lowerReduceMean() {
  // The axes are an attribute up to opset 17; none means all of them.
  auto x = floatInput();
  if (!x)
    return x.takeError();
  SmallVector<int64_t> xs = shapeOf(*x);
  int64_t rank = xs.size();
  SmallVector<bool> reduced(rank, false);
  auto axes = attrInts("axes");
  if (!axes || axes->empty()) {
    reduced.assign(rank, true);
  } else {
    for (int64_t a : *axes) {
      int64_t axis = normalizeAxis(a, rank);
      if (axis < 0 || axis >= rank)
        return nodeError("reduction axis " + Twine(a) + " out of range");
      reduced[axis] = true;
    }
  }
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < rank; ++d)
    if (!reduced[d])
      kept.push_back(xs[d]);
  // The mean over H and W of an NCHW tensor is exactly GlobalAveragePool
  // (torch exports x.mean((2, 3)) this way); any other mean is reduce_mean.
  bool spatialMean =
      rank == 4 && reduced == SmallVector<bool>{false, false, true, true};
  Value result =
      buildMean(spatialMean ? VectorOp::GlobalAvgPool : VectorOp::ReduceMean,
                *x, reduced);
  if (attrInt("keepdims", 1) == 0)
    result = reshape(result, kept);
  return setOutput(0, result, inputDType(0));
}
