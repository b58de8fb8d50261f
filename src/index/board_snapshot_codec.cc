#include "index/board_snapshot_codec.h"

#include <map>
#include <vector>

#include <simdjson.h>

#include "event/json_writer.h"
#include "index/reducer_json.h"

namespace kittylog::index_internal {
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
  wp.id = TextField(element, "id");
  wp.title = TextField(element, "title");
  wp.created = FlagField(element, "created");
  wp.lane = TextField(element, "lane");
  wp.deciding_event_id = TextField(element, "deciding_event_id");
  wp.deciding_clock = IntField(element, "deciding_clock");
  wp.moved = FlagField(element, "moved");
  wp.rule = TextField(element, "rule");
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
  snapshot.through = IntField(root, "through");
  BoardState& board = snapshot.board;
  for (simdjson::dom::element element : features) {
    FeatureState feature;
    feature.slug = TextField(element, "slug");
    feature.title = TextField(element, "title");
    feature.created = FlagField(element, "created");
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
    gate.gate_id = TextField(element, "gate_id");
    gate.gate_type = TextField(element, "gate_type");
    gate.work_package_id = TextField(element, "work_package_id");
    gate.feature_slug = TextField(element, "feature_slug");
    gate.status = TextField(element, "status");
    gate.deciding_event_id = TextField(element, "deciding_event_id");
    gate.deciding_clock = IntField(element, "deciding_clock");
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
        {TextField(element, "entity"), TextField(element, "counter"), IntField(element, "value"), TextField(element, "event_id")});
  }
  board.event_count = static_cast<size_t>(IntField(root, "event_count"));
  board.duplicate_count = static_cast<size_t>(IntField(root, "duplicate_count"));
  board.max_clock = IntField(root, "max_clock");
  snapshot.dependencies_seen = FlagField(root, "dependencies_seen");
  if (!ReadStrings(root, "checked", snapshot.checked)) return std::nullopt;
  for (simdjson::dom::element element : guard_breaks) {
    std::optional<LifecycleBreak> lifecycle_break = ReadBreak(element);
    if (!lifecycle_break) return std::nullopt;
    snapshot.guard_breaks.push_back(std::move(*lifecycle_break));
  }
  return snapshot;
}

}  // namespace kittylog::index_internal
