//===- Elementwise.cpp - Arithmetic, activations, comparisons, Cast -------===//
//
// Every element-wise op is one broadcasting linalg.generic (numpy rules);
// single-element constants are folded into its body as arith.constant.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;

//===----------------------------------------------------------------------===//
// Operands and the generic
//===----------------------------------------------------------------------===//

Expected<ElementwiseOperand> OnnxGraphImporter::elementwiseOperand(int i) {
  ElementwiseOperand op;
  auto shape = inputShape(i);
  if (!shape)
    return shape.takeError();
  op.shape = *shape;
  ConstTensorPtr c = constInput(i);
  if (c && c->numElements() == 1 && isFoldableDType(c->dtype())) {
    op.scalar = c->getDouble(0);
    return op;
  }
  auto v = input(i);
  if (!v)
    return v.takeError();
  op.tensor = *v;
  return op;
}

Expected<std::array<ElementwiseOperand, 2>>
OnnxGraphImporter::binaryOperands() {
  auto x = elementwiseOperand(0);
  if (!x)
    return x.takeError();
  auto y = elementwiseOperand(1);
  if (!y)
    return y.takeError();
  return std::array<ElementwiseOperand, 2>{*x, *y};
}

Expected<SmallVector<ElementwiseOperand>>
OnnxGraphImporter::elementwiseOperands(bool skipMissing) {
  SmallVector<ElementwiseOperand> ops;
  for (int i = 0; i < node->input_size(); ++i) {
    if (skipMissing && !hasInput(i))
      continue;
    auto operand = elementwiseOperand(i);
    if (!operand)
      return operand.takeError();
    ops.push_back(*operand);
  }
  return ops;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::broadcastOperands(ArrayRef<ElementwiseOperand> ops) {
  SmallVector<int64_t> outShape;
  for (const ElementwiseOperand &op : ops) {
    auto b = broadcastShapes(outShape, op.shape);
    if (!b)
      return nodeError("shapes " + shapeString(outShape) + " and " +
                       shapeString(op.shape) + " are not broadcastable");
    outShape = *b;
  }
  return outShape;
}

Value OnnxGraphImporter::buildElementwise(VectorOp kind,
                                          ArrayRef<ElementwiseOperand> ops,
                                          ArrayRef<int64_t> outShape,
                                          ArrayRef<Type> scalarTypes,
                                          Type resultType, BodyFn body) {
  SmallVector<Value> tensors;
  for (const ElementwiseOperand &op : ops)
    if (op.tensor)
      tensors.push_back(op.tensor);
  return buildGeneric(kind, tensors, outShape, {}, resultType, 0,
                      [&](OpBuilder &b, Location l, ValueRange args) {
                        SmallVector<Value> operands;
                        size_t next = 0;
                        for (auto [op, type] : llvm::zip(ops, scalarTypes))
                          operands.push_back(
                              op.scalar ? scalarConstant(b, l, type, *op.scalar)
                                        : args[next++]);
                        return body(b, l, operands);
                      });
}

Error OnnxGraphImporter::lowerElementwise(VectorOp kind,
                                          ArrayRef<ElementwiseOperand> ops,
                                          BodyFn body) {
  auto outShape = broadcastOperands(ops);
  if (!outShape)
    return outShape.takeError();
  SmallVector<int> inputIds;
  for (int i = 0; i < static_cast<int>(ops.size()); ++i)
    inputIds.push_back(i);
  if (auto err = requireSameDType(inputIds))
    return err;
  int32_t dtype = inputDType(0);
  Type elementType = elementTypeFor(dtype);
  if (llvm::none_of(ops, [](const ElementwiseOperand &op) {
        return static_cast<bool>(op.tensor);
      }))
    return nodeError("all operands are constants but the op was not folded");
  SmallVector<Type> scalarTypes(ops.size(), elementType);
  Value result =
      buildElementwise(kind, ops, *outShape, scalarTypes, elementType, body);
  return setOutput(0, result, dtype);
}

Error OnnxGraphImporter::lowerUnary(VectorOp kind, BodyFn body) {
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point input, got " +
                     dtypeName(inputDType(0)));
  auto x = elementwiseOperand(0);
  if (!x)
    return x.takeError();
  return lowerElementwise(kind, {*x}, body);
}

/// A unary math/arith op applied to each element.
template <typename OpTy>
Error OnnxGraphImporter::lowerUnaryOp(VectorOp kind) {
  return lowerUnary(kind, [](OpBuilder &b, Location l, ValueRange a) {
    return b.create<OpTy>(l, a[0]).getResult();
  });
}

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

static Value buildArithmetic(OpBuilder &b, Location l, Arithmetic kind, Value x,
                             Value y, bool isUnsigned) {
  bool isFloat = isa<FloatType>(x.getType());
  switch (kind) {
  case Arithmetic::Add:
    return isFloat ? b.create<arith::AddFOp>(l, x, y).getResult()
                   : b.create<arith::AddIOp>(l, x, y).getResult();
  case Arithmetic::Sub:
    return isFloat ? b.create<arith::SubFOp>(l, x, y).getResult()
                   : b.create<arith::SubIOp>(l, x, y).getResult();
  case Arithmetic::Mul:
    return isFloat ? b.create<arith::MulFOp>(l, x, y).getResult()
                   : b.create<arith::MulIOp>(l, x, y).getResult();
  case Arithmetic::Div:
    return isFloat      ? b.create<arith::DivFOp>(l, x, y).getResult()
           : isUnsigned ? b.create<arith::DivUIOp>(l, x, y).getResult()
                        : b.create<arith::DivSIOp>(l, x, y).getResult();
  }
  return x;
}

bool OnnxGraphImporter::isBiasAdd() {
  for (int i = 0; i < 2; ++i) {
    ConstTensorPtr c = constInput(i);
    auto other = values.find(node->input(1 - i));
    if (c && other != values.end() && other->second.fromContraction &&
        llvm::count_if(c->shape(), [](int64_t d) { return d != 1; }) <= 1)
      return true;
  }
  return false;
}

Error OnnxGraphImporter::lowerArithmetic(Arithmetic kind) {
  if (inputDType(0) == kBool)
    return nodeError("boolean operands are supported only when constant");
  auto xy = binaryOperands();
  if (!xy)
    return xy.takeError();
  // A per-channel constant added to a conv/matmul result is its bias.
  VectorOp tag = kind == Arithmetic::Add
                     ? (isBiasAdd() ? VectorOp::Bias : VectorOp::Add)
                 : kind == Arithmetic::Sub ? VectorOp::Sub
                 : kind == Arithmetic::Mul ? VectorOp::Mul
                                           : VectorOp::Div;
  bool isUnsigned = isUnsignedDType(inputDType(0));
  return lowerElementwise(
      tag, *xy, [&](OpBuilder &b, Location l, ValueRange a) {
        return buildArithmetic(b, l, kind, a[0], a[1], isUnsigned);
      });
}

Error OnnxGraphImporter::lowerAdd() { return lowerArithmetic(Arithmetic::Add); }
Error OnnxGraphImporter::lowerSub() { return lowerArithmetic(Arithmetic::Sub); }
Error OnnxGraphImporter::lowerMul() { return lowerArithmetic(Arithmetic::Mul); }
Error OnnxGraphImporter::lowerDiv() { return lowerArithmetic(Arithmetic::Div); }

Error OnnxGraphImporter::lowerPow() {
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point base");
  auto xy = binaryOperands();
  if (!xy)
    return xy.takeError();
  std::optional<double> exponent = (*xy)[1].scalar;
  if (exponent == 2.0)
    return lowerElementwise(
        VectorOp::Mul, *xy, [](OpBuilder &b, Location l, ValueRange a) {
          return b.create<arith::MulFOp>(l, a[0], a[0]).getResult();
        });
  if (exponent == 0.5)
    return lowerElementwise(
        VectorOp::Sqrt, *xy, [](OpBuilder &b, Location l, ValueRange a) {
          return b.create<math::SqrtOp>(l, a[0]).getResult();
        });
  if (!isFloatDType(inputDType(1)))
    return nodeError("expects a floating-point exponent");
  return lowerElementwise(
      VectorOp::Exp, *xy, [](OpBuilder &b, Location l, ValueRange a) {
        return b.create<math::PowFOp>(l, a[0], a[1]).getResult();
      });
}

Error OnnxGraphImporter::lowerNeg() {
  return lowerUnaryOp<arith::NegFOp>(VectorOp::Mul);
}

Error OnnxGraphImporter::lowerReciprocal() {
  return lowerUnary(VectorOp::Div, [&](OpBuilder &b, Location l, ValueRange a) {
    return b
        .create<arith::DivFOp>(l, scalarConstant(b, l, a[0].getType(), 1.0),
                               a[0])
        .getResult();
  });
}

//===----------------------------------------------------------------------===//
// Activations and unary math
//===----------------------------------------------------------------------===//

Error OnnxGraphImporter::lowerRelu() {
  return lowerUnary(
      VectorOp::Relu, [&](OpBuilder &b, Location l, ValueRange a) {
        Value zero = scalarConstant(b, l, a[0].getType(), 0.0);
        return b.create<arith::MaximumFOp>(l, a[0], zero).getResult();
      });
}

Error OnnxGraphImporter::lowerLeakyRelu() {
  double alpha = attrFloat("alpha", 0.01f);
  return lowerUnary(
      VectorOp::Relu, [&](OpBuilder &b, Location l, ValueRange a) {
        Type t = a[0].getType();
        Value zero = scalarConstant(b, l, t, 0.0);
        Value scaled =
            b.create<arith::MulFOp>(l, a[0], scalarConstant(b, l, t, alpha));
        Value positive =
            b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT, a[0], zero);
        return b.create<arith::SelectOp>(l, positive, a[0], scaled).getResult();
      });
}

Error OnnxGraphImporter::lowerSigmoid() {
  return lowerUnary(
      VectorOp::Sigmoid, [&](OpBuilder &b, Location l, ValueRange a) {
        Type t = a[0].getType();
        Value neg = b.create<arith::NegFOp>(l, a[0]);
        Value e = b.create<math::ExpOp>(l, neg);
        Value den = b.create<arith::AddFOp>(l, e, scalarConstant(b, l, t, 1.0));
        return b.create<arith::DivFOp>(l, scalarConstant(b, l, t, 1.0), den)
            .getResult();
      });
}

/// max(0, min(1, alpha * x + beta))
static Value hardSigmoidBody(OpBuilder &b, Location l, Value x, double alpha,
                             double beta,
                             llvm::function_ref<Value(double)> constant) {
  Value y = b.create<arith::MulFOp>(l, x, constant(alpha));
  y = b.create<arith::AddFOp>(l, y, constant(beta));
  y = b.create<arith::MinimumFOp>(l, y, constant(1.0));
  return b.create<arith::MaximumFOp>(l, y, constant(0.0));
}

Error OnnxGraphImporter::lowerHardSigmoid() {
  double alpha = attrFloat("alpha", 0.2f), beta = attrFloat("beta", 0.5f);
  return lowerUnary(
      VectorOp::HardSigmoid, [&](OpBuilder &b, Location l, ValueRange a) {
        return hardSigmoidBody(b, l, a[0], alpha, beta, [&](double v) {
          return scalarConstant(b, l, a[0].getType(), v);
        });
      });
}

Error OnnxGraphImporter::lowerHardSwish() {
  return lowerUnary(
      VectorOp::HardSwish, [&](OpBuilder &b, Location l, ValueRange a) {
        Value gate = hardSigmoidBody(b, l, a[0], 1.0 / 6.0, 0.5, [&](double v) {
          return scalarConstant(b, l, a[0].getType(), v);
        });
        return b.create<arith::MulFOp>(l, a[0], gate).getResult();
      });
}

Error OnnxGraphImporter::lowerTanh() {
  return lowerUnaryOp<math::TanhOp>(VectorOp::Tanh);
}

Error OnnxGraphImporter::lowerErf() {
  return lowerUnaryOp<math::ErfOp>(VectorOp::Erf);
}

Error OnnxGraphImporter::lowerSqrt() {
  return lowerUnaryOp<math::SqrtOp>(VectorOp::Sqrt);
}

Error OnnxGraphImporter::lowerExp() {
  return lowerUnaryOp<math::ExpOp>(VectorOp::Exp);
}

/// clamp(x, lo, hi) with either bound optional; `bound(true)` makes the
/// lower bound's value, `bound(false)` the upper one's, each just before use.
static Value clampBody(OpBuilder &b, Location l, Value x, bool hasLo,
                       bool hasHi, llvm::function_ref<Value(bool)> bound) {
  if (hasLo)
    x = b.create<arith::MaximumFOp>(l, x, bound(true));
  if (hasHi)
    x = b.create<arith::MinimumFOp>(l, x, bound(false));
  return x;
}

Error OnnxGraphImporter::lowerClip() {
  if (opset >= 11 &&
      ((hasInput(1) && !constInput(1)) || (hasInput(2) && !constInput(2)))) {
    // Run-time bounds: scalar tensors broadcast into the clamp.
    auto ops = elementwiseOperands(/*skipMissing=*/true);
    if (!ops)
      return ops.takeError();
    if (!isFloatDType(inputDType(0)))
      return nodeError("expects a floating-point input, got " +
                       dtypeName(inputDType(0)));
    bool hasLo = hasInput(1), hasHi = hasInput(2);
    return lowerElementwise(
        VectorOp::Clip, *ops, [&](OpBuilder &b, Location l, ValueRange a) {
          return clampBody(b, l, a[0], hasLo, hasHi, [&](bool low) {
            return low ? a[1] : a[hasLo ? 2 : 1];
          });
        });
  }
  std::optional<double> lo, hi;
  if (opset >= 11) {
    for (int i = 1; i <= 2; ++i) {
      if (!hasInput(i))
        continue;
      auto c = requireConstInput(i, i == 1 ? "min" : "max");
      if (!c)
        return c.takeError();
      if ((*c)->numElements() != 1)
        return nodeError("min/max must be scalars");
      (i == 1 ? lo : hi) = (*c)->getDouble(0);
    }
  } else {
    if (attr("min"))
      lo = attrFloat("min", 0);
    if (attr("max"))
      hi = attrFloat("max", 0);
  }
  return lowerUnary(VectorOp::Clip, [&](OpBuilder &b, Location l,
                                        ValueRange a) {
    return clampBody(b, l, a[0], lo.has_value(), hi.has_value(), [&](bool low) {
      return scalarConstant(b, l, a[0].getType(), low ? *lo : *hi);
    });
  });
}

//===----------------------------------------------------------------------===//
// Comparisons, logic, Min/Max, Where
//===----------------------------------------------------------------------===//

Error OnnxGraphImporter::lowerLogicOrMinMax() {
  StringRef op = node->op_type();
  auto ops = elementwiseOperands(/*skipMissing=*/false);
  if (!ops)
    return ops.takeError();
  if (ops->empty())
    return nodeError("expects at least one input");
  // Where's condition is bool; its value operands decide the type.
  int first = op == "Where" ? 1 : 0;
  if (op == "Where" && ops->size() != 3)
    return nodeError("expects 3 inputs");
  SmallVector<int> same;
  for (int i = first; i < static_cast<int>(ops->size()); ++i)
    same.push_back(i);
  if (auto err = requireSameDType(same))
    return err;
  int32_t dtype = inputDType(first);
  bool isFloat = isFloatDType(dtype);
  bool isUnsigned = isUnsignedDType(dtype);
  auto cmp = [&](OpBuilder &b, Location l, Value x, Value y) -> Value {
    if (isFloat) {
      auto pred = op == "Equal"  ? arith::CmpFPredicate::OEQ
                  : op == "Less" ? arith::CmpFPredicate::OLT
                                 : arith::CmpFPredicate::OGT;
      return b.create<arith::CmpFOp>(l, pred, x, y);
    }
    auto pred = op == "Equal"  ? arith::CmpIPredicate::eq
                : op == "Less" ? (isUnsigned ? arith::CmpIPredicate::ult
                                             : arith::CmpIPredicate::slt)
                               : (isUnsigned ? arith::CmpIPredicate::ugt
                                             : arith::CmpIPredicate::sgt);
    return b.create<arith::CmpIOp>(l, pred, x, y);
  };
  auto minOrMax = [&](OpBuilder &b, Location l, Value x, Value y) -> Value {
    bool isMin = op == "Min";
    if (isFloat)
      return isMin ? b.create<arith::MinimumFOp>(l, x, y).getResult()
                   : b.create<arith::MaximumFOp>(l, x, y).getResult();
    if (isUnsigned)
      return isMin ? b.create<arith::MinUIOp>(l, x, y).getResult()
                   : b.create<arith::MaxUIOp>(l, x, y).getResult();
    return isMin ? b.create<arith::MinSIOp>(l, x, y).getResult()
                 : b.create<arith::MaxSIOp>(l, x, y).getResult();
  };
  // Scalars folded into the body need the operand's own element type.
  SmallVector<Type> scalarTypes;
  for (int i = 0; i < static_cast<int>(ops->size()); ++i)
    scalarTypes.push_back(elementTypeFor(inputDType(i)));
  auto outShape = broadcastOperands(*ops);
  if (!outShape)
    return outShape.takeError();
  bool boolResult = op == "Equal" || op == "Less" || op == "Greater" ||
                    op == "And" || op == "Or" || op == "Not";
  int32_t outDType = boolResult ? kBool : dtype;
  VectorOp kind = (op == "Min" || op == "Max") ? VectorOp::Relu
                  : op == "Where"              ? VectorOp::Copy
                                               : VectorOp::Add;
  Value result = buildElementwise(
      kind, *ops, *outShape, scalarTypes, elementTypeFor(outDType),
      [&](OpBuilder &b, Location l, ValueRange v) -> Value {
        if (op == "Where")
          return b.create<arith::SelectOp>(l, v[0], v[1], v[2]);
        if (op == "Not")
          return b.create<arith::XOrIOp>(
              l, v[0], scalarConstant(b, l, v[0].getType(), 1));
        if (op == "And")
          return b.create<arith::AndIOp>(l, v[0], v[1]);
        if (op == "Or")
          return b.create<arith::OrIOp>(l, v[0], v[1]);
        if (op == "Min" || op == "Max") {
          Value acc = v[0];
          for (Value x : v.drop_front())
            acc = minOrMax(b, l, acc, x);
          return acc;
        }
        return cmp(b, l, v[0], v[1]);
      });
  return setOutput(0, result, outDType);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

Error OnnxGraphImporter::lowerCast() {
  int32_t from = inputDType(0);
  int32_t to = static_cast<int32_t>(attrInt("to", kFloat));
  if (to == from)
    return lowerIdentity();
  if (dtypeByteSize(to) == 0 || dtypeByteSize(from) == 0)
    return nodeError("Cast from " + dtypeName(from) + " to " + dtypeName(to) +
                     " is not supported");
  auto x = input(0);
  if (!x)
    return x.takeError();
  Type dst = elementTypeFor(to);
  bool fromFloat = isFloatDType(from), toFloat = isFloatDType(to);
  bool fromUnsigned = isUnsignedDType(from), toUnsigned = isUnsignedDType(to);
  Value result = buildGeneric(
      VectorOp::Copy, {*x}, shapeOf(*x), {}, dst, 0,
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value v = a[0];
        unsigned srcBits = v.getType().getIntOrFloatBitWidth();
        unsigned dstBits = dst.getIntOrFloatBitWidth();
        if (to == kBool) {
          Value zero = scalarConstant(b, l, v.getType(), 0.0);
          return fromFloat
                     ? b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNE, v,
                                               zero)
                           .getResult()
                     : b.create<arith::CmpIOp>(l, arith::CmpIPredicate::ne, v,
                                               zero)
                           .getResult();
        }
        if (fromFloat && toFloat)
          return srcBits < dstBits
                     ? b.create<arith::ExtFOp>(l, dst, v).getResult()
                     : b.create<arith::TruncFOp>(l, dst, v).getResult();
        if (!fromFloat && toFloat)
          return fromUnsigned
                     ? b.create<arith::UIToFPOp>(l, dst, v).getResult()
                     : b.create<arith::SIToFPOp>(l, dst, v).getResult();
        if (fromFloat)
          return toUnsigned ? b.create<arith::FPToUIOp>(l, dst, v).getResult()
                            : b.create<arith::FPToSIOp>(l, dst, v).getResult();
        if (srcBits < dstBits)
          return fromUnsigned ? b.create<arith::ExtUIOp>(l, dst, v).getResult()
                              : b.create<arith::ExtSIOp>(l, dst, v).getResult();
        if (srcBits > dstBits)
          return b.create<arith::TruncIOp>(l, dst, v).getResult();
        return v; // same width, signedness only: signless in MLIR
      });
  return setOutput(0, result, to);
}
