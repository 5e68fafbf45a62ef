//===- Contractions.cpp - Conv, Gemm, MatMul ------------------------------===//
//
// The ops that become GEMM layers: linalg convolutions (plain, depthwise,
// grouped), linalg.matmul and linalg.batch_matmul. Their results are marked
// fromContraction so that a following Add of a per-channel constant is
// tagged as the layer's bias.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;
using llvm::formatv;

Value OnnxGraphImporter::scaleBy(Value x, double factor) {
  Type et = elementTypeOf(x);
  return buildGeneric(VectorOp::Mul, {x}, shapeOf(x), {}, et, 0,
                      [&](OpBuilder &b, Location l, ValueRange a) {
                        return b
                            .create<arith::MulFOp>(
                                l, a[0], scalarConstant(b, l, et, factor))
                            .getResult();
                      });
}

Value OnnxGraphImporter::addBias(Value x, Value bias) {
  return buildGeneric(
      VectorOp::Bias, {x, bias}, shapeOf(x), {}, elementTypeOf(x), 0,
      [](OpBuilder &b, Location l, ValueRange a) {
        return b.create<arith::AddFOp>(l, a[0], a[1]).getResult();
      });
}

template <typename ConvOp>
Value OnnxGraphImporter::buildConv(Value in, Value filter,
                                   ArrayRef<int64_t> outShape,
                                   const Window2d &win) {
  Value init = filledTensor(outShape, elementTypeOf(in), 0.0);
  return builder
      .create<ConvOp>(
          loc, TypeRange{init.getType()}, ValueRange{in, filter},
          ValueRange{init},
          builder.getI64TensorAttr({win.stride[0], win.stride[1]}),
          builder.getI64TensorAttr({win.dilation[0], win.dilation[1]}))
      .getResult(0);
}

Expected<Value> OnnxGraphImporter::matmul2d(Value a, Value b) {
  SmallVector<int64_t> sa = shapeOf(a), sb = shapeOf(b);
  if (sa[1] != sb[0])
    return nodeError("matrix shapes " + shapeString(sa) + " and " +
                     shapeString(sb) + " do not agree on K");
  Value init = filledTensor({sa[0], sb[1]}, elementTypeOf(a), 0.0);
  return builder
      .create<linalg::MatmulOp>(loc, TypeRange{init.getType()},
                                ValueRange{a, b}, ValueRange{init})
      .getResult(0);
}

Error OnnxGraphImporter::lowerConv() {
  if (auto err = requireSameDType({0, 1, 2}))
    return err;
  Value x, w;
  if (auto err = getInputs({&x, &w}))
    return err;
  SmallVector<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  if (xs.size() != 4 || ws.size() != 4)
    return nodeError("only 2-D convolution (rank-4 input and weight) is "
                     "supported; input is " +
                     shapeString(xs) + ", weight " + shapeString(ws));
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point input");
  int64_t n = xs[0], c = xs[1], f = ws[0], group = attrInt("group", 1);
  if (group <= 0 || c % group != 0 || f % group != 0 || ws[1] * group != c)
    return nodeError(formatv("weight {0} does not match input channels {1} "
                             "with group {2}",
                             shapeString(ws), c, group)
                         .str());
  if (auto ks = attrInts("kernel_shape"))
    if (*ks != SmallVector<int64_t>{ws[2], ws[3]})
      return nodeError("kernel_shape " + shapeString(*ks) +
                       " disagrees with the weight shape " + shapeString(ws));
  auto win = resolveWindow({xs[2], xs[3]}, {ws[2], ws[3]});
  if (!win)
    return win.takeError();
  Value padded = pad(x, {0, 0, win->padLow[0], win->padLow[1]},
                     {0, 0, win->padHigh[0], win->padHigh[1]}, 0.0);
  SmallVector<int64_t> outShape = {n, f, win->out[0], win->out[1]};
  Value result;
  if (group == 1) {
    result = buildConv<linalg::Conv2DNchwFchwOp>(padded, w, outShape, *win);
  } else if (group == c && f == c) {
    Value filter = reshape(w, {c, ws[2], ws[3]});
    result = buildConv<linalg::DepthwiseConv2DNchwChwOp>(padded, filter,
                                                         outShape, *win);
  } else {
    SmallVector<int64_t> ps = shapeOf(padded);
    Value grouped = reshape(padded, {n, group, c / group, ps[2], ps[3]});
    Value filter = reshape(w, {group, f / group, ws[1], ws[2], ws[3]});
    Value conv = buildConv<linalg::Conv2DNgchwGfchwOp>(
        grouped, filter, {n, group, f / group, win->out[0], win->out[1]}, *win);
    result = reshape(conv, outShape);
  }
  if (hasInput(2)) {
    auto bias = input(2);
    if (!bias)
      return bias.takeError();
    if (shapeOf(*bias) != SmallVector<int64_t>{f})
      return nodeError("bias shape " + shapeString(shapeOf(*bias)) +
                       " is not [" + Twine(f) + "]");
    result = addBias(result, reshape(*bias, {f, 1, 1}));
  }
  return setOutput(0, result, inputDType(0), /*fromContraction=*/true);
}

Expected<Value> OnnxGraphImporter::gemmOperand(int i, bool trans) {
  if (trans) {
    if (ConstTensorPtr c = constInput(i); c && isFoldableDType(c->dtype())) {
      if (c->rank() != 2)
        return nodeError("Gemm operands must be 2-D");
      // Weights are transposed once here rather than at run time.
      return materializeConstant(node->input(i) + "_T", c->transposed({1, 0}));
    }
  }
  auto v = input(i);
  if (!v)
    return v.takeError();
  if (shapeOf(*v).size() != 2)
    return nodeError("Gemm operands must be 2-D, got " +
                     shapeString(shapeOf(*v)));
  return trans ? transpose(*v, {1, 0}) : *v;
}

Error OnnxGraphImporter::lowerGemm() {
  if (auto err = requireSameDType({0, 1, 2}))
    return err;
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects floating-point inputs");
  bool transA = attrInt("transA", 0) != 0, transB = attrInt("transB", 0) != 0;
  float alpha = attrFloat("alpha", 1.0f), beta = attrFloat("beta", 1.0f);
  auto a = gemmOperand(0, transA);
  if (!a)
    return a.takeError();
  auto b = gemmOperand(1, transB);
  if (!b)
    return b.takeError();
  auto product = matmul2d(*a, *b);
  if (!product)
    return product.takeError();
  Value result = *product;
  SmallVector<int64_t> outShape = shapeOf(result);
  if (alpha != 1.0f)
    result = scaleBy(result, alpha);
  if (hasInput(2) && beta != 0.0f) {
    ConstTensorPtr cc = constInput(2);
    Value c;
    if (cc && isFoldableDType(cc->dtype()) && beta != 1.0f) {
      std::vector<double> vals = cc->getDoubles();
      for (double &v : vals)
        v *= beta;
      c = materializeConstant(
          node->input(2) + "_scaled",
          ConstTensor::fromDoubles(cc->dtype(), cc->shape(), vals));
    } else {
      auto cv = input(2);
      if (!cv)
        return cv.takeError();
      c = beta != 1.0f ? scaleBy(*cv, beta) : *cv;
    }
    auto broadcast = broadcastShapes(outShape, shapeOf(c));
    if (!broadcast || *broadcast != outShape)
      return nodeError("C of shape " + shapeString(shapeOf(c)) +
                       " does not broadcast to " + shapeString(outShape));
    result = addBias(result, c);
  }
  return setOutput(0, result, inputDType(0), /*fromContraction=*/true);
}

Error OnnxGraphImporter::lowerMatMul() {
  if (auto err = requireSameDType({0, 1}))
    return err;
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects floating-point inputs");
  Value a, b;
  if (auto err = getInputs({&a, &b}))
    return err;
  SmallVector<int64_t> as = shapeOf(a), bs = shapeOf(b);
  if (as.empty() || bs.empty())
    return nodeError("MatMul operands must have rank >= 1");
  // numpy semantics: a 1-D operand gains a unit dim that is dropped again.
  bool vecA = as.size() == 1, vecB = bs.size() == 1;
  if (vecA) {
    as = {1, as[0]};
    a = reshape(a, as);
  }
  if (vecB) {
    bs = {bs[0], 1};
    b = reshape(b, bs);
  }
  int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  if (bs[bs.size() - 2] != k)
    return nodeError("shapes " + shapeString(as) + " and " + shapeString(bs) +
                     " do not agree on K");
  ArrayRef<int64_t> batchA = ArrayRef<int64_t>(as).drop_back(2);
  ArrayRef<int64_t> batchB = ArrayRef<int64_t>(bs).drop_back(2);
  auto batch = broadcastShapes(batchA, batchB);
  if (!batch)
    return nodeError("batch dimensions of " + shapeString(as) + " and " +
                     shapeString(bs) + " are not broadcastable");
  SmallVector<int64_t> outShape(*batch);
  outShape.push_back(m);
  outShape.push_back(n);
  Value result;
  if (bs.size() == 2) {
    // Activations times one weight matrix: fold the batch into M (Linear).
    auto product = matmul2d(reshape(a, {numElementsOf(as) / k, k}), b);
    if (!product)
      return product.takeError();
    result = reshape(*product, outShape);
  } else {
    int64_t flatBatch = numElementsOf(*batch);
    SmallVector<int64_t> fullA(*batch), fullB(*batch);
    fullA.append({m, k});
    fullB.append({k, n});
    Value a3 = reshape(broadcastTo(a, fullA), {flatBatch, m, k});
    Value b3 = reshape(broadcastTo(b, fullB), {flatBatch, k, n});
    Type elementType = elementTypeFor(inputDType(0));
    Value init = filledTensor({flatBatch, m, n}, elementType, 0.0);
    Value bmm =
        builder
            .create<linalg::BatchMatmulOp>(loc, TypeRange{init.getType()},
                                           ValueRange{a3, b3}, ValueRange{init})
            .getResult(0);
    result = reshape(bmm, outShape);
  }
  SmallVector<int64_t> finalShape(*batch);
  if (!vecA)
    finalShape.push_back(m);
  if (!vecB)
    finalShape.push_back(n);
  return setOutput(0, reshape(result, finalShape), inputDType(0),
                   /*fromContraction=*/true);
}
