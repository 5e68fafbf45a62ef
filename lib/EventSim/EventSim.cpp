//===- EventSim.cpp - Event-driven simulation of lowered schedules --------===//
//
// Builds, for each cim.layer, a task graph from its schedule ops and runs it
// on the EventQueue. The rules (rounds, steps, chunks, buffers) are written
// in docs/timing.md, "Event-driven engine".
//
//===----------------------------------------------------------------------===//

#include "cim/EventSim/EventSim.h"
#include "cim/EventSim/EventQueue.h"

#include "cim/Dialect/Cim/IR/CimOps.h"
#include "cim/Support/CheckedInt.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cstdlib>

using namespace mlir;
using namespace cim;
using namespace cim::evsim;

llvm::StringRef evsim::opKindName(OpKind kind) {
  switch (kind) {
  case OpKind::Sync:
    return "sync";
  case OpKind::DramIn:
    return "dram in";
  case OpKind::DramOut:
    return "dram out";
  case OpKind::NocIn:
    return "noc in";
  case OpKind::NocOut:
    return "noc out";
  case OpKind::Lb:
    return "lb";
  case OpKind::Hop:
    return "hop";
  case OpKind::Mvm:
    return "mvm";
  case OpKind::Vector:
    return "vector";
  case OpKind::ProgramDram:
    return "weights dram";
  case OpKind::ProgramNoc:
    return "weights noc";
  case OpKind::ProgramLb:
    return "weights lb";
  case OpKind::ProgramWrite:
    return "program";
  }
  return "?";
}

llvm::StringRef evsim::causeOf(OpKind kind) {
  switch (kind) {
  case OpKind::Sync:
    return "idle";
  case OpKind::DramIn:
  case OpKind::DramOut:
  case OpKind::ProgramDram:
    return "dram";
  case OpKind::NocIn:
  case OpKind::NocOut:
  case OpKind::ProgramNoc:
    return "noc";
  case OpKind::Lb:
  case OpKind::ProgramLb:
    return "lb";
  case OpKind::Hop:
    return "hop";
  case OpKind::Mvm:
    return "compute";
  case OpKind::Vector:
    return "vector";
  case OpKind::ProgramWrite:
    return "program";
  }
  return "idle";
}

llvm::ArrayRef<llvm::StringRef> evsim::resourceClasses() {
  static const llvm::StringRef classes[] = {"dram", "noc", "lb", "arrays",
                                            "vector"};
  return classes;
}

llvm::ArrayRef<llvm::StringRef> evsim::causes() {
  static const llvm::StringRef all[] = {"compute", "hop", "program", "dram",
                                        "noc",     "lb",  "vector",  "idle"};
  return all;
}

static llvm::StringRef resourceClassOfCause(llvm::StringRef cause) {
  if (cause == "compute" || cause == "hop" || cause == "program")
    return "arrays";
  return cause;
}

int64_t LayerTiming::stalls() const {
  auto it = critical.find("compute");
  return cycles - (it == critical.end() ? 0 : it->second);
}

double LayerTiming::utilization(llvm::StringRef cls) const {
  auto b = busy.find(cls.str());
  auto p = ports.find(cls.str());
  if (b == busy.end() || p == ports.end() || p->second == 0 || cycles == 0)
    return 0;
  return double(b->second) / double(p->second * cycles);
}

namespace {

// Without a + b - 1: a may be near INT64_MAX (e.g. 2^63 - 1 vector ops).
int64_t ceilDiv(int64_t a, int64_t b) {
  return b <= 0 ? 0 : a / b + (a % b > 0 ? 1 : 0);
}

/// Part `i` of `n` near-equal parts of `total` (the parts sum to total).
int64_t share(int64_t total, int64_t n, int64_t i) {
  // 128-bit products: total may be near 2^63 (the parts still fit int64).
  __int128 t = total;
  return static_cast<int64_t>(t * (i + 1) / n - t * i / n);
}

/// Cycles of part `i` of `n` of a `total`-byte transfer at `bw` bytes per
/// cycle, rounded on the running total so the parts sum to
/// ceil(total / bw): splitting a transfer never adds cycles.
int64_t partCycles(int64_t total, int64_t n, int64_t i, int64_t bw) {
  __int128 t = total;
  return ceilDiv(static_cast<int64_t>(t * (i + 1) / n), bw) -
         ceilDiv(static_cast<int64_t>(t * i / n), bw);
}

/// Deliberate errors for the mutation check (scripts/mutation_check_evsim.sh,
/// docs/verification.md): the environment variable CIM_EVSIM_MUTATION names
/// one; unset (always, outside that check) the engine is unchanged.
enum class Mutation {
  None,
  Constant,   // every layer takes 1000 cycles
  DropNoc,    // NoC transfers take no time
  DropHop,    // no step overhead
  DoubleMvm,  // MVM bursts take twice as long
  OverlapAll, // a serial step takes one buffer half, as if double-buffered
};

Mutation activeMutation() {
  static const Mutation m = [] {
    const char *v = std::getenv("CIM_EVSIM_MUTATION");
    llvm::StringRef s = v ? v : "";
    return llvm::StringSwitch<Mutation>(s)
        .Case("constant", Mutation::Constant)
        .Case("drop-noc", Mutation::DropNoc)
        .Case("drop-hop", Mutation::DropHop)
        .Case("double-mvm", Mutation::DoubleMvm)
        .Case("overlap-all", Mutation::OverlapAll)
        .Default(Mutation::None);
  }();
  return m;
}

int64_t mutate(OpKind kind, int64_t duration) {
  switch (activeMutation()) {
  case Mutation::DropNoc:
    return kind == OpKind::NocIn || kind == OpKind::NocOut ||
                   kind == OpKind::ProgramNoc
               ? 0
               : duration;
  case Mutation::DropHop:
    return kind == OpKind::Hop ? 0 : duration;
  case Mutation::DoubleMvm:
    return kind == OpKind::Mvm ? 2 * duration : duration;
  default:
    return duration;
  }
}

/// The work of one iteration of a cim.loop, read from its cim.spatial.
struct Work {
  CaseKind kind = CaseKind::Step;
  int64_t trips = 0, macs = 0;
  int64_t cores = 1, arrays = 0;
  int64_t dram = 0, noc = 0, lb = 0, lbAll = 0;
  int64_t rows = 0; // rows programmed
  int64_t mvms = 0, mvmRows = 0, mvmCols = 0;
  bool partial = false, hasMvm = false;
  int64_t vectorOps = 0;
  /// A sum of the IR's counts did not fit int64.
  bool overflowed = false;
};

FailureOr<Work> readLoop(LoopOp loop) {
  Work w;
  w.kind = loop.getKind();
  w.trips = loop.getTripsAttr().getInt();
  w.macs = loop.getMacsAttr().getInt();
  auto spatial = dyn_cast_or_null<SpatialOp>(
      loop.getBody().empty() || loop.getBody().front().empty()
          ? nullptr
          : &loop.getBody().front().front());
  if (!spatial)
    return loop.emitOpError("holds no cim.spatial; the event-driven engine "
                            "cannot execute it");
  w.cores = std::max<int64_t>(1, spatial.getCoresAttr().getInt());
  w.arrays = spatial.getArraysAttr().getInt();
  bool sawLb = false;
  auto add = [&](int64_t &field, CheckedInt v) {
    checkedAccumulate(field, v, w.overflowed);
  };
  for (Operation &op : spatial.getBody().front()) {
    if (auto t = dyn_cast<TransferOp>(op)) {
      int64_t bytes = t.getBytesAttr().getInt();
      switch (t.getLink()) {
      case Link::Dram:
        add(w.dram, bytes);
        break;
      case Link::Noc:
        add(w.noc, bytes);
        break;
      case Link::Lb:
        sawLb = true;
        add(w.lb, bytes);
        // Without all_cores every core moves what the busiest one does.
        add(w.lbAll, t.getAllCores() ? CheckedInt(*t.getAllCores())
                                     : CheckedInt(bytes) * w.cores);
        break;
      }
    } else if (auto p = dyn_cast<ProgramOp>(op)) {
      add(w.rows, p.getRowsAttr().getInt());
    } else if (auto m = dyn_cast<MvmOp>(op)) {
      w.hasMvm = true;
      w.mvms = m.getCountAttr().getInt();
      w.mvmRows = m.getRowsAttr().getInt();
      w.mvmCols = m.getColsAttr().getInt();
      w.partial = m.getPartial();
    } else if (auto v = dyn_cast<VectorWorkOp>(op)) {
      add(w.vectorOps, v.getOpsAttr().getInt());
    } else if (!isa<AccumulateOp>(op)) {
      return op.emitOpError("is not a cim schedule op; the event-driven "
                            "engine cannot execute it");
    }
  }
  if (!sawLb)
    w.lbAll = 0;
  if (w.overflowed)
    return loop.emitOpError("'s byte, row or operation counts sum past a "
                            "64-bit integer");
  return w;
}

/// Cycles of `k` back-to-back MVMs on an r x c tile (docs/timing.md, "One
/// MVM": the array's behaviour, written here from the hardware parameters).
CheckedInt mvmCycles(const HardwareConfig &hw, int64_t k, int64_t r, int64_t c,
                     bool partial) {
  using C = CheckedInt;
  if (k <= 0)
    return 0;
  C slices = hw.inputSlices();
  C tree = hw.effectiveAdderTreeDepth();
  C interval, latency;
  if (hw.computeMode == ComputeMode::Bitline) {
    interval = slices * checkedCeilDiv(r, hw.rowsActive) *
               checkedCeilDiv(C(c) * hw.colsPerWeight(), hw.adcsPerArray()) *
               hw.adcCycles;
    latency = interval;
  } else {
    interval = slices;
    latency = slices + tree;
  }
  int64_t outBits = partial ? hw.partialSumBits() : hw.outputBits;
  C port = checkedMax(
      checkedCeilDiv(C(r) * hw.inputBits, hw.effectiveArrayInputBitsPerCycle()),
      checkedCeilDiv(C(c) * outBits, hw.arrayOutputBitsPerCycle));
  if (port > interval) {
    interval = port;
    latency = port + tree;
  }
  return C(k) * interval + (latency - interval);
}

/// Resource ids of the chip model.
struct Chip {
  int32_t dram, noc, stage, slots;
  std::vector<int32_t> lb, arrays, vector, halves;
  std::vector<std::string> classOf; // resource id -> class ("" = a pool)
};

Chip buildChip(EventQueue &q, const HardwareConfig &hw) {
  Chip chip;
  auto add = [&](std::string name, int32_t ports, llvm::StringRef cls) {
    int32_t id = q.addResource(std::move(name), ports);
    chip.classOf.push_back(cls.str());
    return id;
  };
  chip.dram = add("dram", 1, "dram");
  chip.noc = add("noc", 1, "noc");
  for (int64_t c = 0; c < hw.cores; ++c) {
    std::string core = "core" + std::to_string(c) + ".";
    chip.lb.push_back(add(core + "lb", 1, "lb"));
    chip.arrays.push_back(
        add(core + "arrays", static_cast<int32_t>(hw.arraysPerCore), "arrays"));
    chip.vector.push_back(add(core + "vector", 1, "vector"));
  }
  // Pools (no track): step slots staged in the GB, each core's two local
  // buffer halves, and the arrays that hold a layer's weights.
  chip.stage = add("gb step slots", 2, "");
  for (int64_t c = 0; c < hw.cores; ++c)
    chip.halves.push_back(
        add("core" + std::to_string(c) + ".lb halves", 2, ""));
  chip.slots = add("weight arrays", static_cast<int32_t>(hw.totalArrays()), "");
  return chip;
}

int64_t tensorElements(Type t) {
  auto shaped = dyn_cast<ShapedType>(t);
  if (!shaped || !shaped.hasStaticShape())
    return 0;
  return shaped.getNumElements();
}

class LayerBuilder {
public:
  LayerBuilder(EventQueue &q, const Chip &chip, const HardwareConfig &hw,
               int32_t layerIndex)
      : q(q), chip(chip), hw(hw), layerIndex(layerIndex) {}

  LogicalResult build(LayerOp layer);

private:
  int32_t task(CheckedInt checkedDuration, int32_t track, int32_t units,
               OpKind kind) {
    // Every task's end is at most the layer's start plus the sum of all
    // durations (times units, as the busy counters add): checking that sum
    // keeps every time and counter of the queue within int64.
    work += checkedDuration * std::max<int32_t>(units, 1);
    int64_t duration =
        work.overflowed() ? 0 : mutate(kind, checkedDuration.value());
    // A zero-length operation occupies nothing: it is a sync point.
    if (duration == 0)
      track = -1;
    return q.addTask(duration, track, units, static_cast<uint8_t>(kind),
                     layerIndex);
  }
  void after(int32_t before, int32_t t) { q.addDependency(before, t); }
  int32_t coreUnits(const Work &w) const {
    int64_t cores = std::min(w.cores, hw.cores);
    return static_cast<int32_t>(
        std::clamp<int64_t>(ceilDiv(w.arrays, cores), 1, hw.arraysPerCore));
  }
  void buildProgram(const Work &w, int32_t slotUnits);
  void buildStep(const Work &w, int32_t roundDone);

  EventQueue &q;
  const Chip &chip;
  const HardwareConfig &hw;
  int32_t layerIndex;

public:
  /// Sum of the durations (times units) of the tasks built so far.
  CheckedInt work = 0;

private:
  bool doubleBuffered = false, outputInGb = false, vectorUnit = false;
  int64_t layerOutBytes = 0, layerMacs = 0, stepTrips = 0;
  // The last task of each in-order stream (-1: none yet).
  int32_t lastStage = -1, lastProgramDram = -1, prevRoundDone = -1;
  std::vector<int32_t> lastNocIn, lastWrite, lastCompute, programmed;
};

void LayerBuilder::buildProgram(const Work &w, int32_t slotUnits) {
  int64_t cores = std::min(w.cores, hw.cores);
  int32_t acquire = task(0, -1, 0, OpKind::Sync);
  q.task(acquire).acquire.push_back({chip.slots, slotUnits});
  if (!hw.pingPongProgramming)
    after(prevRoundDone, acquire); // the arrays are the previous round's
  after(lastProgramDram, acquire);
  int32_t prevDram = acquire;
  // Weights stream in chunks of rows so DRAM, NoC, LB and row writes overlap
  // (16 chunks: the pipeline's fill costs at most 1/16 of the longest stage).
  int64_t chunks = std::clamp<int64_t>(w.rows, 1, 16);
  for (int64_t j = 0; j < chunks; ++j) {
    int32_t d = task(partCycles(w.dram, chunks, j, hw.dramBytesPerCycle),
                     chip.dram, 1, OpKind::ProgramDram);
    after(prevDram, d);
    prevDram = d;
    // One NoC transfer carries the chunk's weights for every core back to
    // back (rounding each core's few bytes up to a cycle would be an artifact).
    int32_t n = task(partCycles(w.noc, chunks, j, hw.gbBytesPerCycle), chip.noc,
                     1, OpKind::ProgramNoc);
    after(d, n);
    for (int64_t c = 0; c < cores; ++c) {
      int64_t coreLb = c == 0 ? w.lb
                              : share(w.lbAll - w.lb,
                                      std::max<int64_t>(1, cores - 1), c - 1);
      int32_t l = task(partCycles(coreLb, chunks, j, hw.lbBytesPerCycle),
                       chip.lb[c], 1, OpKind::ProgramLb);
      after(n, l);
      int32_t wr =
          task(CheckedInt(share(w.rows, chunks, j)) * hw.programCyclesPerRow,
               chip.arrays[c], coreUnits(w), OpKind::ProgramWrite);
      after(l, wr);
      after(lastWrite[c], wr);
      lastWrite[c] = wr;
      programmed[c] = wr;
    }
  }
  lastProgramDram = prevDram;
}

void LayerBuilder::buildStep(const Work &w, int32_t roundDone) {
  int64_t cores = std::min(w.cores, hw.cores);
  // Split the step's bytes into inbound and outbound shares: outputs are the
  // layer's output bytes in proportion to the step's MACs (docs/timing.md).
  // 128-bit: the product may pass int64, the share of the output does not.
  int64_t out = layerMacs > 0 && w.macs > 0
                    ? static_cast<int64_t>(
                          (static_cast<__int128>(layerOutBytes) * w.macs +
                           layerMacs - 1) /
                          layerMacs)
                    : ceilDiv(layerOutBytes, std::max<int64_t>(1, stepTrips));
  if (w.partial)
    out = static_cast<int64_t>(
        (static_cast<__int128>(out) * hw.partialSumBits() + hw.outputBits - 1) /
        hw.outputBits);
  int64_t dramOut = (outputInGb || w.partial) ? 0 : std::min(out, w.dram);
  int64_t nocOut = std::min(out, w.noc);
  int64_t dramIn = w.dram - dramOut, nocIn = w.noc - nocOut;
  int32_t halfUnits =
      doubleBuffered || activeMutation() == Mutation::OverlapAll ? 1 : 2;

  int32_t in =
      task(ceilDiv(dramIn, hw.dramBytesPerCycle), chip.dram, 1, OpKind::DramIn);
  q.task(in).acquire.push_back({chip.stage, halfUnits});
  after(lastStage, in);
  lastStage = in;
  int32_t outTask = task(ceilDiv(dramOut, hw.dramBytesPerCycle), chip.dram, 1,
                         OpKind::DramOut);
  // A serial step holds the whole staging area until its outputs are in
  // DRAM; a double-buffered one holds one of two slots until its inputs have
  // left the GB for the cores.
  int32_t delivered = task(0, -1, 0, OpKind::Sync);
  if (doubleBuffered)
    q.task(delivered).release.push_back({chip.stage, halfUnits});
  else
    q.task(outTask).release.push_back({chip.stage, halfUnits});
  for (int64_t c = 0; c < cores; ++c) {
    int64_t coreLb =
        c == 0 ? w.lb
               : share(w.lbAll - w.lb, std::max<int64_t>(1, cores - 1), c - 1);
    int32_t ni = task(partCycles(nocIn, cores, c, hw.gbBytesPerCycle), chip.noc,
                      1, OpKind::NocIn);
    q.task(ni).acquire.push_back({chip.halves[c], halfUnits});
    after(in, ni);
    after(lastNocIn[c], ni);
    lastNocIn[c] = ni;
    after(ni, delivered);
    int32_t l =
        task(ceilDiv(coreLb, hw.lbBytesPerCycle), chip.lb[c], 1, OpKind::Lb);
    after(ni, l);
    int32_t unit = vectorUnit || !w.hasMvm ? chip.vector[c] : chip.arrays[c];
    int32_t units = unit == chip.vector[c] ? 1 : coreUnits(w);
    int32_t h = task(hw.stepOverheadCycles, unit, units, OpKind::Hop);
    after(l, h);
    after(programmed[c], h);
    // The step's tiles sit in the same arrays as the previous step's: its
    // MVMs wait for theirs (the arrays resource's extra ports serve only
    // programming for the next round).
    after(lastCompute[c], h);
    int32_t last = h;
    if (w.hasMvm) {
      int32_t m = task(mvmCycles(hw, w.mvms, w.mvmRows, w.mvmCols, w.partial),
                       chip.arrays[c], coreUnits(w), OpKind::Mvm);
      after(h, m);
      after(m, roundDone);
      last = m;
    }
    lastCompute[c] = last;
    int32_t v = task(ceilDiv(w.vectorOps, hw.vectorLanesPerCore),
                     chip.vector[c], 1, OpKind::Vector);
    after(last, v);
    after(v, roundDone);
    int32_t no = task(partCycles(nocOut, cores, c, hw.gbBytesPerCycle),
                      chip.noc, 1, OpKind::NocOut);
    q.task(no).release.push_back({chip.halves[c], halfUnits});
    after(v, no);
    after(no, outTask);
  }
}

LogicalResult LayerBuilder::build(LayerOp layer) {
  LayerMapping mapping = layer.getMapping().getMapping();
  doubleBuffered = mapping.doubleBuffered;
  outputInGb = mapping.outputInGb;
  vectorUnit = mapping.unit == ExecUnit::Vector;
  layerMacs = layer.getMacsAttr().getInt();
  CheckedInt outBytes = 0;
  for (Type t : layer.getResultTypes())
    outBytes +=
        checkedCeilDiv(CheckedInt(tensorElements(t)) * hw.outputBits, 8);
  lastNocIn.assign(hw.cores, -1);
  lastWrite.assign(hw.cores, -1);
  lastCompute.assign(hw.cores, -1);
  programmed.assign(hw.cores, -1);

  std::vector<Work> steps, programs;
  // The engine builds tasks per trip: bound them before building any
  // (docs/reliability.md); the counts are checked sums of the IR's.
  CheckedInt trips = 0, programTrips = 0, tasks = 0;
  for (LoopOp loop : layer.getSchedule().front().getOps<LoopOp>()) {
    FailureOr<Work> w = readLoop(loop);
    if (failed(w))
      return failure();
    // Fill and drain restate bytes the steps already carry; model loading
    // happens once, before inference.
    if (w->kind == CaseKind::Step) {
      steps.push_back(*w);
      trips += w->trips;
      // buildStep: 3 + 6 per core.
      tasks += CheckedInt(w->trips) * (std::min(w->cores, hw.cores) * 6 + 3);
    } else if (w->kind == CaseKind::Program) {
      programs.push_back(*w);
      programTrips += w->trips;
      // buildProgram: 1 + 16 chunks of 2 + 2 per core; a round's sync.
      tasks += CheckedInt(w->trips) * (std::min(w->cores, hw.cores) * 32 + 34);
    }
  }
  if (outBytes.overflowed() || tasks.overflowed() ||
      tasks > CheckedInt(kMaxTasksPerLayer))
    return layer.emitOpError("'")
           << layer.getLayerName() << "' needs "
           << (tasks.overflowed() ? std::string("more than 2^63")
                                  : std::to_string(tasks.value()))
           << " event-engine tasks, more than the limit of "
           << kMaxTasksPerLayer
           << " per layer; cost it with cim-sim --analytic";
  layerOutBytes = outBytes.value();
  stepTrips = trips.value();
  int64_t rounds = std::max<int64_t>(programTrips.value(), 1);
  // Each round runs its share of every step case, in schedule order: an
  // equal share when every case divides evenly, else the cases in order cut
  // into `rounds` near-equal runs.
  bool even =
      llvm::all_of(steps, [&](const Work &w) { return w.trips % rounds == 0; });
  std::vector<const Work *> flatPrograms;
  for (const Work &p : programs)
    for (int64_t i = 0; i < p.trips; ++i)
      flatPrograms.push_back(&p);
  int32_t slotCap = q.resource(chip.slots).capacity;
  int64_t done = 0; // steps issued so far (uneven case)
  std::vector<std::pair<const Work *, int64_t>> order; // (case, index)
  for (int64_t r = 0; r < rounds; ++r) {
    int32_t slotUnits = 0;
    if (r < static_cast<int64_t>(flatPrograms.size())) {
      slotUnits = static_cast<int32_t>(
          std::clamp<int64_t>(flatPrograms[r]->arrays, 0, slotCap));
      buildProgram(*flatPrograms[r], slotUnits);
    }
    int32_t roundDone = task(0, -1, 0, OpKind::Sync);
    if (slotUnits > 0)
      q.task(roundDone).release.push_back({chip.slots, slotUnits});
    for (int32_t c : programmed)
      after(c, roundDone);
    if (even) {
      for (const Work &w : steps)
        for (int64_t i = 0; i < w.trips / rounds; ++i)
          buildStep(w, roundDone);
    } else {
      int64_t until = share(stepTrips, rounds, r) + done;
      // Steps [done, until) of the cases laid end to end, without walking
      // the steps of other rounds (linear in the steps, not quadratic).
      int64_t seen = 0;
      for (const Work &w : steps) {
        for (int64_t i = std::max(done, seen),
                     e = std::min(until, seen + w.trips);
             i < e; ++i)
          buildStep(w, roundDone);
        seen += w.trips;
      }
      done = until;
    }
    prevRoundDone = roundDone;
  }
  return success();
}

/// Walks the critical path back from the last task to finish and charges
/// each piece of it to its cause.
void chargeCriticalPath(const EventQueue &q, int64_t start, int64_t end,
                        LayerTiming &timing) {
  const std::vector<Task> &tasks = q.getTasks();
  for (llvm::StringRef c : causes())
    timing.critical[c.str()] = 0;
  int32_t cur = -1;
  for (int32_t i = 0, e = static_cast<int32_t>(tasks.size()); i < e; ++i)
    if (tasks[i].end == end && (cur < 0 || tasks[i].duration > 0))
      cur = i;
  int64_t covered = end;
  while (cur >= 0) {
    const Task &t = tasks[cur];
    timing.critical[causeOf(static_cast<OpKind>(t.kind)).str()] +=
        covered - t.start;
    covered = t.start;
    int32_t pred = t.criticalPred;
    // Gaps between a predecessor's end and this start are idle time.
    if (pred >= 0 && tasks[pred].end < covered) {
      timing.critical["idle"] += covered - tasks[pred].end;
      covered = tasks[pred].end;
    }
    cur = pred;
  }
  timing.critical["idle"] += covered - start;
  int64_t best = -1;
  for (llvm::StringRef c : causes())
    if (c != "idle" && timing.critical[c.str()] > best) {
      best = timing.critical[c.str()];
      timing.criticalResource = resourceClassOfCause(c).str();
    }
}

} // namespace

FailureOr<std::vector<NetworkTiming>> evsim::simulateEvents(ModuleOp module,
                                                            Trace *trace) {
  HardwareAttr hardware = getModuleHardware(module);
  if (!hardware)
    return module.emitError("the event-driven engine needs a hardware "
                            "configuration on the module (cim.hardware)");
  HardwareConfig hw = hardware.getConfig();
  EventQueue q;
  Chip chip = buildChip(q, hw);
  if (trace) {
    // Tracks are the resources with a class (the tracks' ids are their
    // resource ids: buildChip adds the pools last).
    for (size_t i = 0; i < q.getResources().size(); ++i) {
      if (chip.classOf[i].empty())
        break;
      trace->resources.push_back(q.getResources()[i].name);
      trace->ports.push_back(q.getResources()[i].capacity);
    }
  }
  std::vector<NetworkTiming> result;
  for (func::FuncOp func : module.getOps<func::FuncOp>()) {
    SmallVector<LayerOp> layers(func.getBody().getOps<LayerOp>());
    if (layers.empty())
      continue;
    llvm::stable_sort(layers, [](LayerOp a, LayerOp b) {
      return a.getIndexAttr().getInt() < b.getIndexAttr().getInt();
    });
    NetworkTiming net;
    net.function = func.getSymName().str();
    int64_t now = 0;
    // Durations times units of every task so far: bounds the busy counters.
    CheckedInt totalWork = 0;
    for (LayerOp layer : layers) {
      q.clearTasks();
      LayerMapping mapping = layer.getMapping().getMapping();
      q.resource(chip.slots).capacity = q.resource(chip.slots).available =
          static_cast<int32_t>(
              std::max<int64_t>({mapping.arraysAvailable,
                                 layer.getArraysUsedAttr().getInt(), 1}));
      std::vector<int64_t> busyBefore;
      for (const Resource &r : q.getResources())
        busyBefore.push_back(r.busy);
      int32_t layerIndex =
          trace ? static_cast<int32_t>(trace->layers.size()) : 0;
      LayerBuilder builder(q, chip, hw, layerIndex);
      if (failed(builder.build(layer)))
        return failure();
      totalWork += builder.work;
      if ((CheckedInt(now) + builder.work).overflowed() ||
          totalWork.overflowed())
        return layer.emitOpError("'")
               << layer.getLayerName()
               << "': its event-engine cycles do not fit a 64-bit integer";
      int64_t end = q.run(now);
      if (activeMutation() == Mutation::Constant && end >= 0)
        end = now + 1000;
      if (end < 0)
        return layer.emitOpError("the event-driven engine deadlocked on this "
                                 "layer's schedule (a resource is asked for "
                                 "more units than it has)");
      LayerTiming timing;
      timing.name = layer.getLayerName().str();
      timing.start = now;
      timing.cycles = end - now;
      for (size_t i = 0; i < q.getResources().size(); ++i) {
        const std::string &cls = chip.classOf[i];
        if (cls.empty())
          continue;
        timing.busy[cls] += q.getResources()[i].busy - busyBefore[i];
        timing.ports[cls] += q.getResources()[i].capacity;
      }
      chargeCriticalPath(q, now, end, timing);
      if (trace) {
        trace->layers.push_back(timing.name);
        for (const Task &t : q.getTasks())
          if (t.track >= 0 && t.duration > 0)
            trace->slices.push_back({t.track, t.start, t.end, t.trackUnits,
                                     static_cast<OpKind>(t.kind), layerIndex});
      }
      net.layers.push_back(std::move(timing));
      now = end;
    }
    net.cycles = now;
    result.push_back(std::move(net));
  }
  if (result.empty())
    return module.emitError("nothing to simulate: the module has no cim.layer "
                            "ops; lower it with cim-opt --cim-compile first");
  return result;
}

void evsim::writeChromeTrace(llvm::raw_ostream &os, const Trace &trace,
                             const HardwareConfig &hw) {
  // Streamed: a whole network has hundreds of thousands of slices.
  llvm::json::OStream j(os);
  j.object([&] {
    j.attributeArray("traceEvents", [&] {
      for (size_t i = 0; i < trace.resources.size(); ++i)
        j.object([&] {
          j.attribute("name", "thread_name");
          j.attribute("ph", "M");
          j.attribute("pid", 0);
          j.attribute("tid", static_cast<int64_t>(i));
          j.attributeObject("args", [&] {
            j.attribute("name", trace.resources[i]);
            j.attribute("ports", trace.ports[i]);
          });
        });
      for (const TraceSlice &s : trace.slices)
        j.object([&] {
          j.attribute("name", opKindName(s.kind));
          j.attribute("ph", "X");
          j.attribute("pid", 0);
          j.attribute("tid", s.resource);
          j.attribute("ts", s.start);
          j.attribute("dur", s.end - s.start);
          j.attributeObject("args", [&] {
            j.attribute("layer", trace.layers[s.layer]);
            j.attribute("units", s.units);
          });
        });
    });
    j.attribute("displayTimeUnit", "ns");
    j.attributeObject("otherData", [&] {
      j.attribute("time_unit", "cycle (ts and dur are cycles)");
      j.attribute("hardware", hw.name);
      j.attribute("clock_mhz", hw.clockMhz);
    });
  });
  os << "\n";
}
