//===- EventQueue.h - Discrete-event core of the schedule engine -*- C++
//-*-===//
//
// A small discrete-event simulator: resources with a number of ports (units),
// tasks that occupy units of resources for a duration, and dependencies
// between tasks. A task starts when its dependencies have finished and every
// unit it acquires is free; waiting tasks are served first come, first
// served per resource (a task never overtakes an earlier waiting task on a
// resource they both need). Units may be acquired by one task and released by
// a later one (a buffer half held from load to drain). Time advances from
// event to event (a priority queue of completions), never cycle by cycle.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVENTSIM_EVENTQUEUE_H
#define CIM_EVENTSIM_EVENTQUEUE_H

#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cim::evsim {

struct Use {
  int32_t resource;
  int32_t units;
};

struct Task {
  int64_t duration = 0;
  /// Units taken at the start and units given back at the end.
  llvm::SmallVector<Use, 2> acquire;
  llvm::SmallVector<Use, 2> release;
  llvm::SmallVector<int32_t, 2> successors;
  /// The resource whose track the task is drawn on (-1: a pure sync point)
  /// and how many of its ports it occupies.
  int32_t track = -1;
  int32_t trackUnits = 0;
  /// Caller's tag (operation kind) and label (index into caller's names).
  uint8_t kind = 0;
  int32_t label = 0;

  // Filled in by run().
  int32_t pending = 0;
  int64_t ready = -1, start = -1, end = -1;
  /// The task whose completion let this one start: the last dependency to
  /// finish, or the task that released the unit it waited for.
  int32_t criticalPred = -1;
};

struct Resource {
  std::string name;
  int32_t capacity = 1;
  int32_t available = 1;
  /// Unit-cycles the resource was occupied by tasks drawn on its track.
  int64_t busy = 0;
  int32_t lastReleaser = -1;
};

class EventQueue {
public:
  int32_t addResource(std::string name, int32_t capacity);
  Resource &resource(int32_t id) { return resources[id]; }
  const std::vector<Resource> &getResources() const { return resources; }

  /// A task occupying `units` of `track` for `duration` (track -1: a sync
  /// point taking no resource).
  int32_t addTask(int64_t duration, int32_t track, int32_t units, uint8_t kind,
                  int32_t label = 0);
  Task &task(int32_t id) { return tasks[id]; }
  const std::vector<Task> &getTasks() const { return tasks; }
  /// `after` starts only once `before` has finished.
  void addDependency(int32_t before, int32_t after);

  /// Drops every task and restores every resource to full capacity (busy
  /// counters are kept), so the next batch starts on an idle chip.
  void clearTasks();
  /// Runs every task; tasks without dependencies are ready at `startTime`.
  /// Returns the time the last task finished (startTime if none). Fails
  /// (returns -1) when tasks remain that can never start (a unit acquired
  /// beyond a resource's capacity, or a dependency cycle).
  int64_t run(int64_t startTime);

private:
  bool tryStart(int32_t id, int64_t now);
  std::vector<Resource> resources;
  std::vector<Task> tasks;
};

} // namespace cim::evsim

#endif // CIM_EVENTSIM_EVENTQUEUE_H
