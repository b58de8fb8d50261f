#include "workflow/replay_lanes.h"

#include <fmt/format.h>

namespace kittylog::replay_internal {

LaneBuild::LaneBuild(const LaneCheckpoint& checkpoint)
    : replay(checkpoint.lane), base(checkpoint.lane.moves), breaks(checkpoint.breaks),
      last_break(checkpoint.last_break), checkpoint_open_conflict(checkpoint.open_conflict) {
  for (size_t i = 0; i < checkpoint.lane.kept.size() && i < checkpoint.refs.size(); ++i) {
    restored.emplace(checkpoint.lane.kept[i].index, checkpoint.refs[i]);
  }
}

LaneBuild& LaneDriver::LanesOf(ReplayBuild& build, const std::string& key, WorkPackageState& wp) {
  auto found = lanes_.find(key);
  if (found != lanes_.end()) return found->second;
  const LaneCheckpoint* checkpoint = nullptr;
  if (resume_ != nullptr) {
    auto it = resume_->find(key);
    if (it != resume_->end()) checkpoint = &it->second;
  }
  if (checkpoint == nullptr) return lanes_.try_emplace(key).first->second;
  LaneBuild& lanes = lanes_.try_emplace(key, *checkpoint).first->second;
  if (checkpoint->last_break) build.breaks.push_back(*checkpoint->last_break);  // counts the earlier ones
  wp.created = wp.created || checkpoint->created;
  if (lanes.replay.deciding() != LaneStep::kNoMove) {
    const EventRef deciding = RefOf(lanes, lanes.replay.deciding());
    wp.lane = deciding.new_status;
    wp.deciding_event_id = deciding.event_id;
    wp.deciding_clock = deciding.lamport_clock;
    wp.moved = true;
    wp.rule = lanes.replay.deciding_rule();
  }
  return lanes;
}

void LaneDriver::ApplyStatusGroup(ReplayBuild& build, std::span<const size_t> indexes) {
  const Event& first = events_[indexes[0]];
  WorkPackageState& wp = build.AddWorkPackage(first.payload.feature_slug, first.entity_id);
  auto known = lane_of_.find(&wp);  // one map lookup and no key built for the usual move
  if (known == lane_of_.end()) {
    std::string key = wp.key();
    LaneBuild* built = &LanesOf(build, key, wp);
    known = lane_of_.emplace(&wp, std::make_pair(std::move(key), built)).first;
  }
  const std::string& key = known->second.first;
  LaneBuild& lanes = *known->second.second;
  std::vector<LaneMove>& moves = moves_scratch_;
  moves.clear();
  for (size_t index : indexes) {
    const Event& event = events_[index];
    moves.push_back({event.lamport_clock, event.event_id, event.payload.old_status, event.payload.new_status});
  }
  const LaneStep& step = lanes.replay.Apply(moves);
  for (size_t i = 0; i < indexes.size(); ++i) {
    const Event& event = events_[indexes[i]];
    EventVerdict* verdict = build.VerdictFor(indexes[i]);
    const bool uncreated = !wp.created && !step.not_applied[i];
    if (uncreated || !step.problems[i].empty()) {
      if (uncreated && lanes.uncreated.empty()) lanes.uncreated = fmt::format("moved before any WPCreated for {}", key);
      build.Break(key, event, uncreated ? lanes.uncreated : step.problems[i], verdict);
      ++lanes.breaks;
      lanes.last_break_index = build.breaks.size() - 1;
    }
    if (step.not_applied[i]) {
      if (verdict != nullptr) verdict->applied = false;
    } else {
      lanes.event_of_move.push_back(indexes[i]);
    }
  }
  if (!step.applied) return;
  const size_t open_before = std::exchange(lanes.open_conflict, SIZE_MAX);
  lanes.checkpoint_open_conflict.reset();
  if (open_before != SIZE_MAX && !step.extends) CloseConflict(build, key, lanes, open_before);
  const LaneMove& winner = lanes.replay.move(step.winner);  // views of an input event or a checkpoint's
  wp.lane.assign(winner.new_status);
  wp.deciding_event_id.assign(winner.event_id);
  wp.deciding_clock = winner.clock;
  wp.moved = true;
  wp.rule = step.rule;
  wp.resolution.reset();
  lanes.deciding_group.reset();
  if (step.rule.empty()) return;
  if (build.wants_verdicts()) {
    for (size_t move : step.competing) {
      if (move < lanes.base) continue;  // a move of an earlier replay: no verdict here
      if (EventVerdict* verdict = build.VerdictFor(lanes.event_of_move[move - lanes.base])) {
        verdict->concurrent = true;
        verdict->rule = step.rule;
        verdict->applied = move == step.winner;
      }
    }
  }
  lanes.deciding_group = step;  // the conflict is made when the group closes, or at the end
  lanes.deciding_group_clock = first.lamport_clock;
  if (!list_conflicts_) return;
  if (step.extends) {
    if (open_before != SIZE_MAX) {
      build.replaced.push_back(open_before);  // a place never filled
    } else if (lanes.base > 0) {
      grown_past_checkpoint_.push_back(key);  // its group was reported by an earlier replay
    }
  }
  lanes.open_conflict = build.conflicts.size();
  build.conflicts.emplace_back();
}

void LaneDriver::CloseConflict(ReplayBuild& build, const std::string& key, const LaneBuild& lanes,
                               size_t place) const {
  build.conflicts[place] = ConflictOf(key, lanes, *lanes.deciding_group, lanes.deciding_group_clock);
}

ResolvedConflict LaneDriver::ConflictOf(const std::string& key, const LaneBuild& lanes, const LaneStep& step,
                                        int64_t clock) const {
  const EventRef winner = RefOf(lanes, step.winner);
  ResolvedConflict conflict;
  conflict.entity = key;
  conflict.aspect = "status";
  conflict.lamport_clock = step.first_clock;
  conflict.last_clock = clock;
  for (size_t move : step.competing) conflict.competing.push_back(RefOf(lanes, move));
  conflict.omitted = step.omitted;
  conflict.rule = step.rule;
  conflict.winner_id = winner.event_id;
  conflict.result = "lane " + winner.new_status;
  return conflict;
}

void LaneDriver::SaveCheckpoints(const ReplayBuild& build, int64_t through,
                                 std::map<std::string, LaneCheckpoint>& out) const {
  for (const auto& [key, lanes] : lanes_) {
    LaneCheckpoint& checkpoint = out[key];
    checkpoint.through = through;
    checkpoint.lane = lanes.replay.Save();
    for (const KeptMove& kept : checkpoint.lane.kept) checkpoint.refs.push_back(RefOf(lanes, kept.index));
    checkpoint.breaks = lanes.breaks;
    checkpoint.last_break = lanes.last_break_index != SIZE_MAX
                                ? std::optional<LifecycleBreak>(build.breaks[lanes.last_break_index])
                                : lanes.last_break;
    const size_t slash = key.find('/');
    auto feature = build.features.find(key.substr(0, slash));
    if (feature != build.features.end()) {
      auto wp = feature->second.work_packages.find(key.substr(slash + 1));
      checkpoint.created = wp != feature->second.work_packages.end() && wp->second.created;
    }
    if (checkpoint.last_break) checkpoint.last_break->count = lanes.breaks;
    if (lanes.open_conflict != SIZE_MAX && lanes.deciding_group) {
      checkpoint.open_conflict = ConflictOf(key, lanes, *lanes.deciding_group, lanes.deciding_group_clock);
    } else {
      checkpoint.open_conflict = lanes.checkpoint_open_conflict;
    }
  }
}

void LaneDriver::Finish(ReplayBuild& build) {
  for (auto& [key, lanes] : lanes_) {
    if (!lanes.deciding_group) continue;
    if (lanes.open_conflict != SIZE_MAX) CloseConflict(build, key, lanes, lanes.open_conflict);
    const size_t slash = key.find('/');
    auto feature = build.features.find(key.substr(0, slash));
    if (feature == build.features.end()) continue;
    auto wp = feature->second.work_packages.find(key.substr(slash + 1));
    if (wp == feature->second.work_packages.end()) continue;
    wp->second.resolution = lanes.open_conflict != SIZE_MAX
                                ? build.conflicts[lanes.open_conflict]
                                : ConflictOf(key, lanes, *lanes.deciding_group, lanes.deciding_group_clock);
  }
}

}  // namespace kittylog::replay_internal
