//===- Pareto.cpp - Dominance, non-dominated sorting, crowding -----------===//

#include "cim/Evolution/Pareto.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <numeric>

namespace cim::evo {

bool dominates(llvm::ArrayRef<double> a, llvm::ArrayRef<double> b) {
  assert(a.size() == b.size() && "objective count mismatch");
  bool strictlyBetter = false;
  for (size_t m = 0; m < a.size(); ++m) {
    if (a[m] > b[m])
      return false;
    if (a[m] < b[m])
      strictlyBetter = true;
  }
  return strictlyBetter;
}

static std::vector<int> lexicographicOrder(llvm::ArrayRef<Point> points) {
  std::vector<int> order(points.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return points[a] < points[b]; });
  return order;
}

/// 2-D: sorted by (f1, f2), the last point placed in a front has the smallest
/// f2 of that front, and these last values do not decrease from front to
/// front, so the first front not dominating a point is found by binary search.
static std::vector<int> ranks2D(llvm::ArrayRef<Point> points) {
  std::vector<int> order = lexicographicOrder(points);
  std::vector<int> ranks(points.size(), 0);
  std::vector<double> lastF2;
  int previous = -1;
  for (int index : order) {
    const Point &p = points[index];
    int rank;
    if (previous >= 0 && points[previous] == p) {
      // Equal points never dominate each other.
      rank = ranks[previous];
    } else {
      rank = static_cast<int>(
          std::upper_bound(lastF2.begin(), lastF2.end(), p[1]) -
          lastF2.begin());
    }
    if (rank == static_cast<int>(lastF2.size()))
      lastF2.push_back(p[1]);
    else
      lastF2[rank] = p[1];
    ranks[index] = rank;
    previous = index;
  }
  return ranks;
}

/// Any dimension: in lexicographic order no point is dominated by a later
/// one, so each point joins the first front with no member dominating it.
static std::vector<int> ranksSequential(llvm::ArrayRef<Point> points) {
  std::vector<int> ranks(points.size(), 0);
  std::vector<std::vector<int>> fronts;
  for (int index : lexicographicOrder(points)) {
    size_t rank = 0;
    for (; rank < fronts.size(); ++rank) {
      bool dominated = false;
      for (int member : fronts[rank])
        if (dominates(points[member], points[index])) {
          dominated = true;
          break;
        }
      if (!dominated)
        break;
    }
    if (rank == fronts.size())
      fronts.emplace_back();
    fronts[rank].push_back(index);
    ranks[index] = static_cast<int>(rank);
  }
  return ranks;
}

std::vector<int> nonDominatedRanks(llvm::ArrayRef<Point> points) {
  if (points.empty())
    return {};
  if (points.front().size() == 2)
    return ranks2D(points);
  return ranksSequential(points);
}

std::vector<int> nonDominatedRanksBruteForce(llvm::ArrayRef<Point> points) {
  std::vector<int> ranks(points.size(), -1);
  size_t assigned = 0;
  for (int rank = 0; assigned < points.size(); ++rank) {
    std::vector<int> front;
    for (size_t i = 0; i < points.size(); ++i) {
      if (ranks[i] >= 0)
        continue;
      bool dominated = false;
      for (size_t j = 0; j < points.size() && !dominated; ++j)
        dominated = ranks[j] < 0 && dominates(points[j], points[i]);
      if (!dominated)
        front.push_back(static_cast<int>(i));
    }
    for (int i : front)
      ranks[i] = rank;
    assigned += front.size();
  }
  return ranks;
}

std::vector<std::vector<int>> frontsFromRanks(llvm::ArrayRef<int> ranks) {
  std::vector<std::vector<int>> fronts;
  for (size_t i = 0; i < ranks.size(); ++i) {
    if (static_cast<size_t>(ranks[i]) >= fronts.size())
      fronts.resize(ranks[i] + 1);
    fronts[ranks[i]].push_back(static_cast<int>(i));
  }
  return fronts;
}

std::vector<double> crowdingDistance(llvm::ArrayRef<Point> points,
                                     llvm::ArrayRef<int> front) {
  const size_t n = front.size();
  const double infinity = std::numeric_limits<double>::infinity();
  if (n <= 2)
    return std::vector<double>(n, infinity);
  const size_t objectives = points[front[0]].size();
  std::vector<double> distance(n, 0.0);
  std::vector<size_t> order(n);
  for (size_t m = 0; m < objectives; ++m) {
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return points[front[a]][m] < points[front[b]][m];
    });
    const double low = points[front[order.front()]][m];
    const double high = points[front[order.back()]][m];
    // pymoo: a zero range gives NaN gaps, replaced by 0 (extremes included).
    if (high == low)
      continue;
    distance[order.front()] = infinity;
    distance[order.back()] = infinity;
    for (size_t i = 1; i + 1 < n; ++i)
      distance[order[i]] +=
          (points[front[order[i + 1]]][m] - points[front[order[i - 1]]][m]) /
          (high - low);
  }
  for (double &d : distance)
    d /= static_cast<double>(objectives);
  return distance;
}

} // namespace cim::evo
