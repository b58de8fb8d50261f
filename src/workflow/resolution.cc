#include "workflow/resolution.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "event/event_types.h"
#include "workflow/status_rules.h"
#include "workflow/workflow_names.h"

namespace kittylog {
namespace {

using workflow_internal::EntityNameOf;
using workflow_internal::GateIdOf;
using workflow_internal::InsertSorted;

const Event* LastInTotalOrder(std::span<const Event* const> group) {
  const Event* last = nullptr;
  for (const Event* event : group) {
    if (last == nullptr || TotalOrderLess(*last, *event)) last = event;
  }
  return last;
}

std::string JoinTags(const std::vector<std::string>& tags) {
  std::string joined;
  for (const std::string& tag : tags) joined += (joined.empty() ? "" : ", ") + tag;
  return joined;
}

}  // namespace

EventRef EventRef::Of(const Event& event) {
  EventRef ref;
  ref.event_id = event.event_id;
  ref.lamport_clock = event.lamport_clock;
  ref.event_type = event.event_type;
  ref.actor = event.actor;
  ref.timestamp = event.timestamp;
  ref.old_status = event.payload.old_status;
  ref.new_status = event.payload.new_status;
  ref.tags = event.payload.tags;
  ref.counter = event.payload.counter;
  bool clamped = false;
  ref.delta = AddToCounter(0, event.payload.delta.value_or(0), &clamped);
  return ref;
}

int64_t AddToCounter(int64_t total, int64_t delta, bool* saturated) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  *saturated = false;
  if (delta < -kMax) {
    delta = -kMax;
    *saturated = true;
  }
  int64_t sum = 0;
  if (__builtin_add_overflow(total, delta, &sum) || sum < -kMax) {
    *saturated = true;
    return delta > 0 ? kMax : -kMax;
  }
  return sum;
}

std::string ShortTimestamp(std::string_view timestamp) {
  if (timestamp.size() < 16 || timestamp[10] != 'T') return std::string(timestamp);
  return fmt::format("{} {}", timestamp.substr(0, 10), timestamp.substr(11, 5));
}

namespace {

std::string_view FirstAtLastClock(const ResolvedConflict& conflict) {
  std::string_view first;
  for (const EventRef& ref : conflict.competing) {
    if (ref.lamport_clock == conflict.last_clock && (first.empty() || ref.event_id < first)) first = ref.event_id;
  }
  return first;
}

}  // namespace

bool ReportedBefore(const ResolvedConflict& a, const ResolvedConflict& b) {
  if (a.last_clock != b.last_clock) return a.last_clock < b.last_clock;
  return FirstAtLastClock(a) < FirstAtLastClock(b);
}

ConcurrencyKey ConcurrencyKeyOf(const Event& event) {
  const std::string& type = event.event_type;
  if (type == kWPStatusChanged) return {EntityNameOf(event), "status"};
  if (type == kSpecCreated || type == kWPCreated || type == kGateCreated) return {EntityNameOf(event), "created"};
  if (type == kGateResultChanged) return {"gate:" + GateIdOf(event), "gate status"};
  if (type == kTagsAdded) return {EntityNameOf(event), "tags"};
  if (type == kCounterIncremented) return {EntityNameOf(event), "counter " + event.payload.counter};
  return {EntityNameOf(event), ""};
}

ResolvedConflict ResolveConcurrentGroup(const ConcurrencyKey& key, std::span<const Event* const> group,
                                        int64_t counter_total) {
  ResolvedConflict conflict;
  conflict.entity = key.entity;
  conflict.aspect = key.aspect;
  std::vector<const Event*> ordered(group.begin(), group.end());
  std::sort(ordered.begin(), ordered.end(), [](const Event* a, const Event* b) { return TotalOrderLess(*a, *b); });
  conflict.lamport_clock = ordered.empty() ? 0 : ordered.front()->lamport_clock;
  conflict.last_clock = ordered.empty() ? 0 : ordered.back()->lamport_clock;
  for (const Event* event : ordered) conflict.competing.push_back(EventRef::Of(*event));
  if (ordered.empty()) return conflict;

  if (key.aspect == "status") {
    std::vector<StatusChange> changes;
    changes.reserve(ordered.size());
    for (const Event* event : ordered) {
      changes.push_back({event->lamport_clock, event->event_id, event->payload.old_status, event->payload.new_status});
    }
    Resolution resolution = ResolveConcurrentStatus(changes);
    conflict.rule = resolution.rule;
    conflict.winner_id = resolution.winner->event_id;
    conflict.result = "lane " + std::string(resolution.winner->new_status);
  } else if (key.aspect == "tags") {
    std::vector<std::string> tags;
    for (const Event* event : ordered) {
      for (const std::string& tag : event->payload.tags) InsertSorted(tags, tag);
    }
    conflict.rule = "tags-union";
    conflict.result = "tags " + JoinTags(tags) + " all kept";
  } else if (key.aspect.starts_with("counter ")) {
    int64_t sum = 0, total = counter_total;
    bool saturated = false;
    for (const Event* event : ordered) {
      sum = AddToCounter(sum, event->payload.delta.value_or(0), &saturated);
      total = AddToCounter(total, event->payload.delta.value_or(0), &saturated);
    }
    conflict.rule = "counter-sum";
    conflict.result = fmt::format("{} {:+} (total {})", ordered.front()->payload.counter, sum, total);
  } else {
    const Event* winner = LastInTotalOrder(ordered);
    conflict.rule = "last-write-wins";
    conflict.winner_id = winner->event_id;
    if (key.aspect == "gate status") {
      conflict.result = "status " + winner->payload.new_status;
    } else if (!winner->payload.title.empty()) {
      conflict.result = "title \"" + winner->payload.title + "\"";
    } else {
      conflict.result = "event " + winner->event_id;
    }
  }
  return conflict;
}

}  // namespace kittylog
