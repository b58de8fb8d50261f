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

LaneReplay::LaneReplay(bool known_start) : known_start_(known_start) {
  if (known_start_) {
    lane_ = std::string(kInitialLane);
    SetLastIn(lane_, 0);
  }
}

size_t LaneReplay::FirstStepAfter(std::string_view lane) const {
  for (const auto& [held, first_step] : last_in_) {
    if (held == lane) return first_step;
  }
  return steps_.size();
}

void LaneReplay::SetLastIn(std::string_view lane, size_t first_step_after) {
  for (auto& [held, first_step] : last_in_) {
    if (held == lane) {
      first_step = first_step_after;
      return;
    }
  }
  last_in_.emplace_back(std::string(lane), first_step_after);
}

const LaneStep& LaneReplay::Apply(std::span<const LaneMove> group) {
  LaneStep& step = step_;
  step.applied = false;
  step.winner = kNoMove;
  step.rule.clear();
  step.competing.clear();
  step.omitted = 0;
  step.problems.assign(group.size(), std::string());
  step.not_applied.assign(group.size(), false);

  bool any = false;
  for (size_t i = 0; i < group.size(); ++i) {
    if (IsLane(group[i].new_status)) {
      if (!any && lane_.empty() && !known_start_ && moves_.empty()) {
        // A history read from the middle: the first move says where the work package was.
        lane_ = std::string(group[i].old_status);
        SetLastIn(lane_, 0);
      }
      any = true;
    } else {
      step.problems[i] = NotALane(group[i]);
      step.not_applied[i] = true;
    }
  }
  if (!any) return step;

  const std::string lane_before = lane_;
  size_t first_concurrent_step = steps_.size();
  const size_t first_new = moves_.size();
  size_t last_rollback = steps_.empty() ? kNoMove : steps_.back().last_rollback;
  for (size_t i = 0; i < group.size(); ++i) {
    if (step.not_applied[i]) continue;
    const LaneMove& move = group[i];
    const size_t after = move.old_status == lane_before ? steps_.size() : FirstStepAfter(move.old_status);
    if (after < steps_.size()) {
      // Its author had not seen the moves since the WP was last in old_status: concurrent with
      // them (DESIGN §6 (c)), as two branches are; not a break of the lifecycle.
      first_concurrent_step = std::min(first_concurrent_step, after);
    } else if (move.old_status != lane_before) {
      step.problems[i] = fmt::format("old_status {}, but the replayed lane was {} (and it never was {})",
                                     move.old_status, lane_before, move.old_status);
    }
    if (step.problems[i].empty() && !IsValidTransition(move.old_status, move.new_status)) {
      step.problems[i] = fmt::format("{} -> {} is not a lifecycle move (valid from {}: {})", move.old_status,
                                     move.new_status, move.old_status, JoinValidTargets(move.old_status));
    }
    moves_.push_back(move);  // moves_ is in total order: a later index is a later move
    if (IsReviewRollback(move.old_status, move.new_status)) last_rollback = moves_.size() - 1;
  }

  // The competing moves: every move of the steps concurrent with this group, and the group.
  const size_t first_member = first_concurrent_step < steps_.size() ? steps_[first_concurrent_step].first_move : first_new;
  const size_t last = moves_.size() - 1;  // the group is in total order and later than every step
  const size_t members = moves_.size() - first_member;
  const bool rollback_competes = last_rollback != kNoMove && last_rollback >= first_member;
  const StatusRule rule = ResolveStatusRule(moves_[last].old_status, moves_[last].new_status, rollback_competes);
  const size_t winner = rule.rollback_wins ? last_rollback : last;
  step.applied = true;
  step.winner = winner;
  step.first_clock = moves_[first_member].clock;
  if (members > 1) {
    step.rule = rule.rule;
    const size_t listed_from = members > kListedMoves ? moves_.size() - kListedMoves : first_member;
    if (winner < listed_from) step.competing.push_back(winner);
    for (size_t index = listed_from; index < moves_.size(); ++index) step.competing.push_back(index);
    step.omitted = members - step.competing.size();
  }

  lane_ = std::string(moves_[winner].new_status);
  deciding_ = winner;
  deciding_rule_ = step.rule;
  steps_.push_back({first_new, moves_.size(), last_rollback});
  SetLastIn(lane_, steps_.size());
  return step;
}

}  // namespace kittylog
