//===- DataMovement.cpp - Reshapes, slices, concatenation, constants
//-------===//
//
// Ops that move or reinterpret data: tensor.collapse_shape / expand_shape,
// linalg.transpose, tensor.concat, tensor.extract_slice, broadcasting
// copies; and the ops whose result is known at import time (Constant,
// Shape, Size). The shape computations here are shared with the constant
// folder, which runs the same ops on constants.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;

//===----------------------------------------------------------------------===//
// Shape computations shared by folding and lowering
//===----------------------------------------------------------------------===//

Expected<SmallVector<int64_t>>
OnnxGraphImporter::reshapeTarget(ArrayRef<int64_t> in,
                                 const ConstTensor &shapeTensor) {
  SmallVector<int64_t> target = shapeTensor.getInts();
  bool allowZero = attrInt("allowzero", 0) != 0;
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return nodeError("shape entry 0 at position " + Twine(i) +
                         " has no input dimension to copy");
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return nodeError("more than one -1 in the target shape");
      inferred = i;
      continue;
    }
    if (d < 0)
      return nodeError("invalid target dimension " + Twine(d));
    // The target comes from a constant: bound it before multiplying.
    if (d > kMaxDimSize)
      return nodeError("target dimension " + Twine(i) + " is " + Twine(d) +
                       "; expected at most " + Twine(kMaxDimSize));
    std::optional<int64_t> product = llvm::checkedMul(known, d);
    if (!product)
      return nodeError("target shape " + shapeString(shapeTensor.getInts()) +
                       " has more than 2^63 elements");
    known = *product;
  }
  int64_t total = numElementsOf(in);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return nodeError("cannot infer the -1 dimension reshaping " +
                       shapeString(in) + " to " +
                       shapeString(shapeTensor.getInts()));
    target[inferred] = total / known;
  }
  if (numElementsOf(target) != total)
    return nodeError("cannot reshape " + shapeString(in) + " (" + Twine(total) +
                     " elements) to " + shapeString(target));
  return target;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::squeezeTarget(ArrayRef<int64_t> in) {
  std::optional<SmallVector<int64_t>> axes;
  if (opset >= 13) {
    if (hasInput(1)) {
      auto c = requireConstInput(1, "axes");
      if (!c)
        return c.takeError();
      axes = (*c)->getInts();
    }
  } else {
    axes = attrInts("axes");
  }
  int64_t rank = in.size();
  SmallVector<bool> drop(rank, false);
  if (!axes) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = in[d] == 1;
  } else {
    for (int64_t a : *axes) {
      int64_t axis = normalizeAxis(a, rank);
      if (axis < 0 || axis >= rank || in[axis] != 1)
        return nodeError("cannot squeeze axis " + Twine(a) + " of shape " +
                         shapeString(in));
      drop[axis] = true;
    }
  }
  SmallVector<int64_t> out;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      out.push_back(in[d]);
  return out;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::unsqueezeTarget(ArrayRef<int64_t> in) {
  SmallVector<int64_t> axes;
  if (opset >= 13) {
    auto c = requireConstInput(1, "axes");
    if (!c)
      return c.takeError();
    axes = (*c)->getInts();
  } else {
    auto a = attrInts("axes");
    if (!a)
      return nodeError("missing attribute 'axes'");
    axes = *a;
  }
  int64_t outRank = in.size() + axes.size();
  SmallVector<bool> inserted(outRank, false);
  for (int64_t a : axes) {
    int64_t axis = normalizeAxis(a, outRank);
    if (axis < 0 || axis >= outRank || inserted[axis])
      return nodeError("invalid unsqueeze axis " + Twine(a) + " for shape " +
                       shapeString(in));
    inserted[axis] = true;
  }
  SmallVector<int64_t> out;
  size_t next = 0;
  for (int64_t d = 0; d < outRank; ++d)
    out.push_back(inserted[d] ? 1 : in[next++]);
  return out;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::flattenTarget(ArrayRef<int64_t> in) {
  int64_t rank = in.size();
  // Flatten's axis may equal the rank (everything in the first dim).
  int64_t axis = normalizeAxis(attrInt("axis", 1), rank);
  if (axis < 0 || axis > rank)
    return nodeError("axis " + Twine(attrInt("axis", 1)) +
                     " out of range for rank " + Twine(rank));
  return SmallVector<int64_t>{numElementsOf(in.take_front(axis)),
                              numElementsOf(in.drop_front(axis))};
}

Expected<OnnxGraphImporter::SliceParams>
OnnxGraphImporter::sliceParams(ArrayRef<int64_t> in) {
  int64_t rank = in.size();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (opset >= 10) {
    // starts, ends (required), axes, steps (optional) are inputs 1..4.
    SmallVector<int64_t> *fields[] = {&starts, &ends, &axes, &steps};
    const char *names[] = {"starts", "ends", "axes", "steps"};
    for (int i = 1; i <= 4; ++i) {
      if (i > 2 && !hasInput(i))
        continue;
      auto c = requireConstInput(i, names[i - 1]);
      if (!c)
        return c.takeError();
      *fields[i - 1] = (*c)->getInts();
    }
  } else {
    starts = attrInts("starts").value_or(SmallVector<int64_t>{});
    ends = attrInts("ends").value_or(SmallVector<int64_t>{});
    axes = attrInts("axes").value_or(SmallVector<int64_t>{});
  }
  if (starts.size() != ends.size())
    return nodeError("starts and ends differ in length");
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size())
    return nodeError("starts, ends, axes and steps differ in length");
  SliceParams p;
  p.offsets.assign(rank, 0);
  p.sizes.assign(in.begin(), in.end());
  p.steps.assign(rank, 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = normalizeAxis(axes[i], rank);
    if (axis < 0 || axis >= rank)
      return nodeError("slice axis " + Twine(axes[i]) +
                       " out of range for rank " + Twine(rank));
    int64_t dim = in[axis], step = steps[i];
    if (step <= 0)
      return nodeError("slice step " + Twine(step) + " on axis " +
                       Twine(axes[i]) +
                       " is not supported (only positive steps)");
    int64_t start = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t end = ends[i] < 0 ? ends[i] + dim : ends[i];
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    p.offsets[axis] = start;
    p.steps[axis] = step;
    p.sizes[axis] = end > start ? (end - start + step - 1) / step : 0;
  }
  return p;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::splitSizes(ArrayRef<int64_t> in, int64_t axis) {
  SmallVector<int64_t> sizes;
  if (opset >= 13 && hasInput(1)) {
    auto c = requireConstInput(1, "split");
    if (!c)
      return c.takeError();
    sizes = (*c)->getInts();
  } else if (auto a = attrInts("split")) {
    sizes = *a;
  } else {
    int64_t n = node->output_size();
    if (in[axis] % n != 0)
      return nodeError("dimension " + Twine(in[axis]) +
                       " does not split evenly into " + Twine(n) + " outputs");
    sizes.assign(n, in[axis] / n);
  }
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0 || s > kMaxDimSize)
      return nodeError("split sizes " + shapeString(sizes) +
                       " must each be in 0.." + Twine(kMaxDimSize));
    total += s;
  }
  if (total != in[axis] ||
      static_cast<int64_t>(sizes.size()) != node->output_size())
    return nodeError("split sizes " + shapeString(sizes) +
                     " do not match dimension " + Twine(in[axis]) + " and " +
                     Twine(node->output_size()) + " outputs");
  return sizes;
}

Expected<SmallVector<int64_t>> OnnxGraphImporter::transposePerm(int64_t rank) {
  SmallVector<int64_t> perm;
  if (auto p = attrInts("perm")) {
    perm = *p;
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  for (int64_t i = 0; i < rank; ++i)
    if (static_cast<int64_t>(sorted.size()) != rank || sorted[i] != i)
      return nodeError("perm " + shapeString(perm) +
                       " is not a permutation of rank " + Twine(rank));
  return perm;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::gatherIndices(const ConstTensor &indices, int64_t dim) {
  SmallVector<int64_t> idx = indices.getInts();
  for (int64_t &i : idx) {
    if (i < 0)
      i += dim;
    if (i < 0 || i >= dim)
      return nodeError("index out of range for dimension " + Twine(dim));
  }
  return idx;
}

//===----------------------------------------------------------------------===//
// Lowerings
//===----------------------------------------------------------------------===//

Error OnnxGraphImporter::lowerReshape() {
  auto in = inputAndConstant("shape");
  if (!in)
    return in.takeError();
  auto [x, shape] = *in;
  auto target = reshapeTarget(shapeOf(x), *shape);
  if (!target)
    return target.takeError();
  return setOutput(0, reshape(x, *target), inputDType(0));
}

Error OnnxGraphImporter::lowerReshapeTo(Expected<SmallVector<int64_t>> (
    OnnxGraphImporter::*target)(ArrayRef<int64_t>)) {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto shape = (this->*target)(shapeOf(*x));
  if (!shape)
    return shape.takeError();
  return setOutput(0, reshape(*x, *shape), inputDType(0));
}

Error OnnxGraphImporter::lowerFlatten() {
  return lowerReshapeTo(&OnnxGraphImporter::flattenTarget);
}

Error OnnxGraphImporter::lowerSqueeze() {
  return lowerReshapeTo(&OnnxGraphImporter::squeezeTarget);
}

Error OnnxGraphImporter::lowerUnsqueeze() {
  return lowerReshapeTo(&OnnxGraphImporter::unsqueezeTarget);
}

Error OnnxGraphImporter::lowerTranspose() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto perm = transposePerm(shapeOf(*x).size());
  if (!perm)
    return perm.takeError();
  return setOutput(0, transpose(*x, *perm), inputDType(0));
}

Error OnnxGraphImporter::lowerConcat() {
  SmallVector<int> all;
  for (int i = 0; i < node->input_size(); ++i)
    all.push_back(i);
  if (auto err = requireSameDType(all))
    return err;
  SmallVector<Value> ins;
  for (int i = 0; i < node->input_size(); ++i) {
    auto v = input(i);
    if (!v)
      return v.takeError();
    ins.push_back(*v);
  }
  if (ins.empty())
    return nodeError("expects at least one input");
  auto axis = axisAttr("axis", 0, shapeOf(ins[0]).size());
  if (!axis)
    return axis.takeError();
  for (Value v : ins) {
    SmallVector<int64_t> s = shapeOf(v), s0 = shapeOf(ins[0]);
    s[*axis] = s0[*axis] = 0;
    if (s != s0)
      return nodeError("operand shapes differ outside the concat axis");
  }
  Value result =
      ins.size() == 1
          ? ins[0]
          : builder.create<tensor::ConcatOp>(loc, *axis, ins).getResult();
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerSlice() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto p = sliceParams(shapeOf(*x));
  if (!p)
    return p.takeError();
  return setOutput(0, extractSlice(*x, p->offsets, p->sizes, p->steps),
                   inputDType(0));
}

Error OnnxGraphImporter::lowerSplit() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  SmallVector<int64_t> xs = shapeOf(*x);
  auto axis = axisAttr("axis", 0, xs.size());
  if (!axis)
    return axis.takeError();
  auto sizes = splitSizes(xs, *axis);
  if (!sizes)
    return sizes.takeError();
  int64_t offset = 0;
  for (auto [k, size] : llvm::enumerate(*sizes)) {
    if (auto e =
            setOutput(k, sliceAlong(*x, *axis, offset, size), inputDType(0)))
      return e;
    offset += size;
  }
  return Error::success();
}

Error OnnxGraphImporter::lowerGather() {
  auto in = inputAndConstant("indices");
  if (!in)
    return in.takeError();
  auto [x, indices] = *in;
  SmallVector<int64_t> xs = shapeOf(x);
  auto axis = axisAttr("axis", 0, xs.size());
  if (!axis)
    return axis.takeError();
  auto idx = gatherIndices(*indices, xs[*axis]);
  if (!idx)
    return idx.takeError();
  if (idx->empty())
    return nodeError("'indices' is empty; an empty Gather result is not "
                     "supported");
  // Each run of consecutive indices is one slice; runs are concatenated.
  SmallVector<Value> pieces;
  for (size_t start = 0; start < idx->size();) {
    size_t end = start + 1;
    while (end < idx->size() && (*idx)[end] == (*idx)[end - 1] + 1)
      ++end;
    pieces.push_back(
        sliceAlong(x, *axis, (*idx)[start], static_cast<int64_t>(end - start)));
    start = end;
  }
  Value joined =
      pieces.size() == 1
          ? pieces[0]
          : builder.create<tensor::ConcatOp>(loc, *axis, pieces).getResult();
  SmallVector<int64_t> outShape(ArrayRef<int64_t>(xs).take_front(*axis));
  llvm::append_range(outShape, indices->shape());
  llvm::append_range(outShape, ArrayRef<int64_t>(xs).drop_front(*axis + 1));
  return setOutput(0, reshape(joined, outShape), inputDType(0));
}

Error OnnxGraphImporter::lowerIdentity() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  return setOutput(0, *x, inputDType(0));
}

Error OnnxGraphImporter::lowerDropout() {
  if (ConstTensorPtr training = constInput(2))
    if (training->getInt(0) != 0)
      return nodeError("training_mode=true is not supported");
  if (hasInput(2) && !constInput(2))
    return nodeError("training_mode must be a constant");
  if (hasOutput(1)) {
    // Inference keeps every element: the mask is all true.
    auto shape = inputShape(0);
    if (!shape)
      return shape.takeError();
    SmallVector<int64_t> ones(numElementsOf(*shape), 1);
    if (auto err =
            setOutputConst(1, ConstTensor::fromInts(kBool, *shape, ones)))
      return err;
  }
  return lowerIdentity();
}

Error OnnxGraphImporter::lowerExpand() {
  auto in = inputAndConstant("shape");
  if (!in)
    return in.takeError();
  auto [x, shape] = *in;
  auto target = broadcastShapes(shapeOf(x), shape->getInts());
  if (!target)
    return nodeError("cannot expand " + shapeString(shapeOf(x)) + " to " +
                     shapeString(shape->getInts()));
  return setOutput(0, broadcastTo(x, *target), inputDType(0));
}

Error OnnxGraphImporter::lowerConstant() {
  ConstTensorPtr c;
  if (const onnx::AttributeProto *a = attr("value")) {
    auto t = ConstTensor::fromProto(a->t());
    if (!t)
      return nodeError(toString(t.takeError()));
    c = *t;
  } else if (const onnx::AttributeProto *a = attr("value_float")) {
    c = ConstTensor::fromDoubles(kFloat, {}, {a->f()});
  } else if (const onnx::AttributeProto *a = attr("value_floats")) {
    SmallVector<double> v(a->floats().begin(), a->floats().end());
    c = ConstTensor::fromDoubles(kFloat, {static_cast<int64_t>(v.size())}, v);
  } else if (const onnx::AttributeProto *a = attr("value_int")) {
    c = ConstTensor::fromInts(kInt64, {}, {a->i()});
  } else if (const onnx::AttributeProto *a = attr("value_ints")) {
    SmallVector<int64_t> v(a->ints().begin(), a->ints().end());
    c = ConstTensor::fromInts(kInt64, {static_cast<int64_t>(v.size())}, v);
  } else {
    return nodeError("only tensor, float(s) and int(s) constants are "
                     "supported");
  }
  return setOutputConst(0, c);
}

Error OnnxGraphImporter::lowerShape() {
  auto s = inputShape(0);
  if (!s)
    return s.takeError();
  int64_t rank = s->size();
  int64_t start = normalizeAxis(attrInt("start", 0), rank);
  int64_t end = attr("end") ? normalizeAxis(attrInt("end", rank), rank) : rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  SmallVector<int64_t> dims(s->begin() + start, s->begin() + end);
  return setOutputConst(
      0,
      ConstTensor::fromInts(kInt64, {static_cast<int64_t>(dims.size())}, dims));
}

Error OnnxGraphImporter::lowerSize() {
  auto s = inputShape(0);
  if (!s)
    return s.takeError();
  return setOutputConst(0,
                        ConstTensor::fromInts(kInt64, {}, {numElementsOf(*s)}));
}

Error OnnxGraphImporter::lowerFoldOnly() {
  return nodeError("supported only when all inputs are constants known at "
                   "import time (shape computations)");
}
