#include "workflow/replay_aspects.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event/event_types.h"
#include "workflow/workflow_names.h"

namespace kittylog::replay_internal {
namespace {

using workflow_internal::FeatureSlugOf;
using workflow_internal::GateIdOf;
using workflow_internal::InsertSorted;

void AddToCounter(ReplayBuild& build, std::map<std::string, int64_t>& counters, const std::string& entity,
                  const Event& event) {
  const std::string& name = event.payload.counter;
  bool saturated = false;
  int64_t& value = counters[name];
  value = kittylog::AddToCounter(value, event.payload.delta.value_or(0), &saturated);
  if (saturated) {
    build.saturated.try_emplace({entity, name}, CounterSaturation{entity, name, value, event.event_id});
  }
}

// The value of the counter `event` adds to, before it.
int64_t CounterValue(ReplayBuild& build, const Event& event) {
  std::optional<WorkPackageRef> ref = WorkPackageOf(event);
  if (ref) {
    WorkPackageState* wp = build.FindWorkPackage(*ref);
    if (wp == nullptr) return 0;
    auto it = wp->counters.find(event.payload.counter);
    return it == wp->counters.end() ? 0 : it->second;
  }
  if (event.entity_type == "FeatureSpec") {
    auto feature = build.features.find(FeatureSlugOf(event));
    if (feature == build.features.end()) return 0;
    auto it = feature->second.state.counters.find(event.payload.counter);
    return it == feature->second.state.counters.end() ? 0 : it->second;
  }
  return 0;
}

}  // namespace

void ApplyEvent(ReplayBuild& build, const Event& event, EventVerdict* verdict) {
  const std::string& type = event.event_type;
  if (type == kSpecCreated) {
    FeatureBuild& feature = build.Feature(FeatureSlugOf(event));
    if (feature.state.created) {
      build.Break(feature.state.slug, event, "feature created again (SpecCreated seen before)", verdict);
    }
    feature.state.title = event.payload.title;
    feature.state.created = true;
  } else if (type == kWPCreated) {
    if (!ShapesLane(event)) return;
    WorkPackageState& wp = build.AddWorkPackage(event.payload.feature_slug, event.entity_id);
    if (wp.created) {
      build.Break(wp.key(), event, "work package created again (WPCreated seen before)", verdict);
    }
    wp.title = event.payload.title;
    wp.created = true;
    wp.dependencies.clear();  // like the title: the last WPCreated decides
    for (const std::string& dependency : event.payload.dependencies) InsertSorted(wp.dependencies, dependency);
    if (wp.deciding_event_id.empty()) {
      wp.deciding_event_id = event.event_id;
      wp.deciding_clock = event.lamport_clock;
    }
  } else if (type == kTagsAdded || type == kCounterIncremented || type == kSubtaskCompleted) {
    std::vector<std::string>* tags = nullptr;
    std::map<std::string, int64_t>* counters = nullptr;
    WorkPackageState* wp = nullptr;
    std::string entity;
    if (std::optional<WorkPackageRef> ref = WorkPackageOf(event)) {
      wp = build.FindWorkPackage(*ref);
      if (wp == nullptr && !ref->feature.empty()) wp = &build.AddWorkPackage(ref->feature, ref->id);
      if (wp == nullptr) {
        build.Break(ref->id, event, "names no feature, and the work package id is unknown or ambiguous", verdict);
        return;
      }
      tags = &wp->tags;
      counters = &wp->counters;
      entity = wp->key();
    } else if (event.entity_type == "FeatureSpec") {
      FeatureBuild& feature = build.Feature(FeatureSlugOf(event));
      tags = &feature.state.tags;
      counters = &feature.state.counters;
      entity = feature.state.slug;
    } else {
      return;  // tags and counters of gates and other entities are not part of the board
    }
    if (type == kTagsAdded) {
      for (const std::string& tag : event.payload.tags) InsertSorted(*tags, tag);
    } else if (type == kCounterIncremented) {
      AddToCounter(build, *counters, entity, event);
    } else if (wp != nullptr && event.payload.subtask_index) {
      auto& done = wp->subtasks_done;
      auto it = std::lower_bound(done.begin(), done.end(), *event.payload.subtask_index);
      if (it == done.end() || *it != *event.payload.subtask_index) done.insert(it, *event.payload.subtask_index);
    }
  } else if (type == kGateCreated) {
    GateState& gate = build.gates[GateIdOf(event)];
    gate.gate_id = GateIdOf(event);
    gate.gate_type = event.payload.gate_type;
    gate.work_package_id = event.payload.work_package_id;
    build.gate_ids_by_wp.emplace(gate.work_package_id, gate.gate_id);  // a set: a gate created twice counts once
    gate.feature_slug = event.payload.feature_slug;
    if (gate.deciding_event_id.empty()) {
      gate.deciding_event_id = event.event_id;
      gate.deciding_clock = event.lamport_clock;
    }
  } else if (type == kGateResultChanged) {
    GateState& gate = build.gates[GateIdOf(event)];
    gate.gate_id = GateIdOf(event);
    gate.status = event.payload.new_status;
    gate.deciding_event_id = event.event_id;
    gate.deciding_clock = event.lamport_clock;
  }
}

void ApplyAspectGroup(ReplayBuild& build, const ConcurrencyKey& key, std::span<const size_t> indexes) {
  const std::span<const Event> events = build.events;
  if (indexes.size() == 1 || key.aspect.empty()) {
    for (size_t index : indexes) ApplyEvent(build, events[index], build.VerdictFor(index));
    return;
  }
  std::vector<const Event*> group;
  group.reserve(indexes.size());
  for (size_t index : indexes) group.push_back(&events[index]);
  ResolvedConflict conflict = ResolveConcurrentGroup(key, group, CounterValue(build, *group[0]));
  for (size_t index : indexes) {
    if (EventVerdict* verdict = build.VerdictFor(index)) {
      verdict->concurrent = true;
      verdict->rule = conflict.rule;
      verdict->applied = conflict.winner_id.empty() || conflict.winner_id == events[index].event_id;
    }
  }
  for (size_t index : indexes) {
    if (conflict.winner_id.empty() || conflict.winner_id == events[index].event_id) {
      ApplyEvent(build, events[index], build.VerdictFor(index));
    }
  }
  build.conflicts.push_back(std::move(conflict));
}

}  // namespace kittylog::replay_internal
