//===- ConstantFolding.cpp - Nodes whose inputs are all constants ---------===//
//
// Shape sub-graphs (x.view(x.size(0), -1), the masks of attention) compute
// on constants known at import time. Such nodes are evaluated here and
// their outputs stay constants; nothing reaches the IR unless a lowered op
// consumes them. Integer arithmetic is exact in int64 (shape values such as
// INT64_MAX in Slice ends survive).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

using namespace cim::onnx_import;

static const llvm::StringSet<> &foldableOps() {
  static const llvm::StringSet<> ops = {"Identity", "Dropout",
                                        "Reshape",  "Flatten",
                                        "Squeeze",  "Unsqueeze",
                                        "Cast",     "Transpose",
                                        "Concat",   "Gather",
                                        "Slice",    "Split",
                                        "Expand",   "ConstantOfShape",
                                        "Range",    "Add",
                                        "Sub",      "Mul",
                                        "Div",      "Pow",
                                        "Equal",    "Less",
                                        "Greater",  "Where",
                                        "Not",      "Neg",
                                        "Sqrt",     "Min",
                                        "Max",      "And",
                                        "Or"};
  return ops;
}

Expected<bool> OnnxGraphImporter::tryFold() {
  StringRef op = node->op_type();
  if (!foldableOps().contains(op))
    return false;
  SmallVector<ConstTensorPtr> in;
  for (int i = 0; i < node->input_size(); ++i) {
    if (!hasInput(i)) {
      in.push_back(nullptr);
      continue;
    }
    ConstTensorPtr c = constInput(i);
    if (!c || !isFoldableDType(c->dtype()))
      return false;
    in.push_back(c);
  }
  if (in.empty() || !in[0])
    return false;
  const ConstTensor &x = *in[0];
  if (op == "Dropout" && (hasOutput(1) || hasInput(2)))
    return false; // the lowering handles the mask and training_mode
  if (op == "Split") {
    if (Error err = foldSplit(x))
      return std::move(err);
    return true;
  }

  Expected<ConstTensorPtr> result = foldOutput(in);
  if (!result)
    return result.takeError();
  if (Error err = setOutputConst(0, *result))
    return std::move(err);
  return true;
}

Error OnnxGraphImporter::checkFoldedShape(ArrayRef<int64_t> shape) {
  if (auto problem = tensorSizeProblem(shape, kMaxFoldedElements))
    return nodeError("the result computed at import time " + *problem);
  return Error::success();
}

Expected<ConstTensorPtr>
OnnxGraphImporter::foldOutput(ArrayRef<ConstTensorPtr> in) {
  StringRef op = node->op_type();
  const ConstTensor &x = *in[0];
  if (op == "Identity" || op == "Dropout")
    return in[0];
  if (op == "Reshape" || op == "Flatten" || op == "Squeeze" ||
      op == "Unsqueeze") {
    auto target = op == "Reshape"   ? reshapeTarget(x.shape(), *in[1])
                  : op == "Flatten" ? flattenTarget(x.shape())
                  : op == "Squeeze" ? squeezeTarget(x.shape())
                                    : unsqueezeTarget(x.shape());
    if (!target)
      return target.takeError();
    return x.reshaped(*target);
  }
  if (op == "Cast") {
    int32_t to = static_cast<int32_t>(attrInt("to", kFloat));
    if (!isFoldableDType(to))
      return nodeError("cannot fold a Cast to " + dtypeName(to));
    return x.castTo(to);
  }
  if (op == "Transpose") {
    auto perm = transposePerm(x.rank());
    if (!perm)
      return perm.takeError();
    return x.transposed(*perm);
  }
  if (op == "Concat")
    return foldConcat(in);
  if (op == "Gather")
    return foldGather(in);
  if (op == "Slice")
    return foldSlice(x);
  if (op == "Expand") {
    auto outShape = broadcastShapes(x.shape(), in[1]->getInts());
    if (!outShape)
      return nodeError("cannot expand " + shapeString(x.shape()) + " to " +
                       shapeString(in[1]->getInts()));
    if (Error err = checkFoldedShape(*outShape))
      return std::move(err);
    return x.gather(*outShape, broadcastSource(*outShape, x.shape()));
  }
  if (op == "ConstantOfShape")
    return foldConstantOfShape(x);
  if (op == "Range")
    return foldRange(in);
  if (op == "Not" || op == "Neg" || op == "Sqrt") {
    std::vector<double> vals = x.getDoubles();
    for (double &v : vals)
      v = op == "Not" ? (v == 0) : op == "Neg" ? -v : std::sqrt(v);
    return ConstTensor::fromDoubles(x.dtype(), x.shape(), vals);
  }
  if (op == "Where")
    return foldWhere(in);
  return foldBinary(in);
}

Expected<ConstTensorPtr>
OnnxGraphImporter::foldConcat(ArrayRef<ConstTensorPtr> in) {
  const ConstTensor &x = *in[0];
  int64_t rank = x.rank();
  auto axis = axisAttr("axis", 0, rank);
  if (!axis)
    return axis.takeError();
  SmallVector<int64_t> outShape(x.shape());
  outShape[*axis] = 0;
  for (const ConstTensorPtr &t : in) {
    if (t->rank() != rank || t->dtype() != x.dtype())
      return nodeError("concat operands differ in rank or element type");
    outShape[*axis] += t->shape()[*axis];
  }
  size_t size = dtypeByteSize(x.dtype());
  int64_t outer = numElementsOf(ArrayRef<int64_t>(outShape).take_front(*axis));
  std::vector<char> bytes;
  bytes.reserve(numElementsOf(outShape) * size);
  for (int64_t o = 0; o < outer; ++o)
    for (const ConstTensorPtr &t : in) {
      int64_t block = numElementsOf(t->shape().drop_front(*axis)) * size;
      const char *src = t->bytes().data() + o * block;
      bytes.insert(bytes.end(), src, src + block);
    }
  return ConstTensor::fromBytes(x.dtype(), outShape, std::move(bytes));
}

Expected<ConstTensorPtr>
OnnxGraphImporter::foldGather(ArrayRef<ConstTensorPtr> in) {
  const ConstTensor &x = *in[0];
  auto axis = axisAttr("axis", 0, x.rank());
  if (!axis)
    return axis.takeError();
  int64_t dim = x.shape()[*axis];
  auto idx = gatherIndices(*in[1], dim);
  if (!idx)
    return idx.takeError();
  SmallVector<int64_t> outShape(x.shape().take_front(*axis));
  llvm::append_range(outShape, in[1]->shape());
  llvm::append_range(outShape, x.shape().drop_front(*axis + 1));
  if (Error err = checkFoldedShape(outShape))
    return std::move(err);
  int64_t inner = numElementsOf(x.shape().drop_front(*axis + 1));
  int64_t count = idx->size();
  return x.gather(outShape, [&](int64_t flat) {
    int64_t i = flat % inner, k = (flat / inner) % count,
            o = flat / (inner * count);
    return (o * dim + (*idx)[k]) * inner + i;
  });
}

Expected<ConstTensorPtr> OnnxGraphImporter::foldSlice(const ConstTensor &x) {
  auto p = sliceParams(x.shape());
  if (!p)
    return p.takeError();
  SmallVector<int64_t> outStrides = stridesOf(p->sizes);
  SmallVector<int64_t> inStrides = stridesOf(x.shape());
  return x.gather(p->sizes, [&](int64_t flat) {
    int64_t src = 0;
    for (size_t d = 0; d < p->sizes.size(); ++d) {
      int64_t i = (flat / outStrides[d]) % p->sizes[d];
      src += (p->offsets[d] + i * p->steps[d]) * inStrides[d];
    }
    return src;
  });
}

Error OnnxGraphImporter::foldSplit(const ConstTensor &x) {
  auto axis = axisAttr("axis", 0, x.rank());
  if (!axis)
    return axis.takeError();
  auto sizes = splitSizes(x.shape(), *axis);
  if (!sizes)
    return sizes.takeError();
  int64_t offset = 0;
  int64_t inner = numElementsOf(x.shape().drop_front(*axis + 1));
  int64_t dim = x.shape()[*axis];
  for (auto [k, size] : llvm::enumerate(*sizes)) {
    int64_t len = size; // a structured binding cannot be captured (C++17)
    SmallVector<int64_t> outShape(x.shape());
    outShape[*axis] = len;
    auto piece = x.gather(outShape, [&](int64_t flat) {
      int64_t i = flat % inner, a = (flat / inner) % len,
              o = flat / (inner * len);
      return (o * dim + offset + a) * inner + i;
    });
    if (Error err = setOutputConst(k, piece))
      return err;
    offset += len;
  }
  return Error::success();
}

Expected<ConstTensorPtr>
OnnxGraphImporter::foldConstantOfShape(const ConstTensor &shape) {
  ConstTensorPtr fill = ConstTensor::fromDoubles(kFloat, {1}, {0.0});
  if (const onnx::AttributeProto *a = attr("value")) {
    auto t = ConstTensor::fromProto(a->t());
    if (!t)
      return nodeError(toString(t.takeError()));
    fill = *t;
  }
  if (fill->numElements() != 1 || !isFoldableDType(fill->dtype()))
    return nodeError("'value' must be a one-element tensor");
  if (Error err = checkFoldedShape(shape.getInts()))
    return std::move(err);
  return fill->gather(shape.getInts(), [](int64_t) { return int64_t(0); });
}

Expected<ConstTensorPtr>
OnnxGraphImporter::foldRange(ArrayRef<ConstTensorPtr> in) {
  const ConstTensor &start = *in[0];
  if (!isFloatDType(start.dtype())) {
    // Integers in int64, checked: doubles would round values past 2^53.
    int64_t first = start.getInt(0), limit = in[1]->getInt(0),
            delta = in[2]->getInt(0);
    if (delta == 0)
      return nodeError("Range needs a nonzero delta");
    std::optional<int64_t> span = llvm::checkedSub(limit, first);
    if (!span)
      return nodeError("Range from " + Twine(first) + " to " + Twine(limit) +
                       " overflows int64");
    int64_t n = std::max<int64_t>(llvm::divideCeilSigned(*span, delta), 0);
    if (n > kMaxFoldedElements)
      return nodeError("Range of " + Twine(n) + " elements; the limit is " +
                       Twine(kMaxFoldedElements));
    // first + i * delta lies between first and limit: no overflow.
    std::vector<int64_t> vals;
    for (int64_t i = 0; i < n; ++i)
      vals.push_back(first + i * delta);
    return ConstTensor::fromInts(start.dtype(), {n}, vals);
  }
  double first = start.getDouble(0), limit = in[1]->getDouble(0),
         delta = in[2]->getDouble(0);
  if (delta == 0 || !std::isfinite(first) || !std::isfinite(limit) ||
      !std::isfinite(delta))
    return nodeError("Range needs finite start and limit and a nonzero delta");
  double count = std::max(std::ceil((limit - first) / delta), 0.0);
  if (count > static_cast<double>(kMaxFoldedElements))
    return nodeError("Range of " +
                     Twine(static_cast<uint64_t>(std::min(count, 1e18))) +
                     " elements; the limit is " + Twine(kMaxFoldedElements));
  int64_t n = static_cast<int64_t>(count);
  SmallVector<double> vals;
  for (int64_t i = 0; i < n; ++i)
    vals.push_back(first + i * delta);
  return ConstTensor::fromDoubles(start.dtype(), {n}, vals);
}

Expected<ConstTensorPtr>
OnnxGraphImporter::foldWhere(ArrayRef<ConstTensorPtr> in) {
  const ConstTensor &cond = *in[0];
  auto shape = broadcastShapes(cond.shape(), in[1]->shape());
  if (shape)
    shape = broadcastShapes(*shape, in[2]->shape());
  if (!shape)
    return nodeError("Where operands are not broadcastable");
  if (Error err = checkFoldedShape(*shape))
    return std::move(err);
  auto sc = broadcastSource(*shape, cond.shape());
  auto sa = broadcastSource(*shape, in[1]->shape());
  auto sb = broadcastSource(*shape, in[2]->shape());
  int64_t n = numElementsOf(*shape);
  size_t size = dtypeByteSize(in[1]->dtype());
  std::vector<char> bytes(n * size);
  for (int64_t i = 0; i < n; ++i) {
    bool pick = cond.getInt(sc(i)) != 0;
    const ConstTensor &src = pick ? *in[1] : *in[2];
    int64_t j = pick ? sa(i) : sb(i);
    std::memcpy(bytes.data() + i * size, src.bytes().data() + j * size, size);
  }
  return ConstTensor::fromBytes(in[1]->dtype(), *shape, std::move(bytes));
}

/// One element of a binary op; Div is C-style integer division on ints.
static double applyBinary(StringRef op, double a, double b, bool isFloat) {
  if (op == "Add")
    return a + b;
  if (op == "Sub")
    return a - b;
  if (op == "Mul")
    return a * b;
  if (op == "Div") {
    if (isFloat)
      return a / b;
    return b == 0 ? 0
                  : static_cast<double>(static_cast<int64_t>(a) /
                                        static_cast<int64_t>(b));
  }
  if (op == "Pow")
    return std::pow(a, b);
  if (op == "Equal")
    return a == b;
  if (op == "Less")
    return a < b;
  if (op == "Greater")
    return a > b;
  if (op == "Min")
    return std::min(a, b);
  if (op == "Max")
    return std::max(a, b);
  if (op == "And")
    return (a != 0) && (b != 0);
  return (a != 0) || (b != 0); // Or
}

Expected<ConstTensorPtr>
OnnxGraphImporter::foldBinary(ArrayRef<ConstTensorPtr> in) {
  StringRef op = node->op_type();
  if (in.size() != 2 || !in[1])
    return nodeError("expects two inputs");
  const ConstTensor &x = *in[0], &y = *in[1];
  auto shape = broadcastShapes(x.shape(), y.shape());
  if (!shape)
    return nodeError("shapes " + shapeString(x.shape()) + " and " +
                     shapeString(y.shape()) + " are not broadcastable");
  if (Error err = checkFoldedShape(*shape))
    return std::move(err);
  bool isFloat = isFloatDType(x.dtype()) || isFloatDType(y.dtype());
  bool compare = op == "Equal" || op == "Less" || op == "Greater";
  int32_t outDType = compare ? kBool : x.dtype();
  auto sx = broadcastSource(*shape, x.shape());
  auto sy = broadcastSource(*shape, y.shape());
  int64_t n = numElementsOf(*shape);
  if (isFloat) {
    std::vector<double> vals(n);
    for (int64_t i = 0; i < n; ++i)
      vals[i] = applyBinary(op, x.getDouble(sx(i)), y.getDouble(sy(i)), true);
    return ConstTensor::fromDoubles(outDType, *shape, vals);
  }
  // Integer arithmetic stays exact in int64 (shape values can exceed 2^53)
  // and is checked: a wrapped shape value would become a wrong size.
  std::vector<int64_t> vals(n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t a = x.getInt(sx(i)), b = y.getInt(sy(i));
    std::optional<int64_t> r;
    if (op == "Add")
      r = llvm::checkedAdd(a, b);
    else if (op == "Sub")
      r = llvm::checkedSub(a, b);
    else if (op == "Mul")
      r = llvm::checkedMul(a, b);
    else if (op == "Div") {
      if (b == 0)
        return nodeError("integer division by zero at import time");
      if (a != std::numeric_limits<int64_t>::min() || b != -1)
        r = a / b;
    } else {
      r = static_cast<int64_t>(applyBinary(op, static_cast<double>(a),
                                           static_cast<double>(b), false));
    }
    if (!r)
      return nodeError("integer " + op + " of " + Twine(a) + " and " +
                       Twine(b) + " overflows int64 at import time");
    vals[i] = *r;
  }
  return ConstTensor::fromInts(outDType, *shape, vals);
}
