// What `status` shows of a replay (DESIGN §6; docs/workflow.md): the board and the warnings that
// shape it now, computed the same way from a full replay and from the index's per-WP state.
//
// A full replay (reducer.h) decides every lane itself. The index keeps, per work package, what
// a replay of that WP's moves decided (DecidedLane, computed by DecidedLaneOf over Replay()), so
// `status` replays only the other events and sets the lanes with ReplayWithDecidedLanes. Both
// end in KeepDecidingResolutions, so both print the same board and the same warnings.
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "event/event_types.h"
#include "workflow/reducer.h"

namespace kittylog {

// The event types `status` replays beside the lanes the index keeps per work package, and so
// what a board snapshot holds (index/board_snapshots.h): every type that shapes the board but the
// moves (WPStatusChanged). WorkspaceCreated shapes nothing on the board.
inline constexpr std::array<std::string_view, 7> kBoardEventTypes = {
    kSpecCreated, kWPCreated, kTagsAdded, kCounterIncremented, kSubtaskCompleted, kGateCreated, kGateResultChanged};

// Keeps what `status` warns about, in a stable order: the status conflict that decided each
// lane, a gate status conflict whose winner is the gate's deciding event, every tag union and
// counter sum (they always shape the current state), one lifecycle break per entity: the
// latest, with `count` the number of breaks it stands for. A guard break (LifecycleBreak::guard)
// counts only when the move that failed its guard set the lane shown.
// `conflicts`, `history` and `verify` list all.
void KeepDecidingResolutions(BoardState& board);

// A work package's lane as a replay of all of its moves decides it.
struct DecidedLane {
  std::string feature_slug;
  std::string id;
  std::string lane = "planned";
  std::string deciding_event_id;  // the WPStatusChanged that set the lane ("" if none)
  int64_t deciding_clock = 0;
  std::string rule;               // "" or the rule of the group that decided it
  std::optional<ResolvedConflict> resolution;  // that group
  int64_t breaks = 0;                          // lifecycle breaks among its moves
  std::optional<LifecycleBreak> last_break;    // the latest of them (count = breaks)
  bool operator==(const DecidedLane&) const = default;
};

// The lane of (feature_slug, id) in `board`, a replay that held every WPStatusChanged and
// WPCreated of that work package (more events do no harm).
DecidedLane DecidedLaneOf(const BoardState& board, std::string_view feature_slug, std::string_view id);

// Replays `events`, which hold no WPStatusChanged, then sets each listed work package's lane,
// adding its deciding conflict and its breaks to the board: the board of a full replay.
BoardState ReplayWithDecidedLanes(std::span<const Event> events, std::span<const DecidedLane> lanes);

// The second half of ReplayWithDecidedLanes: sets the lanes on `board`, a replay of every event
// but the status changes (the index keeps one: index/board_snapshot.h).
void ApplyDecidedLanes(BoardState& board, std::span<const DecidedLane> lanes);

}  // namespace kittylog
