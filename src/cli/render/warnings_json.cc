// The warnings of the workflow's state in --json (cli/render/workflow_json.h; DESIGN §6): each
// with its warning line as the text shows it, the first kWarningsShown of each list, and every count.
#include "cli/render/workflow_json.h"
#include "cli/render/workflow_text.h"

namespace kittylog::cli {
namespace {

void WriteBreak(JsonWriter& w, const LifecycleBreak& lifecycle_break) {
  w.BeginObject();
  w.Key("entity"); w.String(lifecycle_break.entity);
  w.Key("event"); WriteEventRefJson(w, lifecycle_break.event);
  w.Key("problem"); w.String(lifecycle_break.problem);
  w.Key("count"); w.Int(lifecycle_break.count);
  w.Key("warning"); w.String(BreakWarning(lifecycle_break));
  w.EndObject();
}

void WriteSaturation(JsonWriter& w, const CounterSaturation& saturation) {
  w.BeginObject();
  w.Key("entity"); w.String(saturation.entity);
  w.Key("counter"); w.String(saturation.counter);
  w.Key("value"); w.Int(saturation.value);
  w.Key("event_id"); w.String(saturation.event_id);
  w.Key("warning"); w.String(SaturationWarning(saturation));
  w.EndObject();
}

// The first kWarningsShown of `items` under `key`.
template <typename T, typename Write>
void WriteFirst(JsonWriter& w, std::string_view key, const std::vector<T>& items, Write write) {
  w.Key(key);
  w.BeginArray();
  for (size_t i = 0; i < items.size() && i < kWarningsShown; ++i) write(w, items[i]);
  w.EndArray();
}

}  // namespace

void WriteEventRefJson(JsonWriter& w, const EventRef& event) {
  w.BeginObject();
  w.Key("event_id"); w.String(event.event_id);
  w.Key("lamport_clock"); w.Int(event.lamport_clock);
  w.Key("event_type"); w.String(event.event_type);
  w.Key("actor"); w.String(event.actor);
  w.Key("timestamp"); w.String(event.timestamp);
  if (!event.old_status.empty() || !event.new_status.empty()) {
    w.Key("old_status"); w.String(event.old_status);
    w.Key("new_status"); w.String(event.new_status);
  }
  if (!event.tags.empty()) {
    w.Key("tags"); w.BeginArray();
    for (const std::string& tag : event.tags) w.String(tag);
    w.EndArray();
  }
  if (!event.counter.empty()) {
    w.Key("counter"); w.String(event.counter);
    w.Key("delta"); w.Int(event.delta);
  }
  w.EndObject();
}

void WriteConflictJson(JsonWriter& w, const ResolvedConflict& conflict) {
  w.BeginObject();
  w.Key("entity"); w.String(conflict.entity);
  w.Key("aspect"); w.String(conflict.aspect);
  w.Key("lamport_clock"); w.Int(conflict.lamport_clock);
  w.Key("last_clock"); w.Int(conflict.last_clock);
  w.Key("competing"); w.BeginArray();
  for (const EventRef& event : conflict.competing) WriteEventRefJson(w, event);
  w.EndArray();
  w.Key("omitted"); w.Int(static_cast<int64_t>(conflict.omitted));
  w.Key("rule"); w.String(conflict.rule);
  w.Key("winner_id");
  if (conflict.winner_id.empty()) w.Null(); else w.String(conflict.winner_id);
  w.Key("result"); w.String(conflict.result);
  w.Key("warning"); w.String(ConflictWarning(conflict));
  w.EndObject();
}

void WriteCycleJson(JsonWriter& w, const DependencyCycle& cycle) {
  w.BeginObject();
  w.Key("feature_slug"); w.String(cycle.feature_slug);
  WriteStringsJson(w, "cycle", cycle.path);
  w.Key("warning"); w.String(CycleWarning(cycle));
  w.EndObject();
}

void WriteStringsJson(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& value : values) w.String(value);
  w.EndArray();
}

void WriteBoardWarningsJson(JsonWriter& w, const BoardState& board, const BoardGuards& guards) {
  WriteFirst(w, "conflicts", board.conflicts, WriteConflictJson);
  WriteFirst(w, "lifecycle_breaks", board.breaks, WriteBreak);
  WriteFirst(w, "saturated_counters", board.saturated, WriteSaturation);
  WriteFirst(w, "dependency_cycles", guards.cycles, WriteCycleJson);
  const WarningCounts counts = CountWarnings(board, guards);
  w.Key("warning_counts");
  w.BeginObject();
  w.Key("conflicts"); w.Int(static_cast<int64_t>(counts.conflicts));
  w.Key("lifecycle_breaks"); w.Int(static_cast<int64_t>(counts.lifecycle_breaks));
  w.Key("saturated_counters"); w.Int(static_cast<int64_t>(counts.saturated_counters));
  w.Key("dependency_cycles"); w.Int(static_cast<int64_t>(counts.dependency_cycles));
  w.EndObject();
}

}  // namespace kittylog::cli
