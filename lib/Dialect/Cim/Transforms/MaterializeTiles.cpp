//===- MaterializeTiles.cpp - Payloads as explicit tile arithmetic --------===//
//
// Rewrites the GEMM op in the payload of every array-mapped cim.layer into
// the tile loops its #cim.mapping describes (docs/verification.md):
//
//   rounds (column sets, or row-tile chunks of a split column)
//     temporal steps (blocks of rows_per_step output rows; the edge smaller)
//       column tiles of the round (Cw-wide weight slices; the edge narrower)
//         groups of the column's block (packed layers)
//           row tiles of the round (R-deep K slices; the edge shorter):
//             partial = X[step, K slice] * W[K slice, column slice]
//             acc += partial                        (cim.accumulate)
//           Y[step, column slice] += acc
//
// on a GEMM view of the op: X is [batch, M, groups, K] (im2col for convs),
// W is [batch, groups, K, N], Y starts at zero and is finally added to the
// op's init in the op's own layout. Executing the result therefore checks
// that the tiles cover the iteration space exactly once and that partial
// sums are combined correctly; a hole leaves zeros, an overlap adds twice.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/Cim/IR/CimOps.h"
#include "cim/Dialect/Cim/Transforms/Passes.h"
#include "cim/WorkloadIR/GemmView.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"

#include "llvm/Support/MathExtras.h"

#include <functional>

namespace cim {
#define GEN_PASS_DEF_CIMMATERIALIZETILES
#include "cim/Dialect/Cim/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// An array-mapped op as tensors the tile loops slice: its GEMM view plus
/// the operands in GEMM layout.
struct TiledGemm {
  int64_t batch = 1, groups = 1, m = 0, k = 0, n = 0;
  /// [batch, m, groups, k] and [batch, groups, k, n].
  Value x, w;
  /// Output rows of the temporal steps: `images` x `rows` blocks of
  /// `rowsPerStep`, each output row is `vec` consecutive GEMM rows.
  int64_t images = 1, rows = 0, vec = 1;
  /// Turns Y [batch, m, groups, n] into the op's result (adding its init).
  std::function<Value(OpBuilder &, Location, Value)> finish;
};

Value addElementwise(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  auto type = cast<RankedTensorType>(lhs.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, lhs);
  Value empty = b.create<tensor::EmptyOp>(loc, sizes, type.getElementType());
  return b.create<linalg::AddOp>(loc, ValueRange{lhs, rhs}, ValueRange{empty})
      .getResult(0);
}

Value zeroTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                 Type elementType) {
  Value empty = b.create<tensor::EmptyOp>(loc, sizes, elementType);
  Value zero = b.create<arith::ConstantOp>(loc, b.getZeroAttr(elementType));
  return b.create<linalg::FillOp>(loc, zero, empty).getResult(0);
}

Value reshape(OpBuilder &b, Location loc, Value src, ArrayRef<int64_t> shape,
              ArrayRef<ReassociationIndices> reassociation) {
  auto srcType = cast<RankedTensorType>(src.getType());
  auto type = RankedTensorType::get(shape, srcType.getElementType());
  if (type.getRank() > srcType.getRank())
    return b.create<tensor::ExpandShapeOp>(loc, type, src, reassociation);
  return b.create<tensor::CollapseShapeOp>(loc, type, src, reassociation);
}

/// out[i] = sum over loops of in[map(i)] copied: a gather generic whose
/// output is iterated in full.
Value gather(OpBuilder &b, Location loc, Value in, AffineMap inMap,
             ArrayRef<int64_t> outShape) {
  Type elementType = cast<RankedTensorType>(in.getType()).getElementType();
  Value empty = b.create<tensor::EmptyOp>(loc, outShape, elementType);
  AffineMap outMap = b.getMultiDimIdentityMap(outShape.size());
  SmallVector<utils::IteratorType> iterators(outShape.size(),
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, empty.getType(), ValueRange{in}, ValueRange{empty},
          ArrayRef<AffineMap>{inMap, outMap}, iterators,
          [](OpBuilder &nb, Location nloc, ValueRange args) {
            nb.create<linalg::YieldOp>(nloc, args[0]);
          })
      .getResult(0);
}

/// result = init + in[map(i)]: the op's result from Y in its own layout.
Value addGathered(OpBuilder &b, Location loc, Value in, AffineMap inMap,
                  Value init) {
  auto type = cast<RankedTensorType>(init.getType());
  Type elementType = type.getElementType();
  AffineMap outMap = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, type, ValueRange{in, init}, ValueRange{init},
          ArrayRef<AffineMap>{inMap, outMap, outMap}, iterators,
          [&](OpBuilder &nb, Location nloc, ValueRange args) {
            Value sum = isa<FloatType>(elementType)
                            ? nb.create<arith::AddFOp>(nloc, args[0], args[1])
                                  .getResult()
                            : nb.create<arith::AddIOp>(nloc, args[0], args[1])
                                  .getResult();
            nb.create<linalg::YieldOp>(nloc, sum);
          })
      .getResult(0);
}

/// im2col [1, N*P*Q, G, Cg*KH*KW] of a (padded) input; `inputMap` maps
/// (n, p, q, g, c, r, s) to an input element.
Value im2col(OpBuilder &b, Location loc, Value input, const ConvGeometry &s,
             AffineMap inputMap) {
  int64_t m = s.images * s.outH * s.outW,
          k = s.channelsPerGroup * s.kernelH * s.kernelW;
  Value cols = gather(b, loc, input, inputMap,
                      {s.images, s.outH, s.outW, s.groups, s.channelsPerGroup,
                       s.kernelH, s.kernelW});
  Value flat =
      reshape(b, loc, cols, {m, s.groups, k}, {{0, 1, 2}, {3}, {4, 5, 6}});
  return reshape(b, loc, flat, {1, m, s.groups, k}, {{0, 1}, {2}, {3}});
}

/// Weights [1, G, Cg*KH*KW, Fg]; `filterMap` maps (g, c, r, s, f) to a
/// filter element.
Value convWeights(OpBuilder &b, Location loc, Value filter,
                  const ConvGeometry &s, AffineMap filterMap) {
  int64_t k = s.channelsPerGroup * s.kernelH * s.kernelW;
  Value t = gather(
      b, loc, filter, filterMap,
      {s.groups, s.channelsPerGroup, s.kernelH, s.kernelW, s.filtersPerGroup});
  Value flat = reshape(b, loc, t, {s.groups, k, s.filtersPerGroup},
                       {{0}, {1, 2, 3}, {4}});
  return reshape(b, loc, flat, {1, s.groups, k, s.filtersPerGroup},
                 {{0, 1}, {2}, {3}});
}

/// Y [1, N*P*Q, G, Fg] as [N, P, Q, G, Fg].
Value convY5(OpBuilder &b, Location loc, Value y, const ConvGeometry &s) {
  Value flat = reshape(
      b, loc, y, {s.images * s.outH * s.outW, s.groups, s.filtersPerGroup},
      {{0, 1}, {2}, {3}});
  return reshape(b, loc, flat,
                 {s.images, s.outH, s.outW, s.groups, s.filtersPerGroup},
                 {{0, 1, 2}, {3}, {4}});
}

/// The per-op index maps of a convolution, over the loop orders of
/// im2col (n, p, q, g, c, r, s), of the weights (g, c, r, s, f) and of the
/// result in the op's layout.
struct ConvMaps {
  AffineMap input, filter, result;
};

ConvMaps convMaps(const GemmView &view, MLIRContext *ctx) {
  const ConvGeometry &s = view.conv;
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineExpr zero = getAffineConstantExpr(0, ctx);
  AffineExpr row = d(1) * s.strideH + d(5) * s.dilationH;
  AffineExpr col = d(2) * s.strideW + d(6) * s.dilationW;
  switch (view.kind) {
  case GemmOpKind::Conv2D:
    // Input (n, c, h, w), filter (f, c, r, s); result (n, f, p, q) reads
    // Y5 (n, p, q, 0, f).
    return {AffineMap::get(7, 0, {d(0), d(4), row, col}, ctx),
            AffineMap::get(5, 0, {d(4), d(1), d(2), d(3)}, ctx),
            AffineMap::get(4, 0, {d(0), d(2), d(3), zero, d(1)}, ctx)};
  case GemmOpKind::DepthwiseConv2D:
    // Input (n, g, h, w), filter (g, r, s); result (n, c, p, q) reads
    // Y5 (n, p, q, c, 0).
    return {AffineMap::get(7, 0, {d(0), d(3), row, col}, ctx),
            AffineMap::get(5, 0, {d(0), d(2), d(3)}, ctx),
            AffineMap::get(4, 0, {d(0), d(2), d(3), d(1), zero}, ctx)};
  case GemmOpKind::GroupedConv2D:
    // Input (n, g, c, h, w), filter (g, f, c, r, s); result (n, g, f, p, q)
    // reads Y5 (n, p, q, g, f).
    return {AffineMap::get(7, 0, {d(0), d(3), d(4), row, col}, ctx),
            AffineMap::get(5, 0, {d(0), d(4), d(1), d(2), d(3)}, ctx),
            AffineMap::get(5, 0, {d(0), d(3), d(4), d(1), d(2)}, ctx)};
  case GemmOpKind::Matmul:
  case GemmOpKind::BatchMatmul:
    break;
  }
  llvm_unreachable("not a convolution");
}

/// Brings the operands of a GEMM-like op into GEMM layout.
TiledGemm tile(OpBuilder &b, Location loc, const GemmView &view) {
  MLIRContext *ctx = b.getContext();
  TiledGemm v;
  v.batch = view.batch;
  v.groups = view.groups;
  v.m = view.m;
  v.k = view.k;
  v.n = view.n;
  Value init = view.init;
  if (!view.isConv()) {
    // [batch?, M, K] x [batch?, K, N] as [B, M, 1, K] x [B, 1, K, N].
    bool batched = view.kind == GemmOpKind::BatchMatmul;
    SmallVector<ReassociationIndices> xGroups =
        batched ? SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}}
                : SmallVector<ReassociationIndices>{{0, 1}, {2, 3}};
    SmallVector<ReassociationIndices> wGroups =
        batched ? SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}}
                : SmallVector<ReassociationIndices>{{0, 1, 2}, {3}};
    v.rows = v.m;
    v.x = reshape(b, loc, view.input, {v.batch, v.m, 1, v.k}, xGroups);
    v.w = reshape(b, loc, view.filter, {v.batch, 1, v.k, v.n}, wGroups);
    SmallVector<int64_t> resultShape{v.m, v.n};
    if (batched)
      resultShape.insert(resultShape.begin(), v.batch);
    v.finish = [init, resultShape, xGroups](OpBuilder &b, Location loc,
                                            Value y) {
      Value result = reshape(b, loc, y, resultShape, xGroups);
      return addGathered(b, loc, result,
                         b.getMultiDimIdentityMap(resultShape.size()), init);
    };
    return v;
  }
  const ConvGeometry &s = view.conv;
  ConvStepRows rows = convStepRows(s.images, s.outH, s.outW);
  v.images = rows.images;
  v.rows = rows.rows;
  v.vec = rows.vectorsPerRow;
  ConvMaps maps = convMaps(view, ctx);
  v.x = im2col(b, loc, view.input, s, maps.input);
  v.w = convWeights(b, loc, view.filter, s, maps.filter);
  v.finish = [init, s, maps](OpBuilder &b, Location loc, Value y) {
    return addGathered(b, loc, convY5(b, loc, y, s), maps.result, init);
  };
  return v;
}

/// Index arithmetic helpers.
struct Idx {
  OpBuilder &b;
  Location loc;
  Value c(int64_t v) { return b.create<arith::ConstantIndexOp>(loc, v); }
  Value add(Value x, Value y) { return b.create<arith::AddIOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<arith::SubIOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulIOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<arith::DivUIOp>(loc, x, y); }
  Value rem(Value x, Value y) { return b.create<arith::RemUIOp>(loc, x, y); }
  Value min(Value x, Value y) { return b.create<arith::MinSIOp>(loc, x, y); }
};

using LoopBody =
    function_ref<Value(OpBuilder &, Location, Value iv, Value carried)>;

Value forLoop(OpBuilder &b, Location loc, Value lb, Value ub, Value step,
              Value init, LoopBody body) {
  auto loop = b.create<scf::ForOp>(
      loc, lb, ub, step, ValueRange{init},
      [&](OpBuilder &nb, Location nloc, Value iv, ValueRange args) {
        nb.create<scf::YieldOp>(nloc, body(nb, nloc, iv, args[0]));
      });
  return loop.getResult(0);
}

/// The tile geometry the mapping must agree with.
struct TileGeometry {
  int64_t rowTile, colTile, packing, blocks, rowTiles, colTiles, columns;
  int64_t columnsPerRound, rowTilesPerRound, rowsPerStep, steps;
};

FailureOr<TileGeometry> geometryOf(cim::LayerOp layer, const TiledGemm &v,
                                   const HardwareConfig &hw) {
  const LayerMapping &mp = layer.getMapping().getMapping();
  TileGeometry t;
  int64_t R = hw.rows, Cw = hw.weightsPerRow();
  int64_t fit = v.groups > 1 ? std::min(R / v.k, Cw / v.n) : 0;
  bool packed = fit >= 1;
  t.packing = packed ? mp.packing : 1;
  t.rowTile = packed ? v.k : R;
  t.colTile = packed ? v.n : Cw;
  t.blocks =
      packed ? llvm::divideCeilSigned(v.groups, std::max<int64_t>(t.packing, 1))
             : v.groups;
  t.rowTiles = llvm::divideCeilSigned(v.k, t.rowTile);
  t.colTiles = llvm::divideCeilSigned(v.n, t.colTile);
  t.columns = v.batch * t.blocks * t.colTiles;
  t.rowsPerStep = mp.rowsPerStep;
  t.steps = v.rows > 0 && t.rowsPerStep > 0
                ? v.images * llvm::divideCeilSigned(v.rows, t.rowsPerStep)
                : 0;
  t.columnsPerRound = mp.columnsPerRound > 0 ? mp.columnsPerRound : 1;
  t.rowTilesPerRound =
      mp.columnsPerRound > 0 ? t.rowTiles : mp.rowTilesPerRound;
  auto mismatch = [&](StringRef what, int64_t expected, int64_t found) {
    return layer.emitOpError("mapping of layer '")
           << layer.getLayerName() << "' disagrees with its GEMM op: " << what
           << " should be " << expected << " for the op's shape, found "
           << found;
  };
  if (packed && (mp.packing < 1 || mp.packing > fit))
    return mismatch("packing (at most)", fit, mp.packing);
  if (mp.rowTiles != t.rowTiles)
    return mismatch("row_tiles", t.rowTiles, mp.rowTiles);
  if (mp.colTiles != t.colTiles)
    return mismatch("col_tiles", t.colTiles, mp.colTiles);
  if (mp.steps != t.steps)
    return mismatch("steps", t.steps, mp.steps);
  if (t.rowTilesPerRound < 1 || t.rowTilesPerRound > t.rowTiles)
    return mismatch("row_tiles_per_round (at most)", t.rowTiles,
                    t.rowTilesPerRound);
  return t;
}

/// Builds the tile loops; returns Y [batch, m, groups, n].
Value buildTiles(OpBuilder &b, Location loc, const TiledGemm &v,
                 const TileGeometry &t, Type elementType) {
  Idx ix{b, loc};
  Value zero = ix.c(0);
  Value y = zeroTensor(b, loc,
                       {b.getIndexAttr(v.batch), b.getIndexAttr(v.m),
                        b.getIndexAttr(v.groups), b.getIndexAttr(v.n)},
                       elementType);
  auto slice2d = [&](OpBuilder &nb, Value src, ArrayRef<OpFoldResult> offsets,
                     ArrayRef<OpFoldResult> sizes) -> Value {
    auto type = RankedTensorType::get(
        {ShapedType::kDynamic, ShapedType::kDynamic}, elementType);
    SmallVector<OpFoldResult> strides(4, nb.getIndexAttr(1));
    return nb.create<tensor::ExtractSliceOp>(loc, type, src, offsets, sizes,
                                             strides);
  };
  OpFoldResult unit = b.getIndexAttr(1);
  int64_t blocksPerImage = llvm::divideCeilSigned(v.rows, t.rowsPerStep);

  // Rounds: column sets x row-tile chunks.
  return forLoop(
      b, loc, zero, ix.c(t.columns), ix.c(t.columnsPerRound), y,
      [&](OpBuilder &b1, Location l, Value c0, Value y1) {
        Idx i1{b1, l};
        return forLoop(
            b1, l, i1.c(0), i1.c(t.rowTiles), i1.c(t.rowTilesPerRound), y1,
            [&](OpBuilder &b2, Location l, Value r0, Value y2) {
              Idx i2{b2, l};
              // Temporal steps of the round.
              return forLoop(
                  b2, l, i2.c(0), i2.c(t.steps), i2.c(1), y2,
                  [&](OpBuilder &b3, Location l, Value step, Value y3) {
                    Idx i3{b3, l};
                    Value image = i3.div(step, i3.c(blocksPerImage));
                    Value block = i3.rem(step, i3.c(blocksPerImage));
                    Value firstRow = i3.mul(block, i3.c(t.rowsPerStep));
                    Value stepRows = i3.min(i3.c(t.rowsPerStep),
                                            i3.sub(i3.c(v.rows), firstRow));
                    Value m0 =
                        i3.mul(i3.add(i3.mul(image, i3.c(v.rows)), firstRow),
                               i3.c(v.vec));
                    Value mb = i3.mul(stepRows, i3.c(v.vec));
                    Value cEnd = i3.min(i3.c(t.columns),
                                        i3.add(c0, i3.c(t.columnsPerRound)));
                    // Column tiles of the round.
                    return forLoop(
                        b3, l, c0, cEnd, i3.c(1), y3,
                        [&](OpBuilder &b4, Location l, Value col, Value y4) {
                          Idx i4{b4, l};
                          Value instance =
                              i4.div(col, i4.c(t.blocks * t.colTiles));
                          Value blk = i4.rem(i4.div(col, i4.c(t.colTiles)),
                                             i4.c(t.blocks));
                          Value j = i4.rem(col, i4.c(t.colTiles));
                          Value n0 = i4.mul(j, i4.c(t.colTile));
                          Value nb =
                              i4.min(i4.c(t.colTile), i4.sub(i4.c(v.n), n0));
                          Value g0 = i4.mul(blk, i4.c(t.packing));
                          Value gEnd = i4.min(i4.c(v.groups),
                                              i4.add(g0, i4.c(t.packing)));
                          // Groups packed into the column's arrays (one when
                          // dense).
                          return forLoop(
                              b4, l, g0, gEnd, i4.c(1), y4,
                              [&](OpBuilder &b5, Location l, Value g,
                                  Value y5) {
                                Idx i5{b5, l};
                                Value acc0 =
                                    zeroTensor(b5, l, {mb, nb}, elementType);
                                Value rEnd = i5.min(
                                    i5.c(t.rowTiles),
                                    i5.add(r0, i5.c(t.rowTilesPerRound)));
                                // Row tiles: each array's partial sums, reduced
                                // (cim.accumulate).
                                Value acc = forLoop(
                                    b5, l, r0, rEnd, i5.c(1), acc0,
                                    [&](OpBuilder &b6, Location l, Value r,
                                        Value accIn) {
                                      Idx i6{b6, l};
                                      Value k0 = i6.mul(r, i6.c(t.rowTile));
                                      Value kb = i6.min(i6.c(t.rowTile),
                                                        i6.sub(i6.c(v.k), k0));
                                      Value xs = slice2d(b6, v.x,
                                                         {instance, m0, g, k0},
                                                         {unit, mb, unit, kb});
                                      Value ws = slice2d(b6, v.w,
                                                         {instance, g, k0, n0},
                                                         {unit, unit, kb, nb});
                                      Value partialInit = zeroTensor(
                                          b6, l, {mb, nb}, elementType);
                                      Value partial =
                                          b6.create<linalg::MatmulOp>(
                                                l, ValueRange{xs, ws},
                                                ValueRange{partialInit})
                                              .getResult(0);
                                      return addElementwise(b6, l, accIn,
                                                            partial);
                                    });
                                SmallVector<OpFoldResult> offsets{instance, m0,
                                                                  g, n0};
                                SmallVector<OpFoldResult> sizes{unit, mb, unit,
                                                                nb};
                                Value old = slice2d(b5, y5, offsets, sizes);
                                Value merged = addElementwise(b5, l, old, acc);
                                SmallVector<OpFoldResult> strides(
                                    4, b5.getIndexAttr(1));
                                return b5
                                    .create<tensor::InsertSliceOp>(
                                        l, merged, y5, offsets, sizes, strides)
                                    .getResult();
                              });
                        });
                  });
            });
      });
}

struct MaterializeTilesPass
    : public cim::impl::CimMaterializeTilesBase<MaterializeTilesPass> {
  using CimMaterializeTilesBase::CimMaterializeTilesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    HardwareAttr hardware = getModuleHardware(module);
    bool hasLayers = false;
    module.walk([&](cim::LayerOp) { hasLayers = true; });
    if (!hasLayers)
      return;
    if (!hardware) {
      module.emitError("cim-materialize-tiles needs the module's "
                       "cim.hardware: run cim-compile first");
      return signalPassFailure();
    }
    const HardwareConfig &hw = hardware.getConfig();
    SmallVector<cim::LayerOp> layers;
    module.walk([&](cim::LayerOp layer) { layers.push_back(layer); });
    for (cim::LayerOp layer : layers) {
      const LayerMapping &mp = layer.getMapping().getMapping();
      if (mp.unit != ExecUnit::Arrays || layer.getKind() == LayerKind::Vector)
        continue;
      Operation *gemm = nullptr;
      for (Operation &op : layer.getPayload().front())
        if (isGemmOp(&op)) {
          if (gemm) {
            layer.emitOpError("payload of layer '")
                << layer.getLayerName() << "' holds more than one GEMM op";
            return signalPassFailure();
          }
          gemm = &op;
        }
      if (!gemm) {
        layer.emitOpError("payload of array-mapped layer '")
            << layer.getLayerName()
            << "' has no matmul, batch_matmul or convolution op";
        return signalPassFailure();
      }
      Type elementType =
          cast<RankedTensorType>(gemm->getResult(0).getType()).getElementType();
      OpBuilder b(gemm);
      TiledGemm view = tile(b, gemm->getLoc(), *getGemmView(gemm));
      FailureOr<TileGeometry> geometry = geometryOf(layer, view, hw);
      if (failed(geometry))
        return signalPassFailure();
      Value y = buildTiles(b, gemm->getLoc(), view, *geometry, elementType);
      Value result = view.finish(b, gemm->getLoc(), y);
      gemm->getResult(0).replaceAllUsesWith(result);
      gemm->erase();
    }
  }
};

} // namespace
