// The warnings under `status`'s board, bounded (DESIGN §6; docs/workflow.md): the first
// kWarningsShown in full, then one line with the counts of the rest and the commands that list
// them all. --json carries every count and the first kWarningsShown of each list.
#include <fmt/format.h>

#include "cli/display.h"
#include "cli/workflow_render.h"
#include "event/json_writer.h"

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

std::string Plural(size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

}  // namespace

WarningCounts CountWarnings(const BoardState& board, const BoardGuards& guards) {
  return {board.conflicts.size(), board.breaks.size(), board.saturated.size(), guards.cycles.size()};
}

std::string MoreWarningsLine(const WarningCounts& hidden) {
  std::string kinds;
  std::string listers;
  auto add = [&](size_t count, std::string_view one, std::string_view many, std::string_view lister) {
    if (count == 0) return;
    kinds += (kinds.empty() ? "" : ", ") + Plural(count, one, many);
    if (!lister.empty() && listers.find(lister) == std::string::npos) {
      listers += (listers.empty() ? "" : " and ") + std::string(lister);
    }
  };
  add(hidden.conflicts, "conflict", "conflicts", "`kittylog conflicts`");
  add(hidden.lifecycle_breaks, "lifecycle break", "lifecycle breaks", "`kittylog verify`");
  add(hidden.saturated_counters, "saturated counter", "saturated counters", "");  // no command lists them
  add(hidden.dependency_cycles, "dependency cycle", "dependency cycles", "`kittylog verify`");
  std::string line = fmt::format("... and {} ({})", Plural(hidden.Total(), "more warning", "more warnings"), kinds);
  if (!listers.empty()) {
    line += fmt::format("; {} {} them all", listers, listers.find(" and ") != std::string::npos ? "list" : "lists");
  }
  return line;
}

std::string RenderBoardWarnings(const BoardState& board, const BoardGuards& guards, bool colour) {
  std::vector<std::string> shown;
  WarningCounts hidden;
  // Only the shown lines are formatted: an import with 100,000 breaks costs a count.
  auto take = [&](size_t& hidden_count, auto format) {
    if (shown.size() < kWarningsShown) {
      shown.push_back(format());
    } else {
      ++hidden_count;
    }
  };
  for (const ResolvedConflict& conflict : board.conflicts) {
    take(hidden.conflicts, [&] { return ConflictWarning(conflict); });
  }
  for (const LifecycleBreak& lifecycle_break : board.breaks) {
    take(hidden.lifecycle_breaks, [&] { return BreakWarning(lifecycle_break); });
  }
  for (const CounterSaturation& saturation : board.saturated) {
    take(hidden.saturated_counters, [&] { return SaturationWarning(saturation); });
  }
  for (const DependencyCycle& cycle : guards.cycles) {
    take(hidden.dependency_cycles, [&] { return CycleWarning(cycle); });
  }
  if (shown.empty()) return "";
  if (hidden.Total() > 0) shown.push_back(MoreWarningsLine(hidden));
  std::string out = "\n";
  for (const std::string& line : shown) out += Colour("warning:", "33", colour) + " " + line + "\n";
  return out;
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
