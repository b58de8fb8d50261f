// One work package's lane as a store keeps it between replays (DESIGN §6; docs/index.md
// "wp_state"). The index keeps this state per work package and calls these functions whenever
// its events change. It stores rows and never decides a lane itself (index/wp_state.h,
// index/index_writer.h). The lane rules are the reducer's (reducer.h, lane_replay.h). This file
// says how a stored state follows them:
//   - which events shape a work package's lane (ShapesWpLane): its moves and its creations;
//   - what a replay of those events leaves (ReplayWpLane): the decided lane, the title, the latest
//     move, the groups of concurrent moves (status conflicts), and a checkpoint of the lane
//     kCheckpointLag moves before the last one;
//   - when an event that arrives after the others decides alone, without a replay
//     (EffectOnWpLane);
//   - how a replay goes on from the checkpoint when only later events changed (ResumeWpLane),
//     with the same answer as a full replay.
// Pure functions; results own their data; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "event/event_types.h"
#include "workflow/board_summary.h"
#include "workflow/reducer.h"

namespace kittylog {

// The event types that shape a work package's lane: its moves and its creations.
inline constexpr std::array<std::string_view, 2> kWpLaneEventTypes = {kWPStatusChanged, kWPCreated};

// Whether an event of `event_type` about an entity of `entity_type`, whose payload names
// `feature_slug`, shapes the lane of its work package (feature_slug, entity_id): a move or a
// creation of a WorkPackage that names its feature. The reducer lets exactly these shape a lane.
bool ShapesWpLane(std::string_view event_type, std::string_view entity_type, std::string_view feature_slug);

// Whether an event that shapes a lane is a move (else it is a creation).
bool IsWpMove(std::string_view event_type);

// The checkpoint sits this many moves before the last one.
inline constexpr size_t kCheckpointLag = 16;

// What a replay of one work package's lane events decided.
struct WpLaneState {
  DecidedLane decided;      // the lane, the move that set it and its group, the lifecycle breaks
  std::string title;        // of the last WPCreated in total order, each id counted once
  std::string title_event;  // that WPCreated ("" if none)
  int64_t title_clock = 0;
  std::string last_move;    // the latest move in total order ("" if none)
  int64_t last_move_clock = 0;
  std::optional<LaneCheckpoint> checkpoint;  // none while the work package has few moves
  // Every group of concurrent moves (status conflict) the replay decided whose last_clock is
  // above `conflicts_after`, in the order the reducer reports them. A full replay lists all of
  // them (conflicts_after 0).
  std::vector<ResolvedConflict> conflicts;
  int64_t conflicts_after = 0;
  bool operator==(const WpLaneState&) const = default;
};

// The lane state of work package (feature_slug, id) from `events`: all of its events that shape
// its lane (ShapesWpLane), in any order, duplicates allowed. Guards are not checked (they read
// other work packages: `status` checks them, board_summary.h).
WpLaneState ReplayWpLane(std::span<const Event> events, std::string_view feature_slug, std::string_view id);

// The same, going on from `checkpoint` (the state's checkpoint) when nothing at or before
// checkpoint.through changed. `events` are the work package's lane events after it. nullopt when
// the checkpoint cannot answer: no move follows it, or no move after it sets the lane (the
// deciding group before it is not kept). Then replay in full. The result has a title only when a
// creation is among `events` (title_event ""; the title from before stands). Its `conflicts` are
// those after its conflicts_after, which is at most checkpoint.through: the group still open at
// the checkpoint is among them, grown by later moves or as the checkpoint has it.
std::optional<WpLaneState> ResumeWpLane(const LaneCheckpoint& checkpoint, std::span<const Event> events,
                                        std::string_view feature_slug, std::string_view id);

// What an incremental update needs of a stored state. Views, valid during the call.
struct WpLaneHead {
  std::string_view lane;
  std::string_view title_event;  // "" if none
  int64_t title_clock = 0;
  std::string_view last_move;    // "" if none
  int64_t last_move_clock = 0;
};

// One lane event arriving after a state was stored (ShapesWpLane holds).
struct WpLaneEvent {
  std::string_view event_type;
  int64_t clock = 0;
  std::string_view event_id;
  std::string_view old_status, new_status;  // of a move
};

enum class WpLaneEffect {
  kReplay,     // the event may change what earlier events decided: replay (ResumeWpLane, ReplayWpLane)
  kSetsTitle,  // a creation of a work package without moves, later than its other creations: it
               // gives the title, nothing else
  kMovesLane,  // a move later than every move, of a created work package, that continues its lane
               // (ContinuesLane): it sets the lane with no rule and no group, and is the latest move
};

// Whether `event` decides alone, given the state it arrives at.
WpLaneEffect EffectOnWpLane(const WpLaneHead& head, const WpLaneEvent& event);

}  // namespace kittylog
