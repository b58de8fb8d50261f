#include "workflow/reducer.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <set>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "event/event_types.h"
#include "workflow/lane_replay.h"
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
  if ((event.event_type == kSubtaskCompleted || event.event_type == kWorkspaceCreated) &&
      !event.payload.work_package_id.empty()) {
    return WorkPackageRef{event.payload.feature_slug, event.payload.work_package_id};
  }
  return std::nullopt;
}

// Whether `event` shapes the lane of its work package (the same events the index reads).
bool ShapesLane(const Event& event) {
  return (event.event_type == kWPStatusChanged || event.event_type == kWPCreated) &&
         event.entity_type == "WorkPackage" && !event.payload.feature_slug.empty();
}

struct FeatureBuild {
  FeatureState state;
  std::map<std::string, WorkPackageState> work_packages;
};

// One work package's lane machine and, for each of its moves, the input event it is (or, for a
// move before a checkpoint it resumed from, how reports show it).
struct LaneBuild {
  LaneBuild() : replay(/*known_start=*/true) {}
  explicit LaneBuild(const LaneCheckpoint& checkpoint)
      : replay(checkpoint.lane), base(checkpoint.lane.moves), breaks(checkpoint.breaks),
        last_break(checkpoint.last_break), checkpoint_open_conflict(checkpoint.open_conflict) {
    for (size_t i = 0; i < checkpoint.lane.kept.size() && i < checkpoint.refs.size(); ++i) {
      restored.emplace(checkpoint.lane.kept[i].index, checkpoint.refs[i]);
    }
  }
  LaneReplay replay;
  size_t base = 0;                         // moves before it come from a checkpoint
  std::vector<size_t> event_of_move;       // move base + i is input event event_of_move[i]
  std::map<size_t, EventRef> restored;     // the checkpoint's kept moves
  int64_t breaks = 0;                      // lifecycle breaks among its moves so far
  std::optional<LifecycleBreak> last_break;  // the checkpoint's, until a move here breaks
  size_t last_break_index = SIZE_MAX;        // else the latest, in Builder::breaks_
  std::string uncreated;                     // the problem of a move before any WPCreated
  // The group that set the lane, when it had competitors (made into a ResolvedConflict only
  // when it is reported: most groups of a long history are replaced or never shown).
  std::optional<LaneStep> deciding_group;
  int64_t deciding_group_clock = 0;
  // When conflicts are listed as they come: the place in Builder::conflicts_ of the group that
  // set the lane (deciding_group), filled when a later move closes the group or at the end. A
  // group that holds it (LaneStep::extends) replaces it: an import of stale moves grows one
  // group move by move, and is listed once, made once.
  size_t open_conflict = SIZE_MAX;
  // A checkpoint's open group (LaneCheckpoint::open_conflict), until a move here is applied.
  std::optional<ResolvedConflict> checkpoint_open_conflict;
};

class Builder {
 public:
  // `slots` maps an input index to its verdict in `verdicts` (both null: no verdicts wanted).
  Builder(std::span<const Event> events, std::vector<EventVerdict>* verdicts, const std::vector<size_t>* slots,
          const ReplayOptions& options)
      : events_(events), verdicts_(verdicts), slots_(slots), resume_(options.resume),
        list_conflicts_(options.list_conflicts), check_guards_(options.check_guards) {
    if (options.resume_board != nullptr) Restore(*options.resume_board);
  }

  // Applies one same-clock group of one ConcurrencyKey.
  void ApplyGroup(const ConcurrencyKey& key, std::span<const size_t> indexes);
  // Applies the only event of its clock.
  void ApplySingle(size_t index) {
    const Event& event = events_[index];
    if (event.event_type == kWPStatusChanged) {
      if (ShapesLane(event)) ApplyStatusGroup({&index, 1});
    } else {
      ApplyOne(event, VerdictFor(index));
    }
  }
  // Flags the guarded moves of one clock that fail their guard against the state at that clock
  // (every event up to it, the other events of the same clock included: concurrent with them).
  void CheckGuards(std::span<const size_t> run);
  BoardState Finish();
  std::vector<std::string> TakeGrownPastCheckpoint() { return std::move(grown_past_checkpoint_); }
  int64_t CounterValue(const Event& event);
  // Every work package's lane as it stands now, as a checkpoint through `through`.
  void SaveCheckpoints(int64_t through, std::map<std::string, LaneCheckpoint>& out) const;

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
  LaneBuild& LanesOf(const std::string& key, WorkPackageState& wp);
  ResolvedConflict ConflictOf(const std::string& key, const LaneBuild& lanes, const LaneStep& step,
                              int64_t clock) const;
  // Fills conflicts_[place] with the lane's deciding group (LaneBuild::open_conflict).
  void CloseConflict(const std::string& key, const LaneBuild& lanes, size_t place);
  EventRef RefOf(const LaneBuild& lanes, size_t move) const {
    return move >= lanes.base ? EventRef::Of(events_[lanes.event_of_move[move - lanes.base]])
                              : lanes.restored.at(move);
  }
  void ApplyOne(const Event& event, EventVerdict* verdict);
  void AddToCounter(std::map<std::string, int64_t>& counters, const std::string& entity, const Event& event);

  // Goes on from the board an earlier replay left (ReplayOptions::resume_board).
  void Restore(const BoardState& board);

  std::span<const Event> events_;
  std::vector<EventVerdict>* verdicts_;
  const std::vector<size_t>* slots_;
  const std::map<std::string, LaneCheckpoint>* resume_;
  bool list_conflicts_;
  bool check_guards_;
  std::map<std::string, FeatureBuild> features_;
  std::map<std::string, GateState> gates_;
  std::map<std::string, LaneBuild> lanes_;  // by work package key
  std::unordered_map<const WorkPackageState*, std::pair<std::string, LaneBuild*>> lane_of_;  // its key and lanes
  std::vector<LaneMove> moves_scratch_;
  std::set<std::pair<std::string, std::string>> gate_ids_by_wp_;  // for CheckGuards: (WP id, gate id) named
  std::vector<ResolvedConflict> conflicts_;
  std::vector<size_t> replaced_;  // conflicts_ that a later, grown group replaced
  std::vector<std::string> grown_past_checkpoint_;  // ReplayResult::grown_past_checkpoint
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

LaneBuild& Builder::LanesOf(const std::string& key, WorkPackageState& wp) {
  auto found = lanes_.find(key);
  if (found != lanes_.end()) return found->second;
  const LaneCheckpoint* checkpoint = nullptr;
  if (resume_ != nullptr) {
    auto it = resume_->find(key);
    if (it != resume_->end()) checkpoint = &it->second;
  }
  if (checkpoint == nullptr) return lanes_.try_emplace(key).first->second;
  LaneBuild& lanes = lanes_.try_emplace(key, *checkpoint).first->second;
  if (checkpoint->last_break) breaks_.push_back(*checkpoint->last_break);  // counts the earlier ones
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

void Builder::ApplyStatusGroup(std::span<const size_t> indexes) {
  const Event& first = events_[indexes[0]];
  WorkPackageState& wp = AddWorkPackage(first.payload.feature_slug, first.entity_id);
  auto known = lane_of_.find(&wp);  // one map lookup and no key built for the usual move
  if (known == lane_of_.end()) {
    std::string key = wp.key();
    LaneBuild* built = &LanesOf(key, wp);
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
    EventVerdict* verdict = VerdictFor(indexes[i]);
    const bool uncreated = !wp.created && !step.not_applied[i];
    if (uncreated || !step.problems[i].empty()) {
      if (uncreated && lanes.uncreated.empty()) lanes.uncreated = fmt::format("moved before any WPCreated for {}", key);
      Break(key, event, uncreated ? lanes.uncreated : step.problems[i], verdict);
      ++lanes.breaks;
      lanes.last_break_index = breaks_.size() - 1;
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
  if (open_before != SIZE_MAX && !step.extends) CloseConflict(key, lanes, open_before);
  const LaneMove& winner = lanes.replay.move(step.winner);  // views of an input event or a checkpoint's
  wp.lane.assign(winner.new_status);
  wp.deciding_event_id.assign(winner.event_id);
  wp.deciding_clock = winner.clock;
  wp.moved = true;
  wp.rule = step.rule;
  wp.resolution.reset();
  lanes.deciding_group.reset();
  if (step.rule.empty()) return;
  if (verdicts_ != nullptr) {
    for (size_t move : step.competing) {
      if (move < lanes.base) continue;  // a move of an earlier replay: no verdict here
      if (EventVerdict* verdict = VerdictFor(lanes.event_of_move[move - lanes.base])) {
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
      replaced_.push_back(open_before);  // a place never filled
    } else if (lanes.base > 0) {
      grown_past_checkpoint_.push_back(key);  // its group was reported by an earlier replay
    }
  }
  lanes.open_conflict = conflicts_.size();
  conflicts_.emplace_back();
}

void Builder::CloseConflict(const std::string& key, const LaneBuild& lanes, size_t place) {
  conflicts_[place] = ConflictOf(key, lanes, *lanes.deciding_group, lanes.deciding_group_clock);
}

ResolvedConflict Builder::ConflictOf(const std::string& key, const LaneBuild& lanes, const LaneStep& step,
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

void Builder::SaveCheckpoints(int64_t through, std::map<std::string, LaneCheckpoint>& out) const {
  for (const auto& [key, lanes] : lanes_) {
    LaneCheckpoint& checkpoint = out[key];
    checkpoint.through = through;
    checkpoint.lane = lanes.replay.Save();
    for (const KeptMove& kept : checkpoint.lane.kept) checkpoint.refs.push_back(RefOf(lanes, kept.index));
    checkpoint.breaks = lanes.breaks;
    checkpoint.last_break = lanes.last_break_index != SIZE_MAX ? std::optional<LifecycleBreak>(breaks_[lanes.last_break_index])
                                                               : lanes.last_break;
    const size_t slash = key.find('/');
    auto feature = features_.find(key.substr(0, slash));
    if (feature != features_.end()) {
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

void Builder::Restore(const BoardState& board) {
  for (const FeatureState& feature : board.features) {
    FeatureBuild& build = features_[feature.slug];
    build.state = feature;
    build.state.work_packages.clear();
    for (const WorkPackageState& wp : feature.work_packages) build.work_packages.emplace(wp.id, wp);
  }
  for (const GateState& gate : board.gates) {
    gates_.emplace(gate.gate_id, gate);
    // The earlier creations of a gate for another WP no longer count (GateBelongsTo): the
    // current owner is all CheckGuards needs.
    gate_ids_by_wp_.emplace(gate.work_package_id, gate.gate_id);
  }
  conflicts_ = board.conflicts;
  breaks_ = board.breaks;
  for (const CounterSaturation& saturation : board.saturated) {
    saturated_.emplace(std::make_pair(saturation.entity, saturation.counter), saturation);
  }
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
  if (type == kSpecCreated) {
    FeatureBuild& feature = Feature(FeatureSlugOf(event));
    if (feature.state.created) {
      Break(feature.state.slug, event, "feature created again (SpecCreated seen before)", verdict);
    }
    feature.state.title = event.payload.title;
    feature.state.created = true;
  } else if (type == kWPCreated) {
    if (!ShapesLane(event)) return;
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
  } else if (type == kTagsAdded || type == kCounterIncremented || type == kSubtaskCompleted) {
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
    if (type == kTagsAdded) {
      for (const std::string& tag : event.payload.tags) InsertSorted(*tags, tag);
    } else if (type == kCounterIncremented) {
      AddToCounter(*counters, entity, event);
    } else if (wp != nullptr && event.payload.subtask_index) {
      auto& done = wp->subtasks_done;
      auto it = std::lower_bound(done.begin(), done.end(), *event.payload.subtask_index);
      if (it == done.end() || *it != *event.payload.subtask_index) done.insert(it, *event.payload.subtask_index);
    }
  } else if (type == kGateCreated) {
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
  } else if (type == kGateResultChanged) {
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

void Builder::CheckGuards(std::span<const size_t> run) {
  if (!check_guards_) return;
  for (size_t index : run) {
    const Event& event = events_[index];
    const std::string& feature = event.payload.feature_slug;
    if (event.event_type != kWPStatusChanged || !ShapesLane(event) || feature.empty() || event.payload.forced ||
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
    if (!check.passed()) {
      EventVerdict* verdict = VerdictFor(index);
      const std::string earlier = verdict != nullptr ? verdict->problem : "";  // a lifecycle break too
      Break(wp->key(), event, GuardBreakProblem(check), verdict);
      breaks_.back().guard = true;
      if (!earlier.empty()) verdict->problem = earlier + "; " + verdict->problem;
    }
  }
}

BoardState Builder::Finish() {
  for (auto& [key, lanes] : lanes_) {
    if (!lanes.deciding_group) continue;
    if (lanes.open_conflict != SIZE_MAX) CloseConflict(key, lanes, lanes.open_conflict);
    const size_t slash = key.find('/');
    auto feature = features_.find(key.substr(0, slash));
    if (feature == features_.end()) continue;
    auto wp = feature->second.work_packages.find(key.substr(slash + 1));
    if (wp == feature->second.work_packages.end()) continue;
    wp->second.resolution = lanes.open_conflict != SIZE_MAX
                                ? conflicts_[lanes.open_conflict]
                                : ConflictOf(key, lanes, *lanes.deciding_group, lanes.deciding_group_clock);
  }
  if (!replaced_.empty()) {
    std::vector<bool> replaced(conflicts_.size(), false);
    for (size_t index : replaced_) replaced[index] = true;
    size_t kept = 0;
    for (size_t i = 0; i < conflicts_.size(); ++i) {
      if (replaced[i]) continue;
      if (kept != i) conflicts_[kept] = std::move(conflicts_[i]);  // never onto itself: that empties it
      ++kept;
    }
    conflicts_.resize(kept);
  }
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
  Builder builder(events, options.verdicts ? &result.verdicts : nullptr, options.verdicts ? &slots : nullptr, options);
  bool saved = options.checkpoint_through <= 0;

  for (size_t begin = 0; begin < unique.size();) {
    size_t end = begin + 1;
    const int64_t clock = events[unique[begin]].lamport_clock;
    while (end < unique.size() && events[unique[end]].lamport_clock == clock) ++end;
    if (!saved && clock > options.checkpoint_through) {
      builder.SaveCheckpoints(options.checkpoint_through, result.checkpoints);
      saved = true;
    }
    std::span<const size_t> run(unique.data() + begin, end - begin);
    if (run.size() == 1) {
      builder.ApplySingle(run[0]);  // most clocks hold one event: no key to build
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

  if (!saved) builder.SaveCheckpoints(options.checkpoint_through, result.checkpoints);
  result.board = builder.Finish();
  result.grown_past_checkpoint = builder.TakeGrownPastCheckpoint();
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
