//===- Random.h - Portable deterministic random draws -----------*- C++ -*-===//
//
// std::mt19937_64 is specified bit-for-bit by the standard; the distributions
// are not (libstdc++ and libc++ differ). All draws here are our own, so a seed
// gives the same search on every standard library.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_RANDOM_H
#define CIM_EVOLUTION_RANDOM_H

#include <cstdint>
#include <random>
#include <vector>

namespace cim::evo {

class Rng {
public:
  explicit Rng(uint64_t seed) : engine(seed) {}

  uint64_t next() { return engine(); }
  /// Uniform integer in [0, bound); bound must be positive. Unbiased
  /// (rejection of the incomplete top block).
  uint64_t below(uint64_t bound);
  /// Uniform double in [0, 1) with 53 random bits.
  double unit();
  /// True with probability `p`.
  bool chance(double p) { return unit() < p; }
  /// A uniformly random permutation of 0..n-1 (Fisher-Yates).
  std::vector<int> permutation(int n);

private:
  std::mt19937_64 engine;
};

} // namespace cim::evo

#endif // CIM_EVOLUTION_RANDOM_H
