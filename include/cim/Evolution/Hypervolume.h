//===- Hypervolume.h - Exact hypervolume of 1 to 3 objectives --*- C++ -*-===//
//
// Every objective is minimised (see Pareto.h). Exact: a sweep in 2-D, slices
// of 2-D sweeps in 3-D.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_HYPERVOLUME_H
#define CIM_EVOLUTION_HYPERVOLUME_H

#include "cim/Evolution/Pareto.h"

namespace cim::evo {

/// Exact hypervolume dominated by `points` and bounded by `reference`
/// (1 to 3 objectives). Points not strictly better than the reference in
/// every objective contribute nothing.
double hypervolume(llvm::ArrayRef<Point> points,
                   llvm::ArrayRef<double> reference);
double hypervolume2D(llvm::ArrayRef<Point> points,
                     llvm::ArrayRef<double> reference);
double hypervolume3D(llvm::ArrayRef<Point> points,
                     llvm::ArrayRef<double> reference);

} // namespace cim::evo

#endif // CIM_EVOLUTION_HYPERVOLUME_H
