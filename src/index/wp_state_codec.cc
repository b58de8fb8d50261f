#include "index/wp_state_codec.h"

#include <map>
#include <vector>

#include <simdjson.h>

#include "event/json_writer.h"

namespace kittylog::index_internal {
namespace {

void WriteRefFields(JsonWriter& w, const EventRef& ref) {
  w.Key("event_id"); w.String(ref.event_id);
  w.Key("lamport_clock"); w.Int(ref.lamport_clock);
  w.Key("event_type"); w.String(ref.event_type);
  w.Key("actor"); w.String(ref.actor);
  w.Key("timestamp"); w.String(ref.timestamp);
  w.Key("old_status"); w.String(ref.old_status);
  w.Key("new_status"); w.String(ref.new_status);
  // Only the refs of tag and counter groups have these (board snapshots).
  if (!ref.tags.empty()) {
    w.Key("tags"); w.BeginArray();
    for (const std::string& tag : ref.tags) w.String(tag);
    w.EndArray();
  }
  if (!ref.counter.empty()) { w.Key("counter"); w.String(ref.counter); }
  if (ref.delta != 0) { w.Key("delta"); w.Int(ref.delta); }
}

void WriteRef(JsonWriter& w, const EventRef& ref) {
  w.BeginObject();
  WriteRefFields(w, ref);
  w.EndObject();
}

void WriteBreak(JsonWriter& w, const LifecycleBreak& lifecycle_break) {
  w.BeginObject();
  w.Key("entity"); w.String(lifecycle_break.entity);
  w.Key("event"); WriteRef(w, lifecycle_break.event);
  w.Key("problem"); w.String(lifecycle_break.problem);
  w.Key("count"); w.Int(lifecycle_break.count);
  if (lifecycle_break.guard) { w.Key("guard"); w.Bool(true); }
  w.EndObject();
}

std::string Text(simdjson::dom::element element, const char* key) {
  std::string_view value;
  return element[key].get(value) == simdjson::SUCCESS ? std::string(value) : std::string();
}

int64_t Int(simdjson::dom::element element, const char* key) {
  int64_t value = 0;
  return element[key].get(value) == simdjson::SUCCESS ? value : 0;
}

uint64_t Index(simdjson::dom::element element, const char* key) {
  uint64_t value = 0;
  return element[key].get(value) == simdjson::SUCCESS ? value : LaneStep::kNoMove;
}

std::optional<LifecycleBreak> ReadBreak(simdjson::dom::element root);

EventRef ReadRef(simdjson::dom::element element) {
  EventRef ref;
  ref.event_id = Text(element, "event_id");
  ref.lamport_clock = Int(element, "lamport_clock");
  ref.event_type = Text(element, "event_type");
  ref.actor = Text(element, "actor");
  ref.timestamp = Text(element, "timestamp");
  ref.old_status = Text(element, "old_status");
  ref.new_status = Text(element, "new_status");
  simdjson::dom::array tags;
  if (element["tags"].get(tags) == simdjson::SUCCESS) {
    for (simdjson::dom::element tag : tags) {
      std::string_view text;
      if (tag.get(text) == simdjson::SUCCESS) ref.tags.emplace_back(text);
    }
  }
  ref.counter = Text(element, "counter");
  ref.delta = Int(element, "delta");
  return ref;
}

void WriteConflict(JsonWriter& w, const ResolvedConflict& conflict) {
  w.BeginObject();
  w.Key("entity"); w.String(conflict.entity);
  w.Key("aspect"); w.String(conflict.aspect);
  w.Key("lamport_clock"); w.Int(conflict.lamport_clock);
  w.Key("last_clock"); w.Int(conflict.last_clock);
  w.Key("competing"); w.BeginArray();
  for (const EventRef& ref : conflict.competing) WriteRef(w, ref);
  w.EndArray();
  w.Key("omitted"); w.Int(static_cast<int64_t>(conflict.omitted));
  w.Key("rule"); w.String(conflict.rule);
  w.Key("winner_id"); w.String(conflict.winner_id);
  w.Key("result"); w.String(conflict.result);
  w.EndObject();
}

std::optional<ResolvedConflict> ReadConflict(simdjson::dom::element root) {
  simdjson::dom::array competing;
  if (root["competing"].get(competing) != simdjson::SUCCESS) return std::nullopt;
  ResolvedConflict conflict;
  conflict.entity = Text(root, "entity");
  conflict.aspect = Text(root, "aspect");
  conflict.lamport_clock = Int(root, "lamport_clock");
  conflict.last_clock = Int(root, "last_clock");
  for (simdjson::dom::element ref : competing) conflict.competing.push_back(ReadRef(ref));
  conflict.omitted = static_cast<size_t>(Int(root, "omitted"));
  conflict.rule = Text(root, "rule");
  conflict.winner_id = Text(root, "winner_id");
  conflict.result = Text(root, "result");
  return conflict;
}

}  // namespace

std::string EncodeResolution(const std::optional<ResolvedConflict>& conflict) {
  if (!conflict) return "";
  JsonWriter w;
  WriteConflict(w, *conflict);
  return w.Take();
}

std::optional<ResolvedConflict> DecodeResolution(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
  return ReadConflict(root);
}

std::string EncodeBreak(const std::optional<LifecycleBreak>& lifecycle_break) {
  if (!lifecycle_break) return "";
  JsonWriter w;
  WriteBreak(w, *lifecycle_break);
  return w.Take();
}

namespace {

std::optional<LifecycleBreak> ReadBreak(simdjson::dom::element root) {
  simdjson::dom::element event;
  if (root["event"].get(event) != simdjson::SUCCESS) return std::nullopt;
  LifecycleBreak lifecycle_break;
  lifecycle_break.entity = Text(root, "entity");
  lifecycle_break.event = ReadRef(event);
  lifecycle_break.problem = Text(root, "problem");
  lifecycle_break.count = Int(root, "count");
  bool guard = false;
  lifecycle_break.guard = root["guard"].get(guard) == simdjson::SUCCESS && guard;
  return lifecycle_break;
}

}  // namespace

std::optional<LifecycleBreak> DecodeBreak(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
  return ReadBreak(root);
}

std::string EncodeCheckpoint(const std::optional<LaneCheckpoint>& checkpoint) {
  if (!checkpoint) return "";
  const LaneState& lane = checkpoint->lane;
  JsonWriter w;
  w.BeginObject();
  w.Key("through"); w.Int(checkpoint->through);
  w.Key("known"); w.Bool(lane.known);
  w.Key("lane"); w.String(lane.lane);
  w.Key("moves"); w.Int(static_cast<int64_t>(lane.moves));
  w.Key("last_in"); w.BeginArray();
  for (const LaneHeld& held : lane.last_in) {
    w.BeginObject();
    w.Key("lane"); w.String(held.lane);
    w.Key("first_move"); w.Int(static_cast<int64_t>(held.first_move));
    w.Key("first_clock"); w.Int(held.first_clock);
    w.EndObject();
  }
  w.EndArray();
  // Move numbers are small; kNoMove is written as absent.
  if (lane.last_rollback != LaneStep::kNoMove) { w.Key("last_rollback"); w.Int(static_cast<int64_t>(lane.last_rollback)); }
  if (lane.deciding != LaneStep::kNoMove) { w.Key("deciding"); w.Int(static_cast<int64_t>(lane.deciding)); }
  w.Key("deciding_rule"); w.String(lane.deciding_rule);
  if (lane.open_group != LaneStep::kNoMove) { w.Key("open_group"); w.Int(static_cast<int64_t>(lane.open_group)); }
  w.Key("kept"); w.BeginArray();
  for (size_t i = 0; i < lane.kept.size() && i < checkpoint->refs.size(); ++i) {
    w.BeginObject();
    w.Key("index"); w.Int(static_cast<int64_t>(lane.kept[i].index));
    WriteRefFields(w, checkpoint->refs[i]);
    w.EndObject();
  }
  w.EndArray();
  w.Key("breaks"); w.Int(checkpoint->breaks);
  w.Key("created"); w.Bool(checkpoint->created);
  if (checkpoint->last_break) { w.Key("last_break"); WriteBreak(w, *checkpoint->last_break); }
  if (checkpoint->open_conflict) { w.Key("open_conflict"); WriteConflict(w, *checkpoint->open_conflict); }
  w.EndObject();
  return w.Take();
}

std::optional<LaneCheckpoint> DecodeCheckpoint(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array last_in, kept;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS ||
      root["last_in"].get(last_in) != simdjson::SUCCESS || root["kept"].get(kept) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  LaneCheckpoint checkpoint;
  LaneState& lane = checkpoint.lane;
  checkpoint.through = Int(root, "through");
  bool known = false;
  lane.known = root["known"].get(known) == simdjson::SUCCESS && known;
  lane.lane = Text(root, "lane");
  lane.moves = static_cast<size_t>(Int(root, "moves"));
  for (simdjson::dom::element held : last_in) {
    lane.last_in.push_back({Text(held, "lane"), static_cast<size_t>(Int(held, "first_move")), Int(held, "first_clock")});
  }
  lane.last_rollback = static_cast<size_t>(Index(root, "last_rollback"));
  lane.deciding = static_cast<size_t>(Index(root, "deciding"));
  lane.deciding_rule = Text(root, "deciding_rule");
  lane.open_group = static_cast<size_t>(Index(root, "open_group"));
  for (simdjson::dom::element move : kept) {
    EventRef ref = ReadRef(move);
    lane.kept.push_back({static_cast<size_t>(Int(move, "index")), ref.lamport_clock, ref.event_id, ref.old_status,
                         ref.new_status});
    checkpoint.refs.push_back(std::move(ref));
  }
  checkpoint.breaks = Int(root, "breaks");
  bool created = false;
  checkpoint.created = root["created"].get(created) == simdjson::SUCCESS && created;
  simdjson::dom::element last_break;
  if (root["last_break"].get(last_break) == simdjson::SUCCESS) checkpoint.last_break = ReadBreak(last_break);
  simdjson::dom::element open_conflict;
  if (root["open_conflict"].get(open_conflict) == simdjson::SUCCESS) checkpoint.open_conflict = ReadConflict(open_conflict);
  return checkpoint;
}

namespace {

void WriteStrings(JsonWriter& w, const std::vector<std::string>& values) {
  w.BeginArray();
  for (const std::string& value : values) w.String(value);
  w.EndArray();
}

void WriteCounters(JsonWriter& w, const std::map<std::string, int64_t>& counters) {
  w.BeginObject();
  for (const auto& [name, value] : counters) {
    w.Key(name);
    w.Int(value);
  }
  w.EndObject();
}

void WriteWorkPackage(JsonWriter& w, const WorkPackageState& wp) {
  w.BeginObject();
  w.Key("id"); w.String(wp.id);
  w.Key("title"); w.String(wp.title);
  w.Key("created"); w.Bool(wp.created);
  w.Key("lane"); w.String(wp.lane);
  w.Key("deciding_event_id"); w.String(wp.deciding_event_id);
  w.Key("deciding_clock"); w.Int(wp.deciding_clock);
  w.Key("moved"); w.Bool(wp.moved);
  w.Key("rule"); w.String(wp.rule);
  if (wp.resolution) { w.Key("resolution"); WriteConflict(w, *wp.resolution); }
  w.Key("tags"); WriteStrings(w, wp.tags);
  w.Key("counters"); WriteCounters(w, wp.counters);
  w.Key("subtasks_done"); w.BeginArray();
  for (int64_t index : wp.subtasks_done) w.Int(index);
  w.EndArray();
  w.Key("dependencies"); WriteStrings(w, wp.dependencies);
  w.EndObject();
}

bool Flag(simdjson::dom::element element, const char* key) {
  bool value = false;
  return element[key].get(value) == simdjson::SUCCESS && value;
}

bool ReadStrings(simdjson::dom::element element, const char* key, std::vector<std::string>& out) {
  simdjson::dom::array values;
  if (element[key].get(values) != simdjson::SUCCESS) return false;
  for (simdjson::dom::element value : values) {
    std::string_view text;
    if (value.get(text) != simdjson::SUCCESS) return false;
    out.emplace_back(text);
  }
  return true;
}

bool ReadCounters(simdjson::dom::element element, std::map<std::string, int64_t>& out) {
  simdjson::dom::object counters;
  if (element["counters"].get(counters) != simdjson::SUCCESS) return false;
  for (auto [name, value] : counters) {
    int64_t number = 0;
    if (value.get(number) != simdjson::SUCCESS) return false;
    out.emplace(std::string(name), number);
  }
  return true;
}

std::optional<WorkPackageState> ReadWorkPackage(simdjson::dom::element element, const std::string& feature_slug) {
  WorkPackageState wp;
  wp.feature_slug = feature_slug;
  wp.id = Text(element, "id");
  wp.title = Text(element, "title");
  wp.created = Flag(element, "created");
  wp.lane = Text(element, "lane");
  wp.deciding_event_id = Text(element, "deciding_event_id");
  wp.deciding_clock = Int(element, "deciding_clock");
  wp.moved = Flag(element, "moved");
  wp.rule = Text(element, "rule");
  simdjson::dom::element resolution;
  if (element["resolution"].get(resolution) == simdjson::SUCCESS) {
    wp.resolution = ReadConflict(resolution);
    if (!wp.resolution) return std::nullopt;
  }
  simdjson::dom::array subtasks;
  if (!ReadStrings(element, "tags", wp.tags) || !ReadCounters(element, wp.counters) ||
      !ReadStrings(element, "dependencies", wp.dependencies) ||
      element["subtasks_done"].get(subtasks) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  for (simdjson::dom::element index : subtasks) {
    int64_t value = 0;
    if (index.get(value) != simdjson::SUCCESS) return std::nullopt;
    wp.subtasks_done.push_back(value);
  }
  return wp;
}

}  // namespace

std::string EncodeBoardSnapshot(const BoardSnapshot& snapshot) {
  const BoardState& board = snapshot.board;
  JsonWriter w;
  w.BeginObject();
  w.Key("through"); w.Int(snapshot.through);
  w.Key("features"); w.BeginArray();
  for (const FeatureState& feature : board.features) {
    w.BeginObject();
    w.Key("slug"); w.String(feature.slug);
    w.Key("title"); w.String(feature.title);
    w.Key("created"); w.Bool(feature.created);
    w.Key("tags"); WriteStrings(w, feature.tags);
    w.Key("counters"); WriteCounters(w, feature.counters);
    w.Key("work_packages"); w.BeginArray();
    for (const WorkPackageState& wp : feature.work_packages) WriteWorkPackage(w, wp);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("gates"); w.BeginArray();
  for (const GateState& gate : board.gates) {
    w.BeginObject();
    w.Key("gate_id"); w.String(gate.gate_id);
    w.Key("gate_type"); w.String(gate.gate_type);
    w.Key("work_package_id"); w.String(gate.work_package_id);
    w.Key("feature_slug"); w.String(gate.feature_slug);
    w.Key("status"); w.String(gate.status);
    w.Key("deciding_event_id"); w.String(gate.deciding_event_id);
    w.Key("deciding_clock"); w.Int(gate.deciding_clock);
    w.EndObject();
  }
  w.EndArray();
  w.Key("conflicts"); w.BeginArray();
  for (const ResolvedConflict& conflict : board.conflicts) WriteConflict(w, conflict);
  w.EndArray();
  w.Key("breaks"); w.BeginArray();
  for (const LifecycleBreak& lifecycle_break : board.breaks) WriteBreak(w, lifecycle_break);
  w.EndArray();
  w.Key("saturated"); w.BeginArray();
  for (const CounterSaturation& saturation : board.saturated) {
    w.BeginObject();
    w.Key("entity"); w.String(saturation.entity);
    w.Key("counter"); w.String(saturation.counter);
    w.Key("value"); w.Int(saturation.value);
    w.Key("event_id"); w.String(saturation.event_id);
    w.EndObject();
  }
  w.EndArray();
  w.Key("event_count"); w.Int(static_cast<int64_t>(board.event_count));
  w.Key("duplicate_count"); w.Int(static_cast<int64_t>(board.duplicate_count));
  w.Key("max_clock"); w.Int(board.max_clock);
  w.Key("dependencies_seen"); w.Bool(snapshot.dependencies_seen);
  w.Key("checked"); WriteStrings(w, snapshot.checked);
  w.Key("guard_breaks"); w.BeginArray();
  for (const LifecycleBreak& lifecycle_break : snapshot.guard_breaks) WriteBreak(w, lifecycle_break);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::optional<BoardSnapshot> DecodeBoardSnapshot(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array features, gates, conflicts, breaks, saturated, guard_breaks;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS ||
      root["features"].get(features) != simdjson::SUCCESS || root["gates"].get(gates) != simdjson::SUCCESS ||
      root["conflicts"].get(conflicts) != simdjson::SUCCESS || root["breaks"].get(breaks) != simdjson::SUCCESS ||
      root["saturated"].get(saturated) != simdjson::SUCCESS ||
      root["guard_breaks"].get(guard_breaks) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  BoardSnapshot snapshot;
  snapshot.through = Int(root, "through");
  BoardState& board = snapshot.board;
  for (simdjson::dom::element element : features) {
    FeatureState feature;
    feature.slug = Text(element, "slug");
    feature.title = Text(element, "title");
    feature.created = Flag(element, "created");
    simdjson::dom::array work_packages;
    if (!ReadStrings(element, "tags", feature.tags) || !ReadCounters(element, feature.counters) ||
        element["work_packages"].get(work_packages) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    for (simdjson::dom::element wp : work_packages) {
      std::optional<WorkPackageState> state = ReadWorkPackage(wp, feature.slug);
      if (!state) return std::nullopt;
      feature.work_packages.push_back(std::move(*state));
    }
    board.features.push_back(std::move(feature));
  }
  for (simdjson::dom::element element : gates) {
    GateState gate;
    gate.gate_id = Text(element, "gate_id");
    gate.gate_type = Text(element, "gate_type");
    gate.work_package_id = Text(element, "work_package_id");
    gate.feature_slug = Text(element, "feature_slug");
    gate.status = Text(element, "status");
    gate.deciding_event_id = Text(element, "deciding_event_id");
    gate.deciding_clock = Int(element, "deciding_clock");
    board.gates.push_back(std::move(gate));
  }
  for (simdjson::dom::element element : conflicts) {
    std::optional<ResolvedConflict> conflict = ReadConflict(element);
    if (!conflict) return std::nullopt;
    board.conflicts.push_back(std::move(*conflict));
  }
  for (simdjson::dom::element element : breaks) {
    std::optional<LifecycleBreak> lifecycle_break = ReadBreak(element);
    if (!lifecycle_break) return std::nullopt;
    board.breaks.push_back(std::move(*lifecycle_break));
  }
  for (simdjson::dom::element element : saturated) {
    board.saturated.push_back(
        {Text(element, "entity"), Text(element, "counter"), Int(element, "value"), Text(element, "event_id")});
  }
  board.event_count = static_cast<size_t>(Int(root, "event_count"));
  board.duplicate_count = static_cast<size_t>(Int(root, "duplicate_count"));
  board.max_clock = Int(root, "max_clock");
  snapshot.dependencies_seen = Flag(root, "dependencies_seen");
  if (!ReadStrings(root, "checked", snapshot.checked)) return std::nullopt;
  for (simdjson::dom::element element : guard_breaks) {
    std::optional<LifecycleBreak> lifecycle_break = ReadBreak(element);
    if (!lifecycle_break) return std::nullopt;
    snapshot.guard_breaks.push_back(std::move(*lifecycle_break));
  }
  return snapshot;
}

}  // namespace kittylog::index_internal
