#include "workflow/wp_lane_state.h"

#include <algorithm>
#include <map>
#include <unordered_set>
#include <utility>

namespace kittylog {
namespace {

// A replay of `events`, from `resume` when not null. `grown`: the first group of concurrent
// moves holds the one still open at `resume` (ReplayResult::grown_past_checkpoint).
WpLaneState Compute(std::span<const Event> events, std::string_view feature_slug, std::string_view id,
                    const LaneCheckpoint* resume, bool* grown) {
  WpLaneState state;
  const std::string key = std::string(feature_slug) + "/" + std::string(id);
  // The next checkpoint: kCheckpointLag moves before the last one, at a clock boundary.
  std::vector<const Event*> moves;
  for (const Event& event : events) {
    if (IsWpMove(event.event_type)) moves.push_back(&event);
  }
  std::sort(moves.begin(), moves.end(), [](const Event* a, const Event* b) { return TotalOrderLess(*a, *b); });
  moves.erase(std::unique(moves.begin(), moves.end(),
                          [](const Event* a, const Event* b) { return a->event_id == b->event_id; }),
              moves.end());
  ReplayOptions options;
  options.check_guards = false;  // guards read other work packages: status checks them (board_summary.h)
  std::map<std::string, LaneCheckpoint> resumed;
  if (resume != nullptr) {
    resumed.emplace(key, *resume);
    options.resume = &resumed;
  }
  if (moves.size() > kCheckpointLag) options.checkpoint_through = moves[moves.size() - kCheckpointLag]->lamport_clock - 1;
  ReplayResult replay = Replay(events, options);
  auto saved = replay.checkpoints.find(key);
  if (saved != replay.checkpoints.end()) {
    state.checkpoint = std::move(saved->second);
  } else if (resume != nullptr) {
    state.checkpoint = *resume;  // still true: nothing at or before it changed
  }
  if (grown != nullptr) *grown = !replay.grown_past_checkpoint.empty();
  // Every group of concurrent moves: those of the status aspect are this lane's.
  for (ResolvedConflict& conflict : replay.board.conflicts) {
    if (conflict.aspect == "status") state.conflicts.push_back(std::move(conflict));
  }
  state.decided = DecidedLaneOf(replay.board, feature_slug, id);
  // The title is the last WPCreated in total order, each id counted once (its first copy).
  std::vector<const Event*> created;
  for (const Event& event : events) {
    if (!IsWpMove(event.event_type)) {
      created.push_back(&event);
    } else if (state.last_move.empty() ||
               TotalOrderLess(state.last_move_clock, state.last_move, event.lamport_clock, event.event_id)) {
      state.last_move = event.event_id;
      state.last_move_clock = event.lamport_clock;
    }
  }
  std::sort(created.begin(), created.end(), [](const Event* a, const Event* b) { return TotalOrderLess(*a, *b); });
  std::unordered_set<std::string_view> seen;
  for (const Event* event : created) {
    if (!seen.insert(event->event_id).second) continue;
    state.title = event->payload.title;
    state.title_event = event->event_id;
    state.title_clock = event->lamport_clock;
  }
  return state;
}

}  // namespace

bool ShapesWpLane(std::string_view event_type, std::string_view entity_type, std::string_view feature_slug) {
  return (event_type == kWPStatusChanged || event_type == kWPCreated) && entity_type == kWorkPackageEntity &&
         !feature_slug.empty();
}

bool IsWpMove(std::string_view event_type) { return event_type == kWPStatusChanged; }

WpLaneState ReplayWpLane(std::span<const Event> events, std::string_view feature_slug, std::string_view id) {
  return Compute(events, feature_slug, id, nullptr, nullptr);
}

std::optional<WpLaneState> ResumeWpLane(const LaneCheckpoint& checkpoint, std::span<const Event> events,
                                        std::string_view feature_slug, std::string_view id) {
  if (std::none_of(events.begin(), events.end(), [](const Event& event) { return IsWpMove(event.event_type); })) {
    return std::nullopt;
  }
  bool grown = false;
  WpLaneState state = Compute(events, feature_slug, id, &checkpoint, &grown);
  // A move after the checkpoint must decide (ReplayOptions::resume).
  if (state.decided.deciding_clock <= checkpoint.through) return std::nullopt;
  // The group open at the checkpoint: a move after it grew it (its conflict is the first here),
  // or it stays as the checkpoint has it (a rewrite may have taken the moves that had grown it).
  state.conflicts_after = checkpoint.through;
  if (checkpoint.open_conflict) {
    state.conflicts_after = std::min(state.conflicts_after, checkpoint.open_conflict->last_clock - 1);
    if (!grown) state.conflicts.insert(state.conflicts.begin(), *checkpoint.open_conflict);
  }
  return state;
}

WpLaneEffect EffectOnWpLane(const WpLaneHead& head, const WpLaneEvent& event) {
  if (!IsWpMove(event.event_type)) {
    // Where a creation stands among the moves decides which of them break the lifecycle: among
    // moves, or an earlier or repeated creation, the reducer decides.
    const bool later_creation =
        head.title_event.empty() || TotalOrderLess(head.title_clock, head.title_event, event.clock, event.event_id);
    return head.last_move.empty() && later_creation ? WpLaneEffect::kSetsTitle : WpLaneEffect::kReplay;
  }
  // Concurrent, from another lane, a break or a move before any creation: the reducer decides.
  const bool created_before = !head.title_event.empty() && head.title_clock < event.clock;
  const LaneMove move{event.clock, event.event_id, event.old_status, event.new_status};
  if (!created_before || event.clock <= head.last_move_clock || !ContinuesLane(head.lane, move)) {
    return WpLaneEffect::kReplay;
  }
  return WpLaneEffect::kMovesLane;
}

}  // namespace kittylog
