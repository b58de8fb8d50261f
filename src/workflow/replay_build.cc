#include "workflow/replay_build.h"

namespace kittylog::replay_internal {

std::optional<WorkPackageRef> WorkPackageOf(const Event& event) {
  if (event.entity_type == "WorkPackage") return WorkPackageRef{event.payload.feature_slug, event.entity_id};
  if ((event.event_type == kSubtaskCompleted || event.event_type == kWorkspaceCreated) &&
      !event.payload.work_package_id.empty()) {
    return WorkPackageRef{event.payload.feature_slug, event.payload.work_package_id};
  }
  return std::nullopt;
}

WorkPackageState* ReplayBuild::FindWorkPackage(const WorkPackageRef& ref) {
  if (!ref.feature.empty()) {
    auto feature = features.find(ref.feature);
    if (feature == features.end()) return nullptr;
    auto wp = feature->second.work_packages.find(ref.id);
    return wp == feature->second.work_packages.end() ? nullptr : &wp->second;
  }
  WorkPackageState* found = nullptr;
  for (auto& [slug, feature] : features) {
    auto wp = feature.work_packages.find(ref.id);
    if (wp == feature.work_packages.end()) continue;
    if (found != nullptr) return nullptr;  // ambiguous
    found = &wp->second;
  }
  return found;
}

void ReplayBuild::Restore(const BoardState& board) {
  for (const FeatureState& feature : board.features) {
    FeatureBuild& build = features[feature.slug];
    build.state = feature;
    build.state.work_packages.clear();
    for (const WorkPackageState& wp : feature.work_packages) build.work_packages.emplace(wp.id, wp);
  }
  for (const GateState& gate : board.gates) {
    gates.emplace(gate.gate_id, gate);
    // The earlier creations of a gate for another WP no longer count (GateBelongsTo): the
    // current owner is all the guards need.
    gate_ids_by_wp.emplace(gate.work_package_id, gate.gate_id);
  }
  conflicts = board.conflicts;
  breaks = board.breaks;
  for (const CounterSaturation& saturation : board.saturated) {
    saturated.emplace(std::make_pair(saturation.entity, saturation.counter), saturation);
  }
}

BoardState ReplayBuild::Assemble() {
  if (!replaced.empty()) {
    std::vector<bool> is_replaced(conflicts.size(), false);
    for (size_t index : replaced) is_replaced[index] = true;
    size_t kept = 0;
    for (size_t i = 0; i < conflicts.size(); ++i) {
      if (is_replaced[i]) continue;
      if (kept != i) conflicts[kept] = std::move(conflicts[i]);  // never onto itself: that empties it
      ++kept;
    }
    conflicts.resize(kept);
  }
  BoardState board;
  for (auto& [slug, feature] : features) {
    FeatureState state = std::move(feature.state);
    for (auto& [id, wp] : feature.work_packages) state.work_packages.push_back(std::move(wp));
    board.features.push_back(std::move(state));
  }
  for (auto& [id, gate] : gates) board.gates.push_back(std::move(gate));
  board.conflicts = std::move(conflicts);
  board.breaks = std::move(breaks);
  for (auto& [key, saturation] : saturated) board.saturated.push_back(std::move(saturation));
  return board;
}

}  // namespace kittylog::replay_internal
