//===- Pooling.cpp - MaxPool, AveragePool and the global pools ------------===//
//
// Windowed pools are linalg.pooling_nchw_max / _sum on the padded input
// (ceil_mode windows running past the padding read extra pad values); the
// global pools are reduction generics over the spatial dims.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;

static constexpr double kNegativeInfinity =
    -std::numeric_limits<double>::infinity();

Expected<OnnxGraphImporter::PoolInput> OnnxGraphImporter::poolInput() {
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  PoolInput in;
  in.x = *xv;
  in.shape = shapeOf(*xv);
  auto kernel = attrInts("kernel_shape");
  if (in.shape.size() != 4 || !kernel || kernel->size() != 2)
    return nodeError("only 2-D pooling on NCHW input is supported");
  in.kernel = *kernel;
  auto win = resolveWindow({in.shape[2], in.shape[3]}, in.kernel);
  if (!win)
    return win.takeError();
  in.window = *win;
  return in;
}

template <typename OpTy>
Value OnnxGraphImporter::buildPool(const PoolInput &in, double padValue,
                                   VectorOp kind) {
  const Window2d &win = in.window;
  Value padded = pad(in.x, {0, 0, win.padLow[0], win.padLow[1]},
                     {0, 0, win.padHigh[0] + win.extraHigh[0],
                      win.padHigh[1] + win.extraHigh[1]},
                     padValue);
  Type elementType = elementTypeOf(in.x);
  SmallVector<int64_t> outShape = {in.shape[0], in.shape[1], win.out[0],
                                   win.out[1]};
  Value init = filledTensor(outShape, elementType, padValue);
  Value window = emptyTensor(in.kernel, elementType);
  auto op = builder.create<OpTy>(
      loc, TypeRange{init.getType()}, ValueRange{padded, window},
      ValueRange{init},
      builder.getI64TensorAttr({win.stride[0], win.stride[1]}),
      builder.getI64TensorAttr({win.dilation[0], win.dilation[1]}));
  setVectorOpTag(op, kind);
  return op.getResult(0);
}

Error OnnxGraphImporter::lowerMaxPool() {
  if (auto err = requireFloatInput())
    return err;
  if (hasOutput(1))
    return nodeError("the MaxPool Indices output is not supported");
  if (attrInt("storage_order", 0) != 0)
    return nodeError("storage_order=1 is not supported");
  auto in = poolInput();
  if (!in)
    return in.takeError();
  Value result = buildPool<linalg::PoolingNchwMaxOp>(*in, kNegativeInfinity,
                                                     VectorOp::MaxPool);
  return setOutput(0, result, inputDType(0));
}

/// Per output position of one spatial dim, the window taps that fall
/// inside the input, plus those in the declared padding when `includePad`
/// (never the ceil_mode overhang).
static SmallVector<int64_t> tapCounts(const Window2d &win, int dim,
                                      int64_t inSize, bool includePad) {
  int64_t lo = includePad ? -win.padLow[dim] : 0;
  int64_t hi = includePad ? inSize + win.padHigh[dim] : inSize;
  int64_t d = win.dilation[dim];
  SmallVector<int64_t> counts;
  // Tap t of output o reads o * stride - padLow + t * dilation; the taps
  // inside [lo, hi) form one interval of t: O(1) per output position, so
  // the work is the output size, however wide the window.
  for (int64_t o = 0; o < win.out[dim]; ++o) {
    int64_t base = o * win.stride[dim] - win.padLow[dim];
    int64_t first = std::max<int64_t>(0, llvm::divideCeilSigned(lo - base, d));
    int64_t last = std::min<int64_t>(win.kernel[dim] - 1,
                                     llvm::divideFloorSigned(hi - 1 - base, d));
    counts.push_back(std::max<int64_t>(0, last - first + 1));
  }
  return counts;
}

Error OnnxGraphImporter::lowerAveragePool() {
  if (auto err = requireFloatInput())
    return err;
  auto in = poolInput();
  if (!in)
    return in.takeError();
  bool includePad = attrInt("count_include_pad", 0) != 0;
  Value sum = buildPool<linalg::PoolingNchwSumOp>(*in, 0.0, VectorOp::AvgPool);
  // The division carries the pool's tag: one piece of vector work spelled
  // as two ops (docs/workload-ir.md, multi-op kinds).
  const Window2d &win = in->window;
  // One divisor per output row and per output column: bounded before the
  // tables are built (docs/reliability.md).
  for (int dim : {0, 1})
    if (win.out[dim] > kMaxFoldedElements)
      return nodeError("an output " + Twine(dim == 0 ? "height" : "width") +
                       " of " + Twine(win.out[dim]) +
                       " needs as many divisors; the limit is " +
                       Twine(kMaxFoldedElements));
  SmallVector<int64_t> rows = tapCounts(win, 0, in->shape[2], includePad);
  SmallVector<int64_t> cols = tapCounts(win, 1, in->shape[3], includePad);
  // Pads smaller than the window (checked before shape inference) leave
  // every window at least one tap; this check keeps a zero divisor an error
  // should that reasoning ever fail (dilated windows over tiny inputs).
  if (llvm::is_contained(rows, 0) || llvm::is_contained(cols, 0))
    return nodeError("a pooling window covers only padding (zero divisor)");
  Type elementType = elementTypeOf(sum);
  SmallVector<int64_t> outShape = shapeOf(sum);
  Value result;
  // Every divisor is a row count times a column count: they are all equal
  // exactly when the row counts and the column counts are.
  if (llvm::all_equal(rows) && llvm::all_equal(cols)) {
    double d = static_cast<double>(rows.front() * cols.front());
    result =
        buildGeneric(VectorOp::AvgPool, {sum}, outShape, {}, elementType, 0,
                     [&](OpBuilder &b, Location l, ValueRange a) {
                       return b
                           .create<arith::DivFOp>(
                               l, a[0], scalarConstant(b, l, elementType, d))
                           .getResult();
                     });
  } else {
    if (auto problem =
            tensorSizeProblem({win.out[0], win.out[1]}, kMaxFoldedElements))
      return nodeError("the per-position divisors " + *problem);
    std::vector<double> divisors;
    for (int64_t ch : rows)
      for (int64_t cw : cols)
        divisors.push_back(static_cast<double>(ch * cw));
    Value divisor = materializeConstant(
        nodeName + "_divisor",
        ConstTensor::fromDoubles(inputDType(0), {win.out[0], win.out[1]},
                                 divisors));
    result = buildGeneric(
        VectorOp::AvgPool, {sum, divisor}, outShape, {}, elementType, 0,
        [](OpBuilder &b, Location l, ValueRange a) {
          return b.create<arith::DivFOp>(l, a[0], a[1]).getResult();
        });
  }
  return setOutput(0, result, inputDType(0));
}

Expected<std::pair<Value, SmallVector<bool>>>
OnnxGraphImporter::globalPoolInput() {
  auto x = floatInput();
  if (!x)
    return x.takeError();
  SmallVector<int64_t> xs = shapeOf(*x);
  if (xs.size() < 3)
    return nodeError("expects an input of rank >= 3, got " + shapeString(xs));
  SmallVector<bool> reduced(xs.size(), true);
  reduced[0] = reduced[1] = false;
  return std::make_pair(*x, reduced);
}

Error OnnxGraphImporter::lowerGlobalAveragePool() {
  auto in = globalPoolInput();
  if (!in)
    return in.takeError();
  Value result = buildMean(VectorOp::GlobalAvgPool, in->first, in->second);
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerGlobalMaxPool() {
  auto in = globalPoolInput();
  if (!in)
    return in.takeError();
  auto [x, reduced] = *in;
  Value result = buildGeneric(
      VectorOp::MaxPool, {x}, shapeOf(x), reduced, elementTypeOf(x),
      kNegativeInfinity, [](OpBuilder &b, Location l, ValueRange a) {
        return b.create<arith::MaximumFOp>(l, a[1], a[0]).getResult();
      });
  return setOutput(0, result, inputDType(0));
}
