#include "index/wp_state_codec.h"

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
  return ref;
}

}  // namespace

std::string EncodeResolution(const std::optional<ResolvedConflict>& conflict) {
  if (!conflict) return "";
  JsonWriter w;
  w.BeginObject();
  w.Key("entity"); w.String(conflict->entity);
  w.Key("aspect"); w.String(conflict->aspect);
  w.Key("lamport_clock"); w.Int(conflict->lamport_clock);
  w.Key("last_clock"); w.Int(conflict->last_clock);
  w.Key("competing"); w.BeginArray();
  for (const EventRef& ref : conflict->competing) WriteRef(w, ref);
  w.EndArray();
  w.Key("omitted"); w.Int(static_cast<int64_t>(conflict->omitted));
  w.Key("rule"); w.String(conflict->rule);
  w.Key("winner_id"); w.String(conflict->winner_id);
  w.Key("result"); w.String(conflict->result);
  w.EndObject();
  return w.Take();
}

std::optional<ResolvedConflict> DecodeResolution(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array competing;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS ||
      root["competing"].get(competing) != simdjson::SUCCESS) {
    return std::nullopt;
  }
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
  return checkpoint;
}

}  // namespace kittylog::index_internal
