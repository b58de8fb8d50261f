#include "index/reducer_json.h"

namespace kittylog::index_internal {

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

EventRef ReadRef(simdjson::dom::element element) {
  EventRef ref;
  ref.event_id = TextField(element, "event_id");
  ref.lamport_clock = IntField(element, "lamport_clock");
  ref.event_type = TextField(element, "event_type");
  ref.actor = TextField(element, "actor");
  ref.timestamp = TextField(element, "timestamp");
  ref.old_status = TextField(element, "old_status");
  ref.new_status = TextField(element, "new_status");
  simdjson::dom::array tags;
  if (element["tags"].get(tags) == simdjson::SUCCESS) {
    for (simdjson::dom::element tag : tags) {
      std::string_view text;
      if (tag.get(text) == simdjson::SUCCESS) ref.tags.emplace_back(text);
    }
  }
  ref.counter = TextField(element, "counter");
  ref.delta = IntField(element, "delta");
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
  conflict.entity = TextField(root, "entity");
  conflict.aspect = TextField(root, "aspect");
  conflict.lamport_clock = IntField(root, "lamport_clock");
  conflict.last_clock = IntField(root, "last_clock");
  for (simdjson::dom::element ref : competing) conflict.competing.push_back(ReadRef(ref));
  conflict.omitted = static_cast<size_t>(IntField(root, "omitted"));
  conflict.rule = TextField(root, "rule");
  conflict.winner_id = TextField(root, "winner_id");
  conflict.result = TextField(root, "result");
  return conflict;
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

std::optional<LifecycleBreak> ReadBreak(simdjson::dom::element root) {
  simdjson::dom::element event;
  if (root["event"].get(event) != simdjson::SUCCESS) return std::nullopt;
  LifecycleBreak lifecycle_break;
  lifecycle_break.entity = TextField(root, "entity");
  lifecycle_break.event = ReadRef(event);
  lifecycle_break.problem = TextField(root, "problem");
  lifecycle_break.count = IntField(root, "count");
  lifecycle_break.guard = FlagField(root, "guard");
  return lifecycle_break;
}

std::string TextField(simdjson::dom::element element, const char* key) {
  std::string_view value;
  return element[key].get(value) == simdjson::SUCCESS ? std::string(value) : std::string();
}

int64_t IntField(simdjson::dom::element element, const char* key) {
  int64_t value = 0;
  return element[key].get(value) == simdjson::SUCCESS ? value : 0;
}

bool FlagField(simdjson::dom::element element, const char* key) {
  bool value = false;
  return element[key].get(value) == simdjson::SUCCESS && value;
}

}  // namespace kittylog::index_internal
