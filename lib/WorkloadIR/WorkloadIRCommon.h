//===- WorkloadIRCommon.h - Rules shared by extraction and emission -*- C++
//-*-===//
//
// Private to lib/WorkloadIR. The extractor and the emitter must agree on how a
// tensor shape maps to a layer's geometry and on which vector kinds fuse, or
// the round trip breaks; both use these helpers.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_WORKLOADIR_WORKLOADIRCOMMON_H
#define CIM_LIB_WORKLOADIR_WORKLOADIRCOMMON_H

#include "cim/CostModel/Workload.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace cim {
namespace detail {

inline int64_t productOf(llvm::ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t d : dims)
    product *= d;
  return product;
}

/// A tensor seen as N x C x H x W: rank >= 4 folds leading dims into N;
/// rank 3 [A, B, C] is (A*B) x C; rank 2 [T, F] is T x F; rank 1 [F] is 1 x F.
struct Geometry {
  int64_t images = 1, channels = 1, h = 1, w = 1;
  bool operator==(const Geometry &o) const {
    return images == o.images && channels == o.channels && h == o.h && w == o.w;
  }
  bool operator!=(const Geometry &o) const { return !(*this == o); }
};

inline Geometry geometryOf(llvm::ArrayRef<int64_t> shape) {
  Geometry g;
  size_t rank = shape.size();
  if (rank >= 4) {
    g.images = productOf(shape.drop_back(3));
    g.channels = shape[rank - 3];
    g.h = shape[rank - 2];
    g.w = shape[rank - 1];
  } else if (rank == 3) {
    g.images = shape[0] * shape[1];
    g.channels = shape[2];
  } else if (rank == 2) {
    g.images = shape[0];
    g.channels = shape[1];
  } else if (rank == 1) {
    g.channels = shape[0];
  }
  return g;
}

/// The shape the emitter uses for a geometry: [N, C] when spatially 1x1,
/// else [N, C, H, W].
inline llvm::SmallVector<int64_t> shapeOf(const Geometry &g) {
  if (g.h == 1 && g.w == 1)
    return {g.images, g.channels};
  return {g.images, g.channels, g.h, g.w};
}

/// reduce_mean is read like global_avg_pool (the importer's tag for it
/// before it had its own), so extraction gives the same layers.
inline bool isPoolingKind(VectorOp op) {
  return op == VectorOp::GlobalAvgPool || op == VectorOp::ReduceMean ||
         op == VectorOp::AvgPool || op == VectorOp::MaxPool;
}

/// Per-element transforms of one tensor (plus constants): they fuse into the
/// layer whose output they consume.
inline bool isFusibleKind(VectorOp op) {
  switch (op) {
  case VectorOp::GlobalAvgPool:
  case VectorOp::ReduceMean:
  case VectorOp::AvgPool:
  case VectorOp::MaxPool:
  case VectorOp::Softmax:
  case VectorOp::LayerNorm:
  case VectorOp::Copy:
    return false;
  default:
    return true;
  }
}

/// Kinds an importer may spell as several ops carrying the same tag (a
/// reduction followed by an element-wise step); consecutive ops of such a
/// kind form one piece of vector work.
inline bool isMultiOpKind(VectorOp op) {
  switch (op) {
  case VectorOp::GlobalAvgPool:
  case VectorOp::ReduceMean:
  case VectorOp::AvgPool:
  case VectorOp::Softmax:
  case VectorOp::LayerNorm:
  case VectorOp::BatchNorm:
  case VectorOp::Gelu:
  case VectorOp::HardSigmoid:
  case VectorOp::HardSwish:
  case VectorOp::Sigmoid:
    return true;
  default:
    return false;
  }
}

} // namespace detail
} // namespace cim

#endif // CIM_LIB_WORKLOADIR_WORKLOADIRCOMMON_H
