//===- ReferenceSimulator.h - Naive tile-by-tile layer simulator -*- C++ -*-//
//
// A deliberately simple second implementation of docs/timing.md, written
// without the closed forms: it lays out every tile, fills rounds tile by
// tile, walks every image, every block of output rows, every input vector
// and every MVM on every array, and accumulates bytes and cycles. The
// differential test requires exact agreement with planLayer + costOfPlan.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_UNITTESTS_COSTMODEL_REFERENCESIMULATOR_H
#define CIM_UNITTESTS_COSTMODEL_REFERENCESIMULATOR_H

#include "cim/CostModel/LayerPlan.h"

namespace cim {
namespace test {

struct ReferenceResult {
  int64_t cycles = 0;
  int64_t modelLoadCycles = 0;
  int64_t compute = 0;
  int64_t dramBytes = 0, gbBytes = 0, lbBytes = 0;
  int64_t macs = 0;
  int64_t steps = 0;
  int64_t rounds = 0;
};

/// Simulates one layer under the choices of `mapping` (unit, residency,
/// replication, round size, rows per step, double buffering, placement);
/// the derived fields (tiles, rounds, cores, steps) are not read.
ReferenceResult simulateLayer(const Layer &layer, const HardwareConfig &hw,
                              const LayerMapping &mapping);

} // namespace test
} // namespace cim

#endif // CIM_UNITTESTS_COSTMODEL_REFERENCESIMULATOR_H
