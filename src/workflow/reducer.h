// The one reducer (DESIGN §6; docs/merge-rules.md): current workflow state = replay of the
// events in total order (lamport_clock, event_id).
//
// Every reader that turns events into state calls Replay(): `status`, `history`, `conflicts`,
// and anything else that needs a board (the merge driver's report resolves its groups with
// ResolveConcurrentGroup). The rules are written here once:
//   - Concurrent events: same lamport_clock, same entity, same aspect, different ids.
//   - WP lane (and gate status, titles): Last-Write-Wins in total order, with rollback
//     precedence for lanes (status_rules.h: ResolveConcurrentStatus).
//   - Tags: grow-only union. Counters: sum of deltas, each event id counted once.
//   - An event id seen twice (a merge without the driver) counts once; the first in total order.
//   - History that breaks the lifecycle (old_status not the replayed lane, a move the lifecycle
//     does not allow, a move of a WP never created, a WP created twice, a move that failed its
//     guard as the board stood at its clock and was not forced: workflow/guards.h) is
//     replayed as written and reported in BoardState::breaks, never hidden and never refused.
// Events of unknown types pass through untouched. Replay() accepts events in any order (it sorts
// a view of them; input already in total order costs one linear check).
// Pure functions; results own their data (no pointers into the input); thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "workflow/resolution.h"

namespace kittylog {

// An event that breaks the lifecycle, replayed anyway.
struct LifecycleBreak {
  std::string entity;   // "001-login/WP01"
  EventRef event;
  std::string problem;  // e.g. "old_status doing, but the replayed lane was for_review"
};

struct WorkPackageState {
  std::string feature_slug;
  std::string id;
  std::string title;
  bool created = false;              // a WPCreated was seen
  std::string lane = "planned";
  std::string deciding_event_id;     // the event that set the lane (or created the WP)
  int64_t deciding_clock = 0;
  std::vector<std::string> tags;     // sorted, unique
  std::map<std::string, int64_t> counters;
  std::vector<int64_t> subtasks_done;  // sorted, unique
  std::vector<std::string> dependencies;  // sorted, unique: of the last WPCreated (workflow/dependencies.h)
  std::string key() const { return feature_slug + "/" + id; }
};

struct FeatureState {
  std::string slug;
  std::string title;
  bool created = false;  // a SpecCreated was seen
  std::vector<std::string> tags;
  std::map<std::string, int64_t> counters;
  std::vector<WorkPackageState> work_packages;  // sorted by id
};

struct GateState {
  std::string gate_id;
  std::string gate_type;
  std::string work_package_id;
  std::string feature_slug;
  std::string status = "pending";
  std::string deciding_event_id;
  int64_t deciding_clock = 0;
};

struct BoardState {
  std::vector<FeatureState> features;       // sorted by slug
  std::vector<GateState> gates;             // sorted by gate id
  std::vector<ResolvedConflict> conflicts;  // in total order of their clock, then entity
  std::vector<LifecycleBreak> breaks;       // in total order
  size_t event_count = 0;                   // distinct event ids replayed
  size_t duplicate_count = 0;               // extra copies of an id, ignored
  int64_t max_clock = 0;

  const FeatureState* FindFeature(std::string_view slug) const;
  const WorkPackageState* FindWorkPackage(std::string_view feature_slug, std::string_view id) const;
  const GateState* FindGate(std::string_view gate_id) const;
};

// How one input event took part in the replay (for `history`).
struct EventVerdict {
  size_t index = 0;          // position in the input span
  bool duplicate = false;    // an earlier copy of its id was replayed instead
  bool concurrent = false;   // part of a ResolvedConflict group
  bool applied = true;       // decided the state (false: overruled in its group, or a duplicate)
  std::string rule;          // the group's rule when concurrent
  std::string problem;       // lifecycle break, when any
};

struct ReplayOptions {
  bool verdicts = false;  // fill ReplayResult::verdicts (one per input event, in total order)
  // false when the input holds only some of each WP's status events (e.g. the deciding group
  // fetched from the index): an old_status that differs from the lane replayed so far is then
  // not a lifecycle break, since the moves in between are simply not in the input.
  bool complete_status_history = true;
};

struct ReplayResult {
  BoardState board;
  std::vector<EventVerdict> verdicts;
};

ReplayResult Replay(std::span<const Event> events, const ReplayOptions& options = {});

// Keeps only the resolutions and breaks that decide the board as it is now: a status (or gate
// status) conflict whose winner is the work package's (gate's) deciding event, a lifecycle break
// of a move in the deciding clock of its work package, and every other conflict and break (tag
// unions and counter sums always shape the current state). This is what `status` warns about;
// `conflicts` lists them all.
void KeepDecidingResolutions(BoardState& board);

}  // namespace kittylog
