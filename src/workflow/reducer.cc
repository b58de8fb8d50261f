#include "workflow/reducer.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "workflow/guards.h"
#include "workflow/lifecycle.h"
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

using workflow_internal::EntityNameOf;
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

struct FeatureBuild {
  FeatureState state;
  std::map<std::string, WorkPackageState> work_packages;
};

class Builder {
 public:
  // `slots` maps an input index to its verdict in `verdicts` (both null: no verdicts wanted).
  Builder(std::span<const Event> events, std::vector<EventVerdict>* verdicts, const std::vector<size_t>* slots,
          bool complete_status_history)
      : events_(events), verdicts_(verdicts), slots_(slots), complete_status_history_(complete_status_history) {}

  // Applies one same-clock group (usually of one event) of one ConcurrencyKey.
  void ApplyGroup(const ConcurrencyKey& key, std::span<const size_t> indexes);
  // Flags the guarded moves of one clock that fail their guard against the state at that clock
  // (every event up to it, the other events of the same clock included: concurrent with them).
  void CheckGuards(std::span<const size_t> run);
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
  void ApplyStatusGroup(const ConcurrencyKey& key, std::span<const size_t> indexes, const Event* winner);
  void ApplyOne(const Event& event, EventVerdict* verdict);

  std::span<const Event> events_;
  std::vector<EventVerdict>* verdicts_;
  const std::vector<size_t>* slots_;
  bool complete_status_history_;
  std::map<std::string, FeatureBuild> features_;
  std::map<std::string, GateState> gates_;
  std::set<std::pair<std::string, std::string>> gate_ids_by_wp_;  // for CheckGuards: (WP id, gate id) named
  std::vector<ResolvedConflict> conflicts_;
  std::vector<LifecycleBreak> breaks_;
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

void Builder::ApplyStatusGroup(const ConcurrencyKey& key, std::span<const size_t> indexes, const Event* winner) {
  const Event& first = events_[indexes[0]];
  const std::string& feature_slug = first.payload.feature_slug;
  const bool existed = FindWorkPackage({feature_slug, first.entity_id}) != nullptr;
  WorkPackageState& wp = AddWorkPackage(feature_slug, first.entity_id);
  const std::string lane_before = wp.lane;
  for (size_t index : indexes) {
    const Event& event = events_[index];
    EventVerdict* verdict = VerdictFor(index);
    if (!existed || !wp.created) {
      Break(key.entity, event, fmt::format("moved before any WPCreated for {}", key.entity), verdict);
    } else if (complete_status_history_ && event.payload.old_status != lane_before) {
      Break(key.entity, event,
            fmt::format("old_status {}, but the replayed lane was {}", event.payload.old_status, lane_before),
            verdict);
    } else if (!IsValidTransition(event.payload.old_status, event.payload.new_status)) {
      Break(key.entity, event,
            fmt::format("{} -> {} is not a lifecycle move (valid from {}: {})", event.payload.old_status,
                        event.payload.new_status, event.payload.old_status,
                        JoinValidTargets(event.payload.old_status)),
            verdict);
    }
  }
  wp.lane = winner->payload.new_status;
  wp.deciding_event_id = winner->event_id;
  wp.deciding_clock = winner->lamport_clock;
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
    if (event.payload.feature_slug.empty()) return;
    WorkPackageState& wp = AddWorkPackage(event.payload.feature_slug, event.entity_id);
    if (wp.created) {
      Break(wp.key(), event, "work package created again (WPCreated seen before)", verdict);
    }
    wp.title = event.payload.title;
    wp.created = true;
    wp.dependencies.clear();  // like the title: the last WPCreated decides
    for (const std::string& dependency : event.payload.dependencies) InsertSorted(wp.dependencies, dependency);
    if (wp.deciding_event_id.empty()) {
      wp.deciding_event_id = event.event_id;
      wp.deciding_clock = event.lamport_clock;
    }
  } else if (type == "TagsAdded" || type == "CounterIncremented" || type == "SubtaskCompleted") {
    std::vector<std::string>* tags = nullptr;
    std::map<std::string, int64_t>* counters = nullptr;
    WorkPackageState* wp = nullptr;
    if (std::optional<WorkPackageRef> ref = WorkPackageOf(event)) {
      wp = FindWorkPackage(*ref);
      if (wp == nullptr && !ref->feature.empty()) wp = &AddWorkPackage(ref->feature, ref->id);
      if (wp == nullptr) {
        Break(ref->id, event, "names no feature, and the work package id is unknown or ambiguous", verdict);
        return;
      }
      tags = &wp->tags;
      counters = &wp->counters;
    } else if (event.entity_type == "FeatureSpec") {
      FeatureBuild& feature = Feature(FeatureSlugOf(event));
      tags = &feature.state.tags;
      counters = &feature.state.counters;
    } else {
      return;  // tags and counters of gates and other entities are not part of the board
    }
    if (type == "TagsAdded") {
      for (const std::string& tag : event.payload.tags) InsertSorted(*tags, tag);
    } else if (type == "CounterIncremented") {
      (*counters)[event.payload.counter] += event.payload.delta.value_or(0);
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
    gate_ids_by_wp_.emplace(gate.work_package_id, gate.gate_id);  // a set: a gate created twice counts once
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
  if (indexes.size() == 1 || key.aspect.empty()) {
    for (size_t position = 0; position < indexes.size(); ++position) {
      const Event& event = events_[indexes[position]];
      if (event.event_type == "WPStatusChanged" && !event.payload.feature_slug.empty()) {
        ApplyStatusGroup(key, indexes.subspan(position, 1), &event);
      } else {
        ApplyOne(event, VerdictFor(indexes[position]));
      }
    }
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
  if (key.aspect == "status" && !group[0]->payload.feature_slug.empty()) {
    const Event* winner = nullptr;
    for (const Event* event : group) {
      if (event->event_id == conflict.winner_id) winner = event;
    }
    ApplyStatusGroup(key, indexes, winner);
  } else {
    for (size_t index : indexes) {
      if (conflict.winner_id.empty() || conflict.winner_id == events_[index].event_id) {
        ApplyOne(events_[index], VerdictFor(index));
      }
    }
  }
  conflicts_.push_back(std::move(conflict));
}

void Builder::CheckGuards(std::span<const size_t> run) {
  for (size_t index : run) {
    const Event& event = events_[index];
    const std::string& feature = event.payload.feature_slug;
    if (event.event_type != "WPStatusChanged" || feature.empty() || event.payload.forced ||
        !IsGuardedMove(event.payload.old_status, event.payload.new_status)) {
      continue;
    }
    const WorkPackageState* wp = FindWorkPackage({feature, event.entity_id});
    if (wp == nullptr || !wp->created) continue;  // flagged as a move before its WPCreated
    DependencyStatus dependencies;
    std::vector<GateState> gates;
    if (event.payload.new_status == "doing") {
      dependencies = CheckDependencies(wp->dependencies, [&](std::string_view id) {
        return static_cast<const WorkPackageState*>(FindWorkPackage({feature, std::string(id)}));
      });
    } else {
      // In gate id order; a gate since created again for another WP no longer belongs here.
      for (auto it = gate_ids_by_wp_.lower_bound({wp->id, ""}); it != gate_ids_by_wp_.end() && it->first == wp->id;
           ++it) {
        const GateState& gate = gates_.at(it->second);
        if (GateBelongsTo(gate, feature, wp->id)) gates.push_back(gate);
      }
    }
    GuardCheck check = CheckGuard(event.payload.old_status, event.payload.new_status, std::move(dependencies),
                                  std::move(gates));
    if (!check.passed()) Break(wp->key(), event, GuardBreakProblem(check), VerdictFor(index));
  }
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
  return board;
}

}  // namespace

void KeepDecidingResolutions(BoardState& board) {
  std::map<std::string, const WorkPackageState*> work_packages;
  for (const FeatureState& feature : board.features) {
    for (const WorkPackageState& wp : feature.work_packages) work_packages[wp.key()] = &wp;
  }
  std::erase_if(board.conflicts, [&](const ResolvedConflict& conflict) {
    if (conflict.aspect == "status") {
      auto it = work_packages.find(conflict.entity);
      return it == work_packages.end() || it->second->deciding_event_id != conflict.winner_id;
    }
    if (conflict.aspect == "gate status") {
      const GateState* gate = board.FindGate(std::string_view(conflict.entity).substr(5));  // "gate:"
      return gate == nullptr || gate->deciding_event_id != conflict.winner_id;
    }
    return false;
  });
  std::erase_if(board.breaks, [&](const LifecycleBreak& lifecycle_break) {
    if (lifecycle_break.event.event_type != "WPStatusChanged") return false;
    auto it = work_packages.find(lifecycle_break.entity);
    return it == work_packages.end() || it->second->deciding_clock != lifecycle_break.event.lamport_clock;
  });
}

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
  Builder builder(events, options.verdicts ? &result.verdicts : nullptr, options.verdicts ? &slots : nullptr,
                  options.complete_status_history);

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
    builder.CheckGuards(run);
    begin = end;
  }

  result.board = builder.Finish();
  result.board.event_count = unique.size();
  result.board.duplicate_count = duplicates;
  result.board.max_clock = unique.empty() ? 0 : events[unique.back()].lamport_clock;
  return result;
}

}  // namespace kittylog
