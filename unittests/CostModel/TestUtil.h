//===- TestUtil.h - Small layers and configurations for the tests -*- C++ -*-//

#ifndef CIM_UNITTESTS_COSTMODEL_TESTUTIL_H
#define CIM_UNITTESTS_COSTMODEL_TESTUTIL_H

#include "cim/CostModel/CostModel.h"

#include <functional>
#include <random>

namespace cim {
namespace test {

/// A valid configuration with every field set to a small value; tests
/// override what they exercise.
HardwareConfig smallConfig();

/// Conv layer with consistent GEMM sizes (m, k, n derived).
Layer makeConv(const std::string &name, int64_t images, int64_t inC,
               int64_t inH, int64_t inW, int64_t outC, int64_t kernel,
               int64_t stride, int64_t pad, int64_t groups = 1,
               int64_t dilation = 1);
Layer makeMatmul(const std::string &name, int64_t m, int64_t k, int64_t n);
Layer makeBatchMatmul(const std::string &name, int64_t heads, int64_t m,
                      int64_t k, int64_t n);
/// Element-wise vector layer over a C x H x W tensor.
Layer makeVector(const std::string &name, int64_t channels, int64_t h,
                 int64_t w, std::vector<VectorWork> work,
                 std::vector<int> operands = {});

/// Uniform integer in [lo, hi] from our own draw (not <random>'s
/// distributions, whose output differs between standard libraries).
int64_t draw(std::mt19937_64 &rng, int64_t lo, int64_t hi);

/// A random valid configuration small enough for the naive simulator.
HardwareConfig randomConfig(std::mt19937_64 &rng);
/// A random small GEMM-like layer (conv incl. grouped/depthwise, matmul,
/// batch matmul).
Layer randomGemmLayer(std::mt19937_64 &rng, int index);

/// Completes `m` and plans it, failing the test on an error.
LayerPlan planOrDie(const Layer &layer, const HardwareConfig &hw,
                    LayerMapping m);

/// Example B's hardware, layer and mapping (docs/timing.md).
HardwareConfig exampleB();
Layer exampleBConv();
LayerPlan exampleBPlan(const HardwareConfig &hw);

/// One way of giving a configuration more of a resource.
struct Growth {
  const char *name;
  std::function<void(HardwareConfig &)> apply;
};
/// More bandwidth, buffers, lanes, arrays and output port width.
std::vector<Growth> growths();

/// Maps `w` on `hw` and on each growth of it but the one named `skip`, and
/// expects no more cycles; false (nothing checked) when `w` does not map.
bool expectNetworkCyclesMonotone(const Workload &w, const HardwareConfig &hw,
                                 const NetworkOptions &options,
                                 llvm::StringRef skip, int trial);

} // namespace test
} // namespace cim

#endif // CIM_UNITTESTS_COSTMODEL_TESTUTIL_H
