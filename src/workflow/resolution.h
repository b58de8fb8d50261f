// How one group of concurrent events is resolved (DESIGN §6; docs/merge-rules.md): which
// entity and aspect an event competes on, and the rule for each aspect (last-write-wins with
// rollback precedence for lanes, tags-union, counter-sum, saturating). The reducer (reducer.h)
// applies it to every equal-clock group of a log (lanes go through LaneReplay, lane_replay.h);
// `conflicts --rev` to what two sides of a merge both changed.
// Pure functions; results own their data; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"

namespace kittylog {

// What the reducer reports about one event (copied, so results outlive the input).
struct EventRef {
  std::string event_id;
  int64_t lamport_clock = 0;
  std::string event_type;
  std::string actor;
  std::string timestamp;
  std::string old_status;         // WPStatusChanged, GateResultChanged
  std::string new_status;
  std::vector<std::string> tags;  // TagsAdded
  std::string counter;            // CounterIncremented
  int64_t delta = 0;              // clamped to +/-(2^63-1)

  static EventRef Of(const Event& event);
  bool operator==(const EventRef&) const = default;
};

// One group of concurrent events and how it was resolved.
struct ResolvedConflict {
  std::string entity;               // "001-login/WP01", a feature slug, "gate:ID", "Type/id"
  std::string aspect;               // "status", "tags", "counter <name>", "gate status", "title"
  int64_t lamport_clock = 0;        // the earliest competing event's clock
  int64_t last_clock = 0;           // the latest's (a status group of DESIGN §6 (c) spans clocks)
  std::vector<EventRef> competing;  // in total order (a large status group: the most recent ones)
  size_t omitted = 0;               // competing events not listed
  std::string rule;                 // "last-write-wins", "rollback-precedence", "tags-union", "counter-sum"
  std::string winner_id;            // empty for union and sum
  std::string result;               // ready to print: "lane doing", "tags a, b", "reviews +3"
  bool operator==(const ResolvedConflict&) const = default;
};

// The order Replay() reports groups in (BoardState::conflicts): by the clock the group was
// decided at (last_clock), then by the first of its events at that clock in total order. For
// lists gathered from several replays (the index's per-WP groups and its board snapshot).
bool ReportedBefore(const ResolvedConflict& a, const ResolvedConflict& b);

// The entity and aspect an event competes on, e.g. {"001-login/WP01", "status"}; aspect is empty
// for events that never compete (subtasks, workspaces: both are kept).
struct ConcurrencyKey {
  std::string entity;
  std::string aspect;
  auto operator<=>(const ConcurrencyKey&) const = default;
};
ConcurrencyKey ConcurrencyKeyOf(const Event& event);

// Resolves one group of concurrent events (same clock, same ConcurrencyKey, distinct ids, at
// least two). `counter_total` is the counter's value before the group, for the result text.
ResolvedConflict ResolveConcurrentGroup(const ConcurrencyKey& key, std::span<const Event* const> group,
                                        int64_t counter_total = 0);

// Counters hold +/-(2^63-1) (DESIGN §6): `total + delta`, saturating there instead of
// overflowing; `saturated` says whether it did (a delta of -2^63 counts as -(2^63-1)).
int64_t AddToCounter(int64_t total, int64_t delta, bool* saturated);

// "2026-01-27 10:30" from "2026-01-27T10:30:00.123Z" (anything else is returned as is).
std::string ShortTimestamp(std::string_view timestamp);

}  // namespace kittylog
