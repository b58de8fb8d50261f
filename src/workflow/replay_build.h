// Internal to the one reducer (reducer.h): the board and the report that one Replay() builds,
// shared by the parts that fill them. Only reducer.cc and those parts include it:
//   - replay_aspects.h: every event but a lane move (creations, titles, tags, counters,
//     subtasks, gates), alone or in a same-clock group;
//   - replay_lanes.h: the lanes, one LaneReplay per work package, with their conflicts and
//     checkpoints;
//   - replay_guards.h: the guard of each move, against the board as it stood at its clock.
// ReplayBuild holds the features and work packages by key, the gates, what the replay found so
// far (conflicts, lifecycle breaks, counter saturations) and where each input event's verdict
// goes. It can go on from a board an earlier replay left (Restore) and hands the finished board
// out once (Assemble). One per Replay() call; the input events must outlive it; not thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "event/event.h"
#include "event/event_types.h"
#include "workflow/reducer.h"
#include "workflow/resolution.h"
#include "workflow/wp_lane_state.h"

namespace kittylog::replay_internal {

// The work package an event is about, by feature and id (feature may be empty).
struct WorkPackageRef {
  std::string feature;
  std::string id;
};

// The work package a WorkPackage event, or a SubtaskCompleted or WorkspaceCreated that names
// one, is about; nullopt for any other event.
std::optional<WorkPackageRef> WorkPackageOf(const Event& event);

// Whether `event` shapes the lane of its work package: the rule is ShapesWpLane's (wp_lane_state.h),
// the same events the index reads.
inline bool ShapesLane(const Event& event) {
  return ShapesWpLane(event.event_type, event.entity_type, event.payload.feature_slug);
}

struct FeatureBuild {
  FeatureState state;                                    // its work_packages stay empty until Assemble
  std::map<std::string, WorkPackageState> work_packages;  // by id
};

struct ReplayBuild {
  // `slots` maps an input index to its verdict in `verdicts` (both null: no verdicts wanted).
  ReplayBuild(std::span<const Event> input, std::vector<EventVerdict>* verdicts, const std::vector<size_t>* slots)
      : events(input), verdicts_(verdicts), slots_(slots) {}
  ReplayBuild(const ReplayBuild&) = delete;
  ReplayBuild& operator=(const ReplayBuild&) = delete;

  FeatureBuild& Feature(const std::string& slug) {
    FeatureBuild& feature = features[slug];
    if (feature.state.slug.empty()) feature.state.slug = slug;
    return feature;
  }
  WorkPackageState& AddWorkPackage(const std::string& feature_slug, const std::string& id) {
    WorkPackageState& wp = Feature(feature_slug).work_packages[id];
    if (wp.id.empty()) {
      wp.feature_slug = feature_slug;
      wp.id = id;
    }
    return wp;
  }
  // The work package an event refers to; without a feature, the only WP of that id, if unique.
  WorkPackageState* FindWorkPackage(const WorkPackageRef& ref);

  // Records a lifecycle break of `entity` (and, with a verdict, its problem).
  void Break(const std::string& entity, const Event& event, std::string problem, EventVerdict* verdict) {
    if (verdict != nullptr) verdict->problem = problem;
    breaks.push_back({entity, EventRef::Of(event), std::move(problem)});
  }
  // The verdict of input event `index`; null when no verdicts are wanted or it is a duplicate.
  EventVerdict* VerdictFor(size_t index) {
    if (verdicts_ == nullptr || slots_ == nullptr || (*slots_)[index] == SIZE_MAX) return nullptr;
    return &(*verdicts_)[(*slots_)[index]];
  }
  bool wants_verdicts() const { return verdicts_ != nullptr; }

  // Goes on from the board an earlier replay left (ReplayOptions::resume_board).
  void Restore(const BoardState& board);
  // The board, without the `replaced` conflicts. Call once, last (after LaneDriver::Finish).
  BoardState Assemble();

  std::span<const Event> events;
  std::map<std::string, FeatureBuild> features;  // by slug
  std::map<std::string, GateState> gates;        // by gate id
  std::set<std::pair<std::string, std::string>> gate_ids_by_wp;  // for the guards: (WP id, gate id) named
  std::vector<ResolvedConflict> conflicts;
  std::vector<size_t> replaced;  // conflicts that a later, grown group replaced
  std::vector<LifecycleBreak> breaks;
  std::map<std::pair<std::string, std::string>, CounterSaturation> saturated;  // by (entity, counter)

 private:
  std::vector<EventVerdict>* verdicts_;
  const std::vector<size_t>* slots_;
};

}  // namespace kittylog::replay_internal
