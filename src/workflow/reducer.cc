#include "workflow/reducer.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_set>

#include <fmt/format.h>

#include "workflow/lane_replay.h"
#include "workflow/status_rules.h"
#include "workflow/workflow_names.h"

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

using workflow_internal::FeatureSlugOf;
using workflow_internal::GateIdOf;
using workflow_internal::InsertSorted;

// The work package an event is about, by feature and id (feature may be empty).
struct WorkPackageRef {
  std::string feature;
  std::string id;
};

std::optional<WorkPackageRef> WorkPackageOf(const Event& event) {
  if (event.entity_type == "WorkPackage") return WorkPackageRef{event.payload.feature_slug, event.entity_id};
  if ((event.event_type == "SubtaskCompleted" || event.event_type == "WorkspaceCreated") &&
      !event.payload.work_package_id.empty()) {
    return WorkPackageRef{event.payload.feature_slug, event.payload.work_package_id};
  }
  return std::nullopt;
}

// Whether `event` shapes the lane of its work package (the same events the index reads).
bool ShapesLane(const Event& event) {
  return (event.event_type == "WPStatusChanged" || event.event_type == "WPCreated") &&
         event.entity_type == "WorkPackage" && !event.payload.feature_slug.empty();
}

struct FeatureBuild {
  FeatureState state;
  std::map<std::string, WorkPackageState> work_packages;
};

// One work package's lane machine and, for each of its moves, the input event it is.
struct LaneBuild {
  explicit LaneBuild(bool known_start) : replay(known_start) {}
  LaneReplay replay;
  std::vector<size_t> event_of_move;
};

class Builder {
 public:
  // `slots` maps an input index to its verdict in `verdicts` (both null: no verdicts wanted).
  Builder(std::span<const Event> events, std::vector<EventVerdict>* verdicts, const std::vector<size_t>* slots)
      : events_(events), verdicts_(verdicts), slots_(slots) {}

  // Applies one same-clock group (usually of one event) of one ConcurrencyKey.
  void ApplyGroup(const ConcurrencyKey& key, std::span<const size_t> indexes);
  BoardState Finish();
  int64_t CounterValue(const Event& event);

 private:
  FeatureBuild& Feature(const std::string& slug) {
    FeatureBuild& feature = features_[slug];
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
  WorkPackageState* FindWorkPackage(const WorkPackageRef& ref) {
    if (!ref.feature.empty()) {
      auto feature = features_.find(ref.feature);
      if (feature == features_.end()) return nullptr;
      auto wp = feature->second.work_packages.find(ref.id);
      return wp == feature->second.work_packages.end() ? nullptr : &wp->second;
    }
    WorkPackageState* found = nullptr;
    for (auto& [slug, feature] : features_) {
      auto wp = feature.work_packages.find(ref.id);
      if (wp == feature.work_packages.end()) continue;
      if (found != nullptr) return nullptr;  // ambiguous
      found = &wp->second;
    }
    return found;
  }
  void Break(const std::string& entity, const Event& event, std::string problem, EventVerdict* verdict) {
    if (verdict != nullptr) verdict->problem = problem;
    breaks_.push_back({entity, EventRef::Of(event), std::move(problem)});
  }
  EventVerdict* VerdictFor(size_t index);
  void ApplyStatusGroup(std::span<const size_t> indexes);
  void ApplyOne(const Event& event, EventVerdict* verdict);
  void AddToCounter(std::map<std::string, int64_t>& counters, const std::string& entity, const Event& event);

  std::span<const Event> events_;
  std::vector<EventVerdict>* verdicts_;
  const std::vector<size_t>* slots_;
  std::map<std::string, FeatureBuild> features_;
  std::map<std::string, GateState> gates_;
  std::map<std::string, LaneBuild> lanes_;  // by work package key
  std::vector<ResolvedConflict> conflicts_;
  std::vector<LifecycleBreak> breaks_;
  std::map<std::pair<std::string, std::string>, CounterSaturation> saturated_;  // by (entity, counter)
};

EventVerdict* Builder::VerdictFor(size_t index) {
  if (verdicts_ == nullptr || slots_ == nullptr || (*slots_)[index] == SIZE_MAX) return nullptr;
  return &(*verdicts_)[(*slots_)[index]];
}

int64_t Builder::CounterValue(const Event& event) {
  std::optional<WorkPackageRef> ref = WorkPackageOf(event);
  if (ref) {
    WorkPackageState* wp = FindWorkPackage(*ref);
    if (wp == nullptr) return 0;
    auto it = wp->counters.find(event.payload.counter);
    return it == wp->counters.end() ? 0 : it->second;
  }
  if (event.entity_type == "FeatureSpec") {
    auto feature = features_.find(FeatureSlugOf(event));
    if (feature == features_.end()) return 0;
    auto it = feature->second.state.counters.find(event.payload.counter);
    return it == feature->second.state.counters.end() ? 0 : it->second;
  }
  return 0;
}

void Builder::ApplyStatusGroup(std::span<const size_t> indexes) {
  const Event& first = events_[indexes[0]];
  WorkPackageState& wp = AddWorkPackage(first.payload.feature_slug, first.entity_id);
  const std::string key = wp.key();
  LaneBuild& lanes = lanes_.try_emplace(key, /*known_start=*/true).first->second;
  std::vector<LaneMove> moves;
  moves.reserve(indexes.size());
  for (size_t index : indexes) {
    const Event& event = events_[index];
    moves.push_back({event.lamport_clock, event.event_id, event.payload.old_status, event.payload.new_status});
  }
  const LaneStep& step = lanes.replay.Apply(moves);
  for (size_t i = 0; i < indexes.size(); ++i) {
    const Event& event = events_[indexes[i]];
    EventVerdict* verdict = VerdictFor(indexes[i]);
    std::string problem = step.problems[i];
    if (!wp.created && !step.not_applied[i]) {
      problem = fmt::format("moved before any WPCreated for {}", key);
    }
    if (!problem.empty()) Break(key, event, std::move(problem), verdict);
    if (step.not_applied[i]) {
      if (verdict != nullptr) verdict->applied = false;
    } else {
      lanes.event_of_move.push_back(indexes[i]);
    }
  }
  if (!step.applied) return;
  const Event& winner = events_[lanes.event_of_move[step.winner]];
  wp.lane = winner.payload.new_status;
  wp.deciding_event_id = winner.event_id;
  wp.deciding_clock = winner.lamport_clock;
  wp.moved = true;
  wp.rule = step.rule;
  wp.resolution.reset();
  if (step.rule.empty()) return;
  ResolvedConflict conflict;
  conflict.entity = key;
  conflict.aspect = "status";
  conflict.lamport_clock = step.first_clock;
  conflict.last_clock = first.lamport_clock;
  for (size_t move : step.competing) {
    const size_t index = lanes.event_of_move[move];
    conflict.competing.push_back(EventRef::Of(events_[index]));
    if (EventVerdict* verdict = VerdictFor(index)) {
      verdict->concurrent = true;
      verdict->rule = step.rule;
      verdict->applied = move == step.winner;
    }
  }
  conflict.omitted = step.omitted;
  conflict.rule = step.rule;
  conflict.winner_id = winner.event_id;
  conflict.result = "lane " + winner.payload.new_status;
  wp.resolution = conflict;
  conflicts_.push_back(std::move(conflict));
}

void Builder::AddToCounter(std::map<std::string, int64_t>& counters, const std::string& entity, const Event& event) {
  const std::string& name = event.payload.counter;
  bool saturated = false;
  int64_t& value = counters[name];
  value = kittylog::AddToCounter(value, event.payload.delta.value_or(0), &saturated);
  if (saturated) {
    saturated_.try_emplace({entity, name}, CounterSaturation{entity, name, value, event.event_id});
  }
}

void Builder::ApplyOne(const Event& event, EventVerdict* verdict) {
  const std::string& type = event.event_type;
  if (type == "SpecCreated") {
    FeatureBuild& feature = Feature(FeatureSlugOf(event));
    if (feature.state.created) {
      Break(feature.state.slug, event, "feature created again (SpecCreated seen before)", verdict);
    }
    feature.state.title = event.payload.title;
    feature.state.created = true;
  } else if (type == "WPCreated") {
    if (!ShapesLane(event)) return;
    WorkPackageState& wp = AddWorkPackage(event.payload.feature_slug, event.entity_id);
    if (wp.created) {
      Break(wp.key(), event, "work package created again (WPCreated seen before)", verdict);
    }
    wp.title = event.payload.title;
    wp.created = true;
    if (wp.deciding_event_id.empty()) {
      wp.deciding_event_id = event.event_id;
      wp.deciding_clock = event.lamport_clock;
    }
  } else if (type == "TagsAdded" || type == "CounterIncremented" || type == "SubtaskCompleted") {
    std::vector<std::string>* tags = nullptr;
    std::map<std::string, int64_t>* counters = nullptr;
    WorkPackageState* wp = nullptr;
    std::string entity;
    if (std::optional<WorkPackageRef> ref = WorkPackageOf(event)) {
      wp = FindWorkPackage(*ref);
      if (wp == nullptr && !ref->feature.empty()) wp = &AddWorkPackage(ref->feature, ref->id);
      if (wp == nullptr) {
        Break(ref->id, event, "names no feature, and the work package id is unknown or ambiguous", verdict);
        return;
      }
      tags = &wp->tags;
      counters = &wp->counters;
      entity = wp->key();
    } else if (event.entity_type == "FeatureSpec") {
      FeatureBuild& feature = Feature(FeatureSlugOf(event));
      tags = &feature.state.tags;
      counters = &feature.state.counters;
      entity = feature.state.slug;
    } else {
      return;  // tags and counters of gates and other entities are not part of the board
    }
    if (type == "TagsAdded") {
      for (const std::string& tag : event.payload.tags) InsertSorted(*tags, tag);
    } else if (type == "CounterIncremented") {
      AddToCounter(*counters, entity, event);
    } else if (wp != nullptr && event.payload.subtask_index) {
      auto& done = wp->subtasks_done;
      auto it = std::lower_bound(done.begin(), done.end(), *event.payload.subtask_index);
      if (it == done.end() || *it != *event.payload.subtask_index) done.insert(it, *event.payload.subtask_index);
    }
  } else if (type == "GateCreated") {
    GateState& gate = gates_[GateIdOf(event)];
    gate.gate_id = GateIdOf(event);
    gate.gate_type = event.payload.gate_type;
    gate.work_package_id = event.payload.work_package_id;
    gate.feature_slug = event.payload.feature_slug;
    if (gate.deciding_event_id.empty()) {
      gate.deciding_event_id = event.event_id;
      gate.deciding_clock = event.lamport_clock;
    }
  } else if (type == "GateResultChanged") {
    GateState& gate = gates_[GateIdOf(event)];
    gate.gate_id = GateIdOf(event);
    gate.status = event.payload.new_status;
    gate.deciding_event_id = event.event_id;
    gate.deciding_clock = event.lamport_clock;
  }
}

void Builder::ApplyGroup(const ConcurrencyKey& key, std::span<const size_t> indexes) {
  if (key.aspect == "status") {
    // Moves of one work package: the lane machine decides (the others change nothing here).
    std::vector<size_t> moves;
    for (size_t index : indexes) {
      if (ShapesLane(events_[index])) moves.push_back(index);
    }
    if (!moves.empty()) ApplyStatusGroup(moves);
    return;
  }
  if (indexes.size() == 1 || key.aspect.empty()) {
    for (size_t index : indexes) ApplyOne(events_[index], VerdictFor(index));
    return;
  }
  std::vector<const Event*> group;
  group.reserve(indexes.size());
  for (size_t index : indexes) group.push_back(&events_[index]);
  ResolvedConflict conflict = ResolveConcurrentGroup(key, group, CounterValue(*group[0]));
  for (size_t index : indexes) {
    if (EventVerdict* verdict = VerdictFor(index)) {
      verdict->concurrent = true;
      verdict->rule = conflict.rule;
      verdict->applied = conflict.winner_id.empty() || conflict.winner_id == events_[index].event_id;
    }
  }
  for (size_t index : indexes) {
    if (conflict.winner_id.empty() || conflict.winner_id == events_[index].event_id) {
      ApplyOne(events_[index], VerdictFor(index));
    }
  }
  conflicts_.push_back(std::move(conflict));
}

BoardState Builder::Finish() {
  BoardState board;
  for (auto& [slug, feature] : features_) {
    FeatureState state = std::move(feature.state);
    for (auto& [id, wp] : feature.work_packages) state.work_packages.push_back(std::move(wp));
    board.features.push_back(std::move(state));
  }
  for (auto& [id, gate] : gates_) board.gates.push_back(std::move(gate));
  board.conflicts = std::move(conflicts_);
  board.breaks = std::move(breaks_);
  for (auto& [key, saturation] : saturated_) board.saturated.push_back(std::move(saturation));
  return board;
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
  Builder builder(events, options.verdicts ? &result.verdicts : nullptr, options.verdicts ? &slots : nullptr);

  for (size_t begin = 0; begin < unique.size();) {
    size_t end = begin + 1;
    const int64_t clock = events[unique[begin]].lamport_clock;
    while (end < unique.size() && events[unique[end]].lamport_clock == clock) ++end;
    std::span<const size_t> run(unique.data() + begin, end - begin);
    if (run.size() == 1) {
      builder.ApplyGroup(ConcurrencyKeyOf(events[run[0]]), run);
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
      for (const auto& [key, indexes] : groups) builder.ApplyGroup(key, indexes);
    }
    begin = end;
  }

  result.board = builder.Finish();
  result.board.event_count = unique.size();
  result.board.duplicate_count = duplicates;
  result.board.max_clock = unique.empty() ? 0 : events[unique.back()].lamport_clock;
  return result;
}

}  // namespace kittylog
