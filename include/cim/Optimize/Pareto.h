//===- Pareto.h - Dominance, sorting, crowding, hypervolume -----*- C++ -*-===//
//
// Every objective here is minimised; callers negate maximised objectives
// (negation is exact in floating point, `100 - x` is not). Semantics follow
// pymoo's NSGA-II (docs/search.md): crowding distance range-normalised and
// averaged over objectives, infinite at the extremes; exact hypervolume by a
// 2-D sweep and by slicing in 3-D.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_OPTIMIZE_PARETO_H
#define CIM_OPTIMIZE_PARETO_H

#include "llvm/ADT/ArrayRef.h"

#include <vector>

namespace cim::opt {

using Point = std::vector<double>;

/// True if `a` is no worse than `b` in every objective and better in one.
bool dominates(llvm::ArrayRef<double> a, llvm::ArrayRef<double> b);

/// Non-domination rank of every point (0 = first front). Two objectives use
/// an O(n log n) sweep; more use a sequential ENS-style O(M n^2) placement.
std::vector<int> nonDominatedRanks(llvm::ArrayRef<Point> points);
/// Deb's definition applied literally (peel the non-dominated set off, again
/// and again), O(M n^3): the reference the fast versions are tested against.
std::vector<int> nonDominatedRanksBruteForce(llvm::ArrayRef<Point> points);
/// Indices grouped by rank, each front in ascending index order.
std::vector<std::vector<int>> frontsFromRanks(llvm::ArrayRef<int> ranks);

/// pymoo's crowding distance of the points `front` (indices into `points`),
/// returned in the order of `front`.
std::vector<double> crowdingDistance(llvm::ArrayRef<Point> points,
                                     llvm::ArrayRef<int> front);

/// Exact hypervolume dominated by `points` and bounded by `reference`
/// (1 to 3 objectives). Points not strictly better than the reference in
/// every objective contribute nothing.
double hypervolume(llvm::ArrayRef<Point> points,
                   llvm::ArrayRef<double> reference);
double hypervolume2D(llvm::ArrayRef<Point> points,
                     llvm::ArrayRef<double> reference);
double hypervolume3D(llvm::ArrayRef<Point> points,
                     llvm::ArrayRef<double> reference);

} // namespace cim::opt

#endif // CIM_OPTIMIZE_PARETO_H
