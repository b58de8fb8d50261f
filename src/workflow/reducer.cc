#include "workflow/reducer.h"

// Replay() itself: the total order, one copy of each event id, the clocks one by one and, within
// a clock, its groups by ConcurrencyKey handed to the part that applies them. The parts (each
// header states its share): replay_build.h (the board being built), replay_aspects.h (every
// event but a lane move), replay_lanes.h (the lanes), replay_guards.h (the guards on replay).

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_set>
#include <utility>

#include "event/event_types.h"
#include "workflow/replay_aspects.h"
#include "workflow/replay_build.h"
#include "workflow/replay_guards.h"
#include "workflow/replay_lanes.h"

namespace kittylog {

const FeatureState* BoardState::FindFeature(std::string_view slug) const {
  auto it = std::lower_bound(features.begin(), features.end(), slug,
                             [](const FeatureState& feature, std::string_view s) { return feature.slug < s; });
  return it != features.end() && it->slug == slug ? &*it : nullptr;
}

const WorkPackageState* BoardState::FindWorkPackage(std::string_view feature_slug, std::string_view id) const {
  const FeatureState* feature = FindFeature(feature_slug);
  if (feature == nullptr) return nullptr;
  for (const WorkPackageState& wp : feature->work_packages) {
    if (wp.id == id) return &wp;
  }
  return nullptr;
}

const GateState* BoardState::FindGate(std::string_view gate_id) const {
  for (const GateState& gate : gates) {
    if (gate.gate_id == gate_id) return &gate;
  }
  return nullptr;
}

namespace {

using replay_internal::ApplyAspectGroup;
using replay_internal::ApplyEvent;
using replay_internal::CheckGuards;
using replay_internal::LaneDriver;
using replay_internal::ReplayBuild;
using replay_internal::ShapesLane;

// Applies the only event of its clock (most clocks hold one: no key to build).
void ApplySingle(ReplayBuild& build, LaneDriver& lanes, size_t index) {
  const Event& event = build.events[index];
  if (event.event_type == kWPStatusChanged) {
    if (ShapesLane(event)) lanes.ApplyStatusGroup(build, {&index, 1});
  } else {
    ApplyEvent(build, event, build.VerdictFor(index));
  }
}

// Applies one same-clock group of one ConcurrencyKey.
void ApplyGroup(ReplayBuild& build, LaneDriver& lanes, const ConcurrencyKey& key, std::span<const size_t> indexes) {
  if (key.aspect == "status") {
    // Moves of one work package: the lane machine decides (the others change nothing here).
    std::vector<size_t> moves;
    for (size_t index : indexes) {
      if (ShapesLane(build.events[index])) moves.push_back(index);
    }
    if (!moves.empty()) lanes.ApplyStatusGroup(build, moves);
    return;
  }
  ApplyAspectGroup(build, key, indexes);
}

}  // namespace

ReplayResult Replay(std::span<const Event> events, const ReplayOptions& options) {
  ReplayResult result;
  std::vector<size_t> order(events.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto less = [&](size_t a, size_t b) {
    if (TotalOrderLess(events[a], events[b])) return true;
    if (TotalOrderLess(events[b], events[a])) return false;
    return a < b;  // duplicates of one id keep their input order
  };
  if (!std::is_sorted(order.begin(), order.end(), less)) std::sort(order.begin(), order.end(), less);

  // Drop repeated ids: the first copy in total order is the one replayed.
  std::unordered_set<std::string_view> seen;
  seen.reserve(events.size());
  std::vector<size_t> unique;
  unique.reserve(events.size());
  size_t duplicates = 0;
  for (size_t index : order) {
    bool first = seen.insert(events[index].event_id).second;
    if (first) {
      unique.push_back(index);
    } else {
      ++duplicates;
    }
    if (options.verdicts) {
      EventVerdict verdict;
      verdict.index = index;
      verdict.duplicate = !first;
      verdict.applied = first;
      result.verdicts.push_back(std::move(verdict));
    }
  }

  std::vector<size_t> slots;
  if (options.verdicts) {
    slots.resize(events.size(), SIZE_MAX);
    for (size_t slot = 0; slot < result.verdicts.size(); ++slot) {
      if (!result.verdicts[slot].duplicate) slots[result.verdicts[slot].index] = slot;
    }
  }
  ReplayBuild build(events, options.verdicts ? &result.verdicts : nullptr, options.verdicts ? &slots : nullptr);
  if (options.resume_board != nullptr) build.Restore(*options.resume_board);
  LaneDriver lanes(events, options.resume, options.list_conflicts);
  bool saved = options.checkpoint_through <= 0;

  for (size_t begin = 0; begin < unique.size();) {
    size_t end = begin + 1;
    const int64_t clock = events[unique[begin]].lamport_clock;
    while (end < unique.size() && events[unique[end]].lamport_clock == clock) ++end;
    if (!saved && clock > options.checkpoint_through) {
      lanes.SaveCheckpoints(build, options.checkpoint_through, result.checkpoints);
      saved = true;
    }
    std::span<const size_t> run(unique.data() + begin, end - begin);
    if (run.size() == 1) {
      ApplySingle(build, lanes, run[0]);
    } else {
      // Groups of one key, in the order of their first event in total order.
      std::vector<std::pair<ConcurrencyKey, std::vector<size_t>>> groups;
      for (size_t index : run) {
        ConcurrencyKey key = ConcurrencyKeyOf(events[index]);
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& group) { return group.first == key; });
        if (it == groups.end()) {
          groups.emplace_back(std::move(key), std::vector<size_t>{index});
        } else {
          it->second.push_back(index);
        }
      }
      for (const auto& [key, indexes] : groups) ApplyGroup(build, lanes, key, indexes);
    }
    if (options.check_guards) CheckGuards(build, run);
    begin = end;
  }

  if (!saved) lanes.SaveCheckpoints(build, options.checkpoint_through, result.checkpoints);
  lanes.Finish(build);
  result.board = build.Assemble();
  result.grown_past_checkpoint = lanes.TakeGrownPastCheckpoint();
  result.board.event_count = unique.size();
  result.board.duplicate_count = duplicates;
  result.board.max_clock = unique.empty() ? 0 : events[unique.back()].lamport_clock;
  if (const BoardState* earlier = options.resume_board) {
    result.board.event_count += earlier->event_count;
    result.board.duplicate_count += earlier->duplicate_count;
    result.board.max_clock = std::max(result.board.max_clock, earlier->max_clock);
  }
  return result;
}

}  // namespace kittylog
