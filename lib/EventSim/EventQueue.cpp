//===- EventQueue.cpp - Discrete-event core of the schedule engine --------===//

#include "cim/EventSim/EventQueue.h"

#include <queue>

using namespace cim::evsim;

int32_t EventQueue::addResource(std::string name, int32_t capacity) {
  Resource r;
  r.name = std::move(name);
  r.capacity = r.available = capacity;
  resources.push_back(std::move(r));
  return static_cast<int32_t>(resources.size() - 1);
}

int32_t EventQueue::addTask(int64_t duration, int32_t track, int32_t units,
                            uint8_t kind, int32_t label) {
  Task t;
  t.duration = duration;
  t.track = track;
  t.trackUnits = units;
  t.kind = kind;
  t.label = label;
  if (track >= 0) {
    t.acquire.push_back({track, units});
    t.release.push_back({track, units});
  }
  tasks.push_back(std::move(t));
  return static_cast<int32_t>(tasks.size() - 1);
}

void EventQueue::addDependency(int32_t before, int32_t after) {
  if (before < 0 || after < 0)
    return;
  tasks[before].successors.push_back(after);
  ++tasks[after].pending;
}

void EventQueue::clearTasks() {
  tasks.clear();
  for (Resource &r : resources) {
    r.available = r.capacity;
    r.lastReleaser = -1;
  }
}

bool EventQueue::tryStart(int32_t id, int64_t now) {
  Task &t = tasks[id];
  for (const Use &u : t.acquire)
    if (resources[u.resource].available < u.units)
      return false;
  int64_t latestRelease = -1;
  for (const Use &u : t.acquire) {
    Resource &r = resources[u.resource];
    r.available -= u.units;
    // Waited for a unit: the critical predecessor is whoever freed it last.
    if (now > t.ready && r.lastReleaser >= 0 &&
        tasks[r.lastReleaser].end > latestRelease) {
      latestRelease = tasks[r.lastReleaser].end;
      t.criticalPred = r.lastReleaser;
    }
  }
  t.start = now;
  t.end = now + t.duration;
  if (t.track >= 0)
    resources[t.track].busy += t.duration * t.trackUnits;
  return true;
}

int64_t EventQueue::run(int64_t startTime) {
  using Event = std::pair<int64_t, int32_t>; // (end time, task)
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events;
  std::vector<int32_t> waiting;
  for (int32_t i = 0, e = static_cast<int32_t>(tasks.size()); i < e; ++i)
    if (tasks[i].pending == 0) {
      tasks[i].ready = startTime;
      waiting.push_back(i);
    }
  // Generation stamps mark resources an earlier waiting task is blocked on.
  std::vector<uint64_t> blockedAt(resources.size(), 0);
  uint64_t generation = 0;
  int64_t now = startTime, last = startTime;
  size_t finished = 0;
  while (true) {
    // Start whatever can start now, first come first served per resource.
    ++generation;
    size_t kept = 0;
    for (size_t i = 0; i < waiting.size(); ++i) {
      int32_t id = waiting[i];
      bool behind = false;
      for (const Use &u : tasks[id].acquire)
        behind |= blockedAt[u.resource] == generation;
      if (!behind && tryStart(id, now)) {
        events.push({tasks[id].end, id});
        continue;
      }
      // Only the resources it lacks are held for it; the others stay open
      // to later tasks (no head-of-line blocking across resources).
      for (const Use &u : tasks[id].acquire)
        if (resources[u.resource].available < u.units)
          blockedAt[u.resource] = generation;
      waiting[kept++] = id;
    }
    waiting.resize(kept);
    if (events.empty())
      break;
    now = events.top().first;
    while (!events.empty() && events.top().first == now) {
      int32_t id = events.top().second;
      events.pop();
      ++finished;
      last = std::max(last, now);
      for (const Use &u : tasks[id].release) {
        resources[u.resource].available += u.units;
        resources[u.resource].lastReleaser = id;
      }
      for (int32_t s : tasks[id].successors)
        if (--tasks[s].pending == 0) {
          tasks[s].ready = now;
          tasks[s].criticalPred = id;
          waiting.push_back(s);
        }
    }
  }
  return finished == tasks.size() ? last : -1;
}
