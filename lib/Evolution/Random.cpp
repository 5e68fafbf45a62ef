//===- Random.cpp - Portable deterministic random draws -------------------===//

#include "cim/Evolution/Random.h"

#include <cassert>
#include <numeric>
#include <utility>

namespace cim::evo {

uint64_t Rng::below(uint64_t bound) {
  assert(bound > 0 && "empty range");
  // Largest multiple of `bound` representable; draws at or above it would
  // favour small residues.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
  uint64_t value;
  do
    value = engine();
  while (value > limit);
  return value % bound;
}

double Rng::unit() { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

std::vector<int> Rng::permutation(int n) {
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  for (int i = n - 1; i > 0; --i)
    std::swap(order[i], order[below(static_cast<uint64_t>(i) + 1)]);
  return order;
}

} // namespace cim::evo
