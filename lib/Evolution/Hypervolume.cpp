//===- Hypervolume.cpp - Exact hypervolume of 1 to 3 objectives -----------===//

#include "cim/Evolution/Hypervolume.h"

#include <algorithm>
#include <cassert>

namespace cim::evo {

double hypervolume2D(llvm::ArrayRef<Point> points,
                     llvm::ArrayRef<double> reference) {
  std::vector<std::pair<double, double>> inside;
  for (const Point &p : points)
    if (p[0] < reference[0] && p[1] < reference[1])
      inside.emplace_back(p[0], p[1]);
  std::sort(inside.begin(), inside.end());
  double volume = 0.0;
  double best = reference[1];
  for (const auto &[x, y] : inside)
    if (y < best) {
      volume += (reference[0] - x) * (best - y);
      best = y;
    }
  return volume;
}

double hypervolume3D(llvm::ArrayRef<Point> points,
                     llvm::ArrayRef<double> reference) {
  std::vector<Point> inside;
  for (const Point &p : points)
    if (p[0] < reference[0] && p[1] < reference[1] && p[2] < reference[2])
      inside.push_back(p);
  std::sort(inside.begin(), inside.end(),
            [](const Point &a, const Point &b) { return a[2] < b[2]; });
  // Slab between consecutive distinct f3 levels: the 2-D volume of every
  // point at or below the slab's lower face, times its thickness.
  double volume = 0.0;
  std::vector<Point> active;
  for (size_t i = 0; i < inside.size();) {
    const double level = inside[i][2];
    while (i < inside.size() && inside[i][2] == level)
      active.push_back({inside[i][0], inside[i][1]}), ++i;
    const double top = i < inside.size() ? inside[i][2] : reference[2];
    volume += hypervolume2D(active, reference.take_front(2)) * (top - level);
  }
  return volume;
}

/// One objective: the length from the best point to the reference.
static double hypervolume1D(llvm::ArrayRef<Point> points,
                            llvm::ArrayRef<double> reference) {
  double best = reference[0];
  for (const Point &p : points)
    best = std::min(best, p[0]);
  return reference[0] - best;
}

double hypervolume(llvm::ArrayRef<Point> points,
                   llvm::ArrayRef<double> reference) {
  assert(reference.size() >= 1 && reference.size() <= 3 &&
         "hypervolume supports 1 to 3 objectives");
  switch (reference.size()) {
  case 1:
    return hypervolume1D(points, reference);
  case 2:
    return hypervolume2D(points, reference);
  default:
    return hypervolume3D(points, reference);
  }
}

} // namespace cim::evo
