// Internal to the one reducer (reducer.h): the lanes of a replay. LaneDriver runs one LaneReplay
// (lane_replay.h: the lane rules of DESIGN §5 and §6) per work package over its moves, and
// keeps for the board (replay_build.h):
//   - each work package's lane, the move that decided it and that group's rule and resolution;
//   - lifecycle breaks: a move the lane rules flag, and a move before any WPCreated;
//   - status conflicts: a group with a rule is reported once, when it closes (a later group
//     that holds it, LaneStep::extends, replaces it) or at the end; its place in
//     ReplayBuild::conflicts is taken when the group is seen, so conflicts stay in total order;
//   - verdicts of the moves of a group;
//   - checkpoints of every lane (LaneCheckpoint), and lanes resumed from one: the moves before
//     it are shown as the checkpoint keeps them (LaneCheckpoint::refs).
// One per Replay() call; the input events and the checkpoints must outlive it; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "event/event.h"
#include "workflow/lane_replay.h"
#include "workflow/reducer.h"
#include "workflow/replay_build.h"
#include "workflow/resolution.h"

namespace kittylog::replay_internal {

// One work package's lane machine and, for each of its moves, the input event it is (or, for a
// move before a checkpoint it resumed from, how reports show it).
struct LaneBuild {
  LaneBuild() : replay(/*known_start=*/true) {}
  explicit LaneBuild(const LaneCheckpoint& checkpoint);
  LaneReplay replay;
  size_t base = 0;                         // moves before it come from a checkpoint
  std::vector<size_t> event_of_move;       // move base + i is input event event_of_move[i]
  std::map<size_t, EventRef> restored;     // the checkpoint's kept moves
  int64_t breaks = 0;                      // lifecycle breaks among its moves so far
  std::optional<LifecycleBreak> last_break;  // the checkpoint's, until a move here breaks
  size_t last_break_index = SIZE_MAX;        // else the latest, in ReplayBuild::breaks
  std::string uncreated;                     // the problem of a move before any WPCreated
  // The group that set the lane, when it had competitors (made into a ResolvedConflict only
  // when it is reported: most groups of a long history are replaced or never shown).
  std::optional<LaneStep> deciding_group;
  int64_t deciding_group_clock = 0;
  // When conflicts are listed as they come: the place in ReplayBuild::conflicts of the group
  // that set the lane (deciding_group), filled when a later move closes the group or at the
  // end. A group that holds it (LaneStep::extends) replaces it: an import of stale moves grows
  // one group move by move, and is listed once, made once.
  size_t open_conflict = SIZE_MAX;
  // A checkpoint's open group (LaneCheckpoint::open_conflict), until a move here is applied.
  std::optional<ResolvedConflict> checkpoint_open_conflict;
};

class LaneDriver {
 public:
  // `resume`: ReplayOptions::resume (may be null); `list_conflicts`: ReplayOptions::list_conflicts.
  LaneDriver(std::span<const Event> events, const std::map<std::string, LaneCheckpoint>* resume, bool list_conflicts)
      : events_(events), resume_(resume), list_conflicts_(list_conflicts) {}
  LaneDriver(const LaneDriver&) = delete;
  LaneDriver& operator=(const LaneDriver&) = delete;

  // Applies one same-clock group of moves of one work package (input indexes, in total order,
  // each a WPStatusChanged that ShapesLane).
  void ApplyStatusGroup(ReplayBuild& build, std::span<const size_t> indexes);
  // Every work package's lane as it stands now, as a checkpoint through `through`.
  void SaveCheckpoints(const ReplayBuild& build, int64_t through, std::map<std::string, LaneCheckpoint>& out) const;
  // Reports the groups still open and sets each work package's resolution. Call once, at the
  // end, before ReplayBuild::Assemble.
  void Finish(ReplayBuild& build);
  // ReplayResult::grown_past_checkpoint.
  std::vector<std::string> TakeGrownPastCheckpoint() { return std::move(grown_past_checkpoint_); }

 private:
  LaneBuild& LanesOf(ReplayBuild& build, const std::string& key, WorkPackageState& wp);
  ResolvedConflict ConflictOf(const std::string& key, const LaneBuild& lanes, const LaneStep& step,
                              int64_t clock) const;
  // Fills build.conflicts[place] with the lane's deciding group (LaneBuild::open_conflict).
  void CloseConflict(ReplayBuild& build, const std::string& key, const LaneBuild& lanes, size_t place) const;
  EventRef RefOf(const LaneBuild& lanes, size_t move) const {
    return move >= lanes.base ? EventRef::Of(events_[lanes.event_of_move[move - lanes.base]])
                              : lanes.restored.at(move);
  }

  std::span<const Event> events_;
  const std::map<std::string, LaneCheckpoint>* resume_;
  bool list_conflicts_;
  std::map<std::string, LaneBuild> lanes_;  // by work package key
  std::unordered_map<const WorkPackageState*, std::pair<std::string, LaneBuild*>> lane_of_;  // its key and lanes
  std::vector<LaneMove> moves_scratch_;
  std::vector<std::string> grown_past_checkpoint_;
};

}  // namespace kittylog::replay_internal
