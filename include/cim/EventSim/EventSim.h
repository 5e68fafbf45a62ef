//===- EventSim.h - Event-driven simulation of lowered schedules -*- C++
//-*-===//
//
// The second, independent witness of the cycle counts (docs/timing.md,
// "Event-driven engine"): executes the cim schedule ops of a lowered module
// on a model of the chip built from #cim.hardware alone (DRAM channel, NoC,
// each core's local-buffer port, arrays and vector lanes, finite buffers)
// with a discrete-event queue. It shares no code with lib/CostModel: the
// cycles come from the order of events, not from a sum or max of terms.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVENTSIM_EVENTSIM_H
#define CIM_EVENTSIM_EVENTSIM_H

#include "cim/Hardware/HardwareConfig.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

namespace cim::evsim {

/// What a task does; the cause its critical-path cycles are charged to.
enum class OpKind : uint8_t {
  Sync,
  DramIn,
  DramOut,
  NocIn,
  NocOut,
  Lb,
  Hop,
  Mvm,
  Vector,
  ProgramDram,
  ProgramNoc,
  ProgramLb,
  ProgramWrite,
};
llvm::StringRef opKindName(OpKind kind);
/// The cause an operation's critical-path cycles count as: compute, hop,
/// program, dram, noc, lb or vector.
llvm::StringRef causeOf(OpKind kind);

/// The resource classes, in report order.
llvm::ArrayRef<llvm::StringRef> resourceClasses();
/// The causes, in report order (compute first).
llvm::ArrayRef<llvm::StringRef> causes();

struct LayerTiming {
  std::string name;
  int64_t start = 0;
  int64_t cycles = 0;
  /// Cycles of the critical path charged to each cause; they sum to cycles.
  std::map<std::string, int64_t> critical;
  /// The resource class that was busy for most of the critical path.
  std::string criticalResource;
  /// Busy unit-cycles and ports per resource class (utilization = busy /
  /// (ports * cycles)).
  std::map<std::string, int64_t> busy;
  std::map<std::string, int64_t> ports;
  /// Cycles of the critical path not spent computing (cycles - critical
  /// compute).
  int64_t stalls() const;
  double utilization(llvm::StringRef cls) const;
};

struct NetworkTiming {
  std::string function;
  int64_t cycles = 0;
  std::vector<LayerTiming> layers;
};

/// One slice per operation on one resource, in cycles.
struct TraceSlice {
  int32_t resource;
  int64_t start, end;
  int32_t units;
  OpKind kind;
  int32_t layer;
};
struct Trace {
  std::vector<std::string> resources;
  std::vector<int32_t> ports;
  std::vector<std::string> layers;
  std::vector<TraceSlice> slices;
};

/// Most tasks the engine builds for one layer (it builds them per trip of
/// each cim.loop, ~150 bytes each): a schedule needing more is an error
/// before any is built (docs/reliability.md); the analytical engine has no
/// such limit.
constexpr int64_t kMaxTasksPerLayer = int64_t(1) << 22;

/// Simulates every function of `module` that holds cim.layer ops, layer by
/// layer in network order (a layer starts when the previous one has
/// finished). Collects slices into `trace` when it is non-null. Emits a
/// diagnostic and fails on a module without hardware or with a schedule the
/// engine cannot execute.
mlir::FailureOr<std::vector<NetworkTiming>>
simulateEvents(mlir::ModuleOp module, Trace *trace = nullptr);

/// Chrome Trace Event JSON: one thread (track) per resource named after it,
/// its ports in the thread's args, one complete ("X") event per slice with
/// timestamps in cycles.
void writeChromeTrace(llvm::raw_ostream &os, const Trace &trace,
                      const HardwareConfig &hw);

} // namespace cim::evsim

#endif // CIM_EVENTSIM_EVENTSIM_H
