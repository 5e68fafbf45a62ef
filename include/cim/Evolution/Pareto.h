//===- Pareto.h - Dominance, non-dominated sorting, crowding ----*- C++ -*-===//
//
// Every objective here is minimised; callers negate maximised objectives
// (negation is exact in floating point, `100 - x` is not). Semantics follow
// pymoo's NSGA-II (docs/search.md): crowding distance range-normalised and
// averaged over objectives, infinite at the extremes.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_PARETO_H
#define CIM_EVOLUTION_PARETO_H

#include "llvm/ADT/ArrayRef.h"

#include <vector>

namespace cim::evo {

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

} // namespace cim::evo

#endif // CIM_EVOLUTION_PARETO_H
