#include "index/wp_state_codec.h"

#include <simdjson.h>

#include "event/json_writer.h"

namespace kittylog::index_internal {
namespace {

void WriteRef(JsonWriter& w, const EventRef& ref) {
  w.BeginObject();
  w.Key("event_id"); w.String(ref.event_id);
  w.Key("lamport_clock"); w.Int(ref.lamport_clock);
  w.Key("event_type"); w.String(ref.event_type);
  w.Key("actor"); w.String(ref.actor);
  w.Key("timestamp"); w.String(ref.timestamp);
  w.Key("old_status"); w.String(ref.old_status);
  w.Key("new_status"); w.String(ref.new_status);
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
  w.BeginObject();
  w.Key("entity"); w.String(lifecycle_break->entity);
  w.Key("event"); WriteRef(w, lifecycle_break->event);
  w.Key("problem"); w.String(lifecycle_break->problem);
  w.Key("count"); w.Int(lifecycle_break->count);
  w.EndObject();
  return w.Take();
}

std::optional<LifecycleBreak> DecodeBreak(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::element event;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS ||
      root["event"].get(event) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  LifecycleBreak lifecycle_break;
  lifecycle_break.entity = Text(root, "entity");
  lifecycle_break.event = ReadRef(event);
  lifecycle_break.problem = Text(root, "problem");
  lifecycle_break.count = Int(root, "count");
  return lifecycle_break;
}

}  // namespace kittylog::index_internal
