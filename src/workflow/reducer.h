// The one reducer (DESIGN §5, §6; docs/merge-rules.md): current workflow state = replay of the
// events in total order (lamport_clock, event_id).
//
// Every reader that turns events into state calls Replay(): `status`, `history`, `conflicts`,
// `verify`, the index's per-WP state (index/wp_state.h) and, for the lane of a work package
// both sides of a merge changed, the merge driver's report and `conflicts --rev`. The rules are
// written here once:
//   - WP lane: LaneReplay (lane_replay.h), one per work package: moves at one clock are
//     concurrent (DESIGN §6 (a)), and so is a move whose old_status the WP had left, with every
//     move made since (§6 (c)); last-write-wins with rollback precedence (status_rules.h). A move
//     without a valid new_status is flagged and not applied.
//   - Gate status and titles: last-write-wins in total order; concurrent = same clock.
//   - Tags: grow-only union. Counters: sum of deltas, each event id counted once, saturating at
//     +/-(2^63-1) with a warning (BoardState::saturated).
//   - An event id seen twice (a merge without the driver) counts once; the first in total order.
//   - History that breaks the lifecycle (old_status not the replayed lane, a move the lifecycle
//     does not allow, a move of a WP never created, a WP created twice, a move that failed its
//     guard as the board stood at its clock and was not forced: workflow/guards.h) is
//     replayed as written and reported in BoardState::breaks, never hidden and never refused.
// Only WPStatusChanged and WPCreated events of a WorkPackage that name their feature shape a
// work package's lane (the index reads exactly these). Events of unknown types pass through
// untouched. Replay() accepts events in any order (it sorts a view of them; input already in
// total order costs one linear check).
// Replay() (reducer.cc) drives the total order and the same-clock groups; the parts that apply
// them are internal to it, each header stating its share: replay_build.h (the board being
// built), replay_aspects.h (every event but a lane move), replay_lanes.h (the lanes),
// replay_guards.h (the guards on replay).
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
#include "workflow/lane_replay.h"
#include "workflow/resolution.h"

namespace kittylog {

// An event that breaks the lifecycle, replayed anyway (or, without a valid new_status, left out).
struct LifecycleBreak {
  std::string entity;   // "001-login/WP01"
  EventRef event;
  std::string problem;  // e.g. "old_status doing, but the replayed lane was for_review"
  int64_t count = 1;    // breaks of `entity` this one stands for (the latest): see KeepDecidingResolutions
  bool guard = false;   // a move that failed its guard at its clock (workflow/guards.h), not the lifecycle
  bool operator==(const LifecycleBreak&) const = default;
};

// A counter that reached +/-(2^63-1) and stayed there (DESIGN §6: saturating, with a warning).
struct CounterSaturation {
  std::string entity;   // "001-login/WP01" or a feature slug
  std::string counter;
  int64_t value = 0;      // the bound it reached first
  std::string event_id;  // the event that took it there
  bool operator==(const CounterSaturation&) const = default;
};

struct WorkPackageState {
  std::string feature_slug;
  std::string id;
  std::string title;
  bool created = false;              // a WPCreated was seen
  std::string lane = "planned";
  std::string deciding_event_id;     // the event that set the lane (or created the WP)
  int64_t deciding_clock = 0;
  bool moved = false;                // a WPStatusChanged set the lane
  std::string rule;                  // "" when that move had no competitor, else the group's rule
  std::optional<ResolvedConflict> resolution;  // with a rule: the group that decided the lane
  std::vector<std::string> tags;     // sorted, unique
  std::map<std::string, int64_t> counters;
  std::vector<int64_t> subtasks_done;  // sorted, unique
  std::vector<std::string> dependencies;  // sorted, unique: of the last WPCreated (workflow/dependencies.h)
  std::string key() const { return feature_slug + "/" + id; }
  bool operator==(const WorkPackageState&) const = default;
};

struct FeatureState {
  std::string slug;
  std::string title;
  bool created = false;  // a SpecCreated was seen
  std::vector<std::string> tags;
  std::map<std::string, int64_t> counters;
  std::vector<WorkPackageState> work_packages;  // sorted by id
  bool operator==(const FeatureState&) const = default;
};

struct GateState {
  std::string gate_id;
  std::string gate_type;
  std::string work_package_id;
  std::string feature_slug;
  std::string status = "pending";
  std::string deciding_event_id;
  int64_t deciding_clock = 0;
  bool operator==(const GateState&) const = default;
};

struct BoardState {
  std::vector<FeatureState> features;       // sorted by slug
  std::vector<GateState> gates;             // sorted by gate id
  std::vector<ResolvedConflict> conflicts;  // in total order of their clock, then entity
  std::vector<LifecycleBreak> breaks;       // in total order
  std::vector<CounterSaturation> saturated;  // by entity, then counter
  size_t event_count = 0;                   // distinct event ids replayed
  size_t duplicate_count = 0;               // extra copies of an id, ignored
  int64_t max_clock = 0;

  const FeatureState* FindFeature(std::string_view slug) const;
  const WorkPackageState* FindWorkPackage(std::string_view feature_slug, std::string_view id) const;
  const GateState* FindGate(std::string_view gate_id) const;
  bool operator==(const BoardState&) const = default;
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

// Where a replay of one work package's moves through clock `through` left its lane (the index
// keeps one per work package, index/wp_state.h, so a merge replays only the moves after it).
struct LaneCheckpoint {
  int64_t through = 0;                       // every move with lamport_clock <= through is in it
  LaneState lane;
  std::vector<EventRef> refs;                // one per lane.kept, same order: how reports show them
  int64_t breaks = 0;                        // lifecycle breaks among those moves
  std::optional<LifecycleBreak> last_break;  // the latest of them
  bool created = false;                      // a WPCreated came before them... or among them
  // The group still open at `through` (LaneState::open_group), as a replay through `through`
  // reports it: a replay resumed from here either grows it (ReplayResult::grown_past_checkpoint)
  // or leaves it as it is; either way the index knows which row it is (index/wp_state.h).
  std::optional<ResolvedConflict> open_conflict;
  bool operator==(const LaneCheckpoint&) const = default;
};

struct ReplayOptions {
  bool verdicts = false;  // fill ReplayResult::verdicts (one per input event, in total order)
  // false: BoardState::conflicts lists no status groups (each work package's deciding one is
  // still in WorkPackageState::resolution), which is all `status`, `verify` and the index need;
  // a history with many groups replays several times faster.
  bool list_conflicts = true;
  // Work packages ("feature/WP") replayed already through a checkpoint: the input holds only
  // their moves and creations after checkpoint.through. Their breaks before it come back as one
  // LifecycleBreak with its count. For one WP's replay; when no move after the checkpoint sets
  // the lane, the deciding group before it is not known (WorkPackageState::resolution is empty):
  // replay in full then.
  const std::map<std::string, LaneCheckpoint>* resume = nullptr;
  // > 0: ReplayResult::checkpoints holds every work package's lane after its moves with clocks
  // <= this.
  int64_t checkpoint_through = 0;
  // false: no guard checks (a replay of one work package's moves, as the index does, cannot see
  // the dependencies and gates a guard reads; `status` checks the deciding moves itself).
  bool check_guards = true;
  // The board a replay of every earlier event left (the index keeps one: index/board_snapshot.h):
  // the replay goes on from it. Every input event but the status changes must come after all of
  // those events at a higher clock (no same-clock group spans the two), so that the result is
  // the replay of both. A lane starts afresh from the status changes in the input (the board is
  // one of events without status changes, as `status` replays them: workflow/board_summary.h),
  // which may be older: `status` replays a few deciding groups to check guards.
  // Its conflicts, breaks and saturations are kept; event_count and duplicate_count add up.
  const BoardState* resume_board = nullptr;
};

struct ReplayResult {
  BoardState board;
  std::vector<EventVerdict> verdicts;
  std::map<std::string, LaneCheckpoint> checkpoints;  // by "feature/WP"
  // With ReplayOptions::resume: the work packages whose first group of concurrent moves here
  // holds the group still open at their checkpoint (LaneStep::extends). Such a group is that
  // one grown: its conflict replaces LaneCheckpoint::open_conflict, as a full replay lists only
  // the grown one. For the others that group stays as the checkpoint has it.
  std::vector<std::string> grown_past_checkpoint;
};

ReplayResult Replay(std::span<const Event> events, const ReplayOptions& options = {});

}  // namespace kittylog
