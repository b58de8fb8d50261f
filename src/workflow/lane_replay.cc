#include "workflow/lane_replay.h"

#include <algorithm>

#include <fmt/format.h>

#include "event/event.h"
#include "workflow/lifecycle.h"
#include "workflow/status_rules.h"

namespace kittylog {
namespace {

constexpr size_t kNoMove = LaneStep::kNoMove;

bool IsLane(std::string_view status) { return IsOneOf(status, kLanes); }

std::string NotALane(const LaneMove& move) {
  std::string lanes;
  for (std::string_view lane : kLanes) lanes += (lanes.empty() ? "" : ", ") + std::string(lane);
  if (move.new_status.empty()) return "no valid new_status (missing): not applied";
  return fmt::format("no valid new_status (\"{}\" is not a lane: {}): not applied", move.new_status, lanes);
}

}  // namespace

bool ContinuesLane(std::string_view lane, const LaneMove& move) {
  return IsLane(move.new_status) && move.old_status == lane && IsValidTransition(move.old_status, move.new_status);
}

LaneReplay::LaneReplay(bool known_start) : known_(known_start) {
  if (known_) {
    lane_ = std::string(kInitialLane);
    SetLastIn(lane_, 0);
  }
}

LaneReplay::LaneReplay(LaneState state)
    : known_(state.known),
      lane_(std::move(state.lane)),
      base_(state.moves),
      restored_(std::move(state.kept)),
      last_in_(std::move(state.last_in)),
      last_rollback_(state.last_rollback),
      deciding_(state.deciding),
      deciding_rule_(std::move(state.deciding_rule)),
      open_group_(state.open_group) {
  std::sort(restored_.begin(), restored_.end(), [](const KeptMove& a, const KeptMove& b) { return a.index < b.index; });
  for (const KeptMove& kept : restored_) {
    restored_views_.push_back({kept.clock, kept.event_id, kept.old_status, kept.new_status});
  }
}

const LaneMove& LaneReplay::move(size_t index) const {
  if (index >= base_) return moves_[index - base_];
  auto it = std::lower_bound(restored_.begin(), restored_.end(), index,
                             [](const KeptMove& kept, size_t i) { return kept.index < i; });
  static const LaneMove kUnknown;  // a move a LaneState did not keep: never asked for (see Save)
  if (it == restored_.end() || it->index != index) return kUnknown;
  return restored_views_[static_cast<size_t>(it - restored_.begin())];
}

LaneHeld* LaneReplay::LastIn(std::string_view lane) {
  for (LaneHeld& held : last_in_) {
    if (held.lane == lane) return &held;
  }
  return nullptr;
}

void LaneReplay::SetLastIn(std::string_view lane, size_t first_move) {
  LaneHeld* held = LastIn(lane);
  if (held == nullptr) held = &last_in_.emplace_back(LaneHeld{std::string(lane), 0, 0});
  held->first_move = first_move;
  held->first_clock = 0;  // that move is still to come
}

LaneState LaneReplay::Save() const {
  LaneState state;
  state.known = known_;
  state.lane = lane_;
  state.moves = moves();
  state.last_in = last_in_;
  for (LaneHeld& held : state.last_in) {
    // Apply() sets the clock when that move comes; a state restored from a save already has
    // it, for a move it may no longer keep (move() would answer 0).
    if (held.first_move < state.moves && held.first_clock == 0) held.first_clock = move(held.first_move).clock;
  }
  state.last_rollback = last_rollback_;
  state.deciding = deciding_;
  state.deciding_rule = deciding_rule_;
  state.open_group = open_group_;
  // What a later group can list or pick: the latest kListedMoves, the last rollback, the deciding.
  std::vector<size_t> keep;
  for (size_t index = state.moves > kListedMoves ? state.moves - kListedMoves : 0; index < state.moves; ++index) {
    keep.push_back(index);
  }
  for (size_t index : {last_rollback_, deciding_}) {
    if (index != kNoMove && std::find(keep.begin(), keep.end(), index) == keep.end()) keep.push_back(index);
  }
  std::sort(keep.begin(), keep.end());
  for (size_t index : keep) {
    const LaneMove& kept = move(index);
    state.kept.push_back({index, kept.clock, std::string(kept.event_id), std::string(kept.old_status),
                          std::string(kept.new_status)});
  }
  return state;
}

const LaneStep& LaneReplay::Apply(std::span<const LaneMove> group) {
  LaneStep& step = step_;
  step.applied = false;
  step.winner = kNoMove;
  step.rule.clear();
  step.competing.clear();
  step.omitted = 0;
  step.extends = false;
  step.problems.assign(group.size(), std::string());
  step.not_applied.assign(group.size(), false);

  bool any = false;
  for (size_t i = 0; i < group.size(); ++i) {
    if (IsLane(group[i].new_status)) {
      if (!any && !known_) {
        // A history read from the middle: the first move says where the work package was.
        lane_ = std::string(group[i].old_status);
        known_ = true;
        SetLastIn(lane_, moves());
      }
      any = true;
    } else {
      step.problems[i] = NotALane(group[i]);
      step.not_applied[i] = true;
    }
  }
  if (!any) return step;

  const std::string lane_before = lane_;
  const size_t first_new = moves();
  size_t first_member = first_new;  // the first move concurrent with this group
  int64_t first_member_clock = 0;
  for (size_t i = 0; i < group.size(); ++i) {
    if (step.not_applied[i]) continue;
    const LaneMove& move = group[i];
    const LaneHeld* held = move.old_status == lane_before ? nullptr : LastIn(move.old_status);
    if (held != nullptr && held->first_move < first_new) {
      // Its author had not seen the moves since the WP was last in old_status: concurrent with
      // them (DESIGN §6 (c)), as two branches are; not a break of the lifecycle.
      if (held->first_move < first_member) {
        first_member = held->first_move;
        first_member_clock = held->first_clock;
      }
    } else if (move.old_status != lane_before) {
      step.problems[i] = fmt::format("old_status {}, but the replayed lane was {} (and it never was {})",
                                     move.old_status, lane_before, move.old_status);
    }
    if (step.problems[i].empty() && !IsValidTransition(move.old_status, move.new_status)) {
      step.problems[i] = fmt::format("{} -> {} is not a lifecycle move (valid from {}: {})", move.old_status,
                                     move.new_status, move.old_status, JoinValidTargets(move.old_status));
    }
    moves_.push_back(move);  // in total order: a later number is a later move
    if (IsReviewRollback(move.old_status, move.new_status)) last_rollback_ = moves() - 1;
  }

  const size_t last = moves() - 1;  // the group is in total order and later than every move before
  const size_t members = moves() - first_member;
  const bool rollback_competes = last_rollback_ != kNoMove && last_rollback_ >= first_member;
  const StatusRule rule = ResolveStatusRule(move(last).old_status, move(last).new_status, rollback_competes);
  const size_t winner = rule.rollback_wins ? last_rollback_ : last;
  step.applied = true;
  step.winner = winner;
  // A first member before this LaneReplay's own moves: its clock was saved with last_in.
  step.first_clock = first_member >= base_ || first_member_clock == 0 ? move(first_member).clock : first_member_clock;
  if (members > 1) {
    step.rule = rule.rule;
    const size_t listed_from = std::max(first_member, moves() > kListedMoves ? moves() - kListedMoves : 0);
    if (winner < listed_from) step.competing.push_back(winner);
    for (size_t index = listed_from; index < moves(); ++index) step.competing.push_back(index);
    step.omitted = members - step.competing.size();
    step.extends = open_group_ != kNoMove && first_member <= open_group_;
  }
  open_group_ = members > 1 ? first_member : kNoMove;

  lane_ = std::string(move(winner).new_status);
  deciding_ = winner;
  deciding_rule_ = step.rule;
  for (LaneHeld& held : last_in_) {
    if (held.first_move == first_new && held.first_clock == 0) held.first_clock = move(first_new).clock;
  }
  SetLastIn(lane_, moves());
  return step;
}

}  // namespace kittylog
