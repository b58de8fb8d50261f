#include "workflow/board_summary.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "event/event_types.h"

namespace kittylog {
namespace {

bool LaterBreak(const LifecycleBreak& a, const LifecycleBreak& b) {
  return TotalOrderLess(b.event.lamport_clock, b.event.event_id, a.event.lamport_clock, a.event.event_id);
}

FeatureState& FeatureOf(BoardState& board, const std::string& slug) {
  auto it = std::lower_bound(board.features.begin(), board.features.end(), slug,
                             [](const FeatureState& feature, const std::string& s) { return feature.slug < s; });
  if (it == board.features.end() || it->slug != slug) {
    FeatureState feature;
    feature.slug = slug;
    it = board.features.insert(it, std::move(feature));
  }
  return *it;
}

WorkPackageState& FindOrAddWorkPackage(FeatureState& feature, const std::string& id) {
  auto it = std::lower_bound(feature.work_packages.begin(), feature.work_packages.end(), id,
                             [](const WorkPackageState& wp, const std::string& i) { return wp.id < i; });
  if (it == feature.work_packages.end() || it->id != id) {
    WorkPackageState wp;
    wp.feature_slug = feature.slug;
    wp.id = id;
    it = feature.work_packages.insert(it, std::move(wp));
  }
  return *it;
}

}  // namespace

void KeepDecidingResolutions(BoardState& board) {
  std::erase_if(board.conflicts, [&](const ResolvedConflict& conflict) {
    if (conflict.aspect == "status") return true;  // added back below: each lane's deciding group
    if (conflict.aspect == "gate status") {
      const GateState* gate = board.FindGate(std::string_view(conflict.entity).substr(5));  // "gate:"
      return gate == nullptr || gate->deciding_event_id != conflict.winner_id;
    }
    return false;
  });
  for (const FeatureState& feature : board.features) {
    for (const WorkPackageState& wp : feature.work_packages) {
      if (wp.resolution) board.conflicts.push_back(*wp.resolution);
    }
  }
  std::sort(board.conflicts.begin(), board.conflicts.end(), [](const ResolvedConflict& a, const ResolvedConflict& b) {
    return std::tie(a.last_clock, a.entity, a.aspect) < std::tie(b.last_clock, b.entity, b.aspect);
  });

  // One break per entity: the latest, counting the others. A guard break shapes the board only
  // when the move that failed its guard is the one that set the lane now shown; then it is one
  // more break of that work package.
  std::map<std::string, const WorkPackageState*> deciding;
  for (const FeatureState& feature : board.features) {
    for (const WorkPackageState& wp : feature.work_packages) deciding[wp.key()] = &wp;
  }
  std::vector<LifecycleBreak> guards;
  std::map<std::string, LifecycleBreak> latest;
  for (LifecycleBreak& lifecycle_break : board.breaks) {
    if (lifecycle_break.guard) {
      auto wp = deciding.find(lifecycle_break.entity);
      if (wp != deciding.end() && wp->second->deciding_event_id == lifecycle_break.event.event_id &&
          std::none_of(guards.begin(), guards.end(),
                       [&](const LifecycleBreak& kept) { return kept.event.event_id == lifecycle_break.event.event_id; })) {
        guards.push_back(std::move(lifecycle_break));
      }
      continue;
    }
    auto [it, inserted] = latest.try_emplace(lifecycle_break.entity, lifecycle_break);
    if (inserted) continue;
    const int64_t count = it->second.count + lifecycle_break.count;
    if (LaterBreak(lifecycle_break, it->second)) it->second = std::move(lifecycle_break);
    it->second.count = count;
  }
  // Still one line per work package: its guard break counts as one more break, shown when later.
  for (LifecycleBreak& guard : guards) {
    auto [it, inserted] = latest.try_emplace(guard.entity, guard);
    if (inserted) continue;
    const int64_t count = it->second.count + 1;
    if (LaterBreak(guard, it->second)) it->second = std::move(guard);
    it->second.count = count;
  }
  board.breaks.clear();
  for (auto& [entity, lifecycle_break] : latest) board.breaks.push_back(std::move(lifecycle_break));
  std::sort(board.breaks.begin(), board.breaks.end(),
            [](const LifecycleBreak& a, const LifecycleBreak& b) { return LaterBreak(b, a); });
}

DecidedLane DecidedLaneOf(const BoardState& board, std::string_view feature_slug, std::string_view id) {
  DecidedLane decided;
  decided.feature_slug = std::string(feature_slug);
  decided.id = std::string(id);
  const WorkPackageState* wp = board.FindWorkPackage(feature_slug, id);
  if (wp == nullptr) return decided;
  if (wp->moved) {
    decided.lane = wp->lane;
    decided.deciding_event_id = wp->deciding_event_id;
    decided.deciding_clock = wp->deciding_clock;
    decided.rule = wp->rule;
    decided.resolution = wp->resolution;
  }
  const std::string key = wp->key();
  const LifecycleBreak* last = nullptr;
  for (const LifecycleBreak& lifecycle_break : board.breaks) {
    if (lifecycle_break.entity != key || lifecycle_break.event.event_type != kWPStatusChanged) continue;
    decided.breaks += lifecycle_break.count;
    if (last == nullptr || LaterBreak(lifecycle_break, *last)) last = &lifecycle_break;
  }
  if (last != nullptr) {
    decided.last_break = *last;
    decided.last_break->count = decided.breaks;
  }
  return decided;
}

BoardState ReplayWithDecidedLanes(std::span<const Event> events, std::span<const DecidedLane> lanes) {
  BoardState board = Replay(events).board;
  ApplyDecidedLanes(board, lanes);
  return board;
}

void ApplyDecidedLanes(BoardState& board, std::span<const DecidedLane> lanes) {
  for (const DecidedLane& decided : lanes) {
    WorkPackageState& wp = FindOrAddWorkPackage(FeatureOf(board, decided.feature_slug), decided.id);
    if (!decided.deciding_event_id.empty()) {
      wp.lane = decided.lane;
      wp.deciding_event_id = decided.deciding_event_id;
      wp.deciding_clock = decided.deciding_clock;
      wp.moved = true;
      wp.rule = decided.rule;
      wp.resolution = decided.resolution;
      if (decided.resolution) board.conflicts.push_back(*decided.resolution);
    }
    if (decided.last_break) board.breaks.push_back(*decided.last_break);
  }
}

}  // namespace kittylog
