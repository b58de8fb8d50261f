// How the workflow's state looks on a terminal and in --json (docs/workflow.md): the kanban
// board of `status`, the conflict and lifecycle-break warnings, the timeline of `history`.
//
// Text output escapes everything that came from the log (EscapeForTerminal) and pads by
// display width; colour only when asked. JSON output is one compact object built with the
// event writer's escaping and carries everything the text shows. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "event/event.h"
#include "event/json_writer.h"
#include "workflow/dependencies.h"
#include "workflow/guards.h"
#include "workflow/reducer.h"

namespace kittylog::cli {

struct BoardStyle {
  bool colour = false;
  int width = 0;  // terminal width; 0 = unknown (columns take the width their cards need)
};

// Every feature's board, its progress line, then the warnings (conflicts, lifecycle breaks,
// dependency cycles).
std::string RenderBoardText(const BoardState& board, const BoardStyle& style);
std::string RenderBoardJson(const BoardState& board, const std::vector<std::string>& read_warnings);

// One line per resolved conflict / lifecycle break, as printed under the board.
std::string ConflictWarning(const ResolvedConflict& conflict);
std::string BreakWarning(const LifecycleBreak& lifecycle_break);  // a summary when count > 1
std::string SaturationWarning(const CounterSaturation& saturation);
// "clock 8", or "clocks 6..7" for a group of DESIGN §6 (c).
std::string ClockSpan(const ResolvedConflict& conflict);

// What the board shows of the guards (workflow_render_guards.cc; workflow/guards.h,
// workflow/dependencies.h): the lines under a card (a planned WP's unfinished dependencies, each
// failed gate), the fields `dependencies`, `blocked_by` (planned WPs only: what keeps them from
// starting) and `gates` of a WP in --json, and one warning per dependency cycle.
struct BoardGuards {
  explicit BoardGuards(const BoardState& board);
  std::vector<std::string> CardMarks(const WorkPackageState& wp) const;  // escaped, without indent
  void WriteJson(JsonWriter& w, const WorkPackageState& wp) const;       // the three fields
  const BoardState& board;
  GatesByWorkPackage gates;
  std::vector<DependencyCycle> cycles;
};
std::string CycleWarning(const DependencyCycle& cycle);
void WriteCycleJson(JsonWriter& w, const DependencyCycle& cycle);
// {"work_package_id":"WP01","lane":"doing"}, lane null when not created.
void WriteDependencyJson(JsonWriter& w, const DependencyState& dependency);

// The warnings under the board (workflow_render_warnings.cc; DESIGN §6 bounded output): the
// first kWarningsShown in full (conflicts, lifecycle breaks, saturated counters, dependency
// cycles, in that order), then one line `... and N more warnings (...)` with the counts of the
// rest and the commands that list them all (`conflicts`, `verify`; no command lists saturated
// counters); "" when there is none. --json: the first
// kWarningsShown of each list and `warning_counts` with every total.
inline constexpr size_t kWarningsShown = 10;
struct WarningCounts {
  size_t conflicts = 0;
  size_t lifecycle_breaks = 0;
  size_t saturated_counters = 0;
  size_t dependency_cycles = 0;
  size_t Total() const { return conflicts + lifecycle_breaks + saturated_counters + dependency_cycles; }
};
WarningCounts CountWarnings(const BoardState& board, const BoardGuards& guards);
std::string MoreWarningsLine(const WarningCounts& hidden);
std::string RenderBoardWarnings(const BoardState& board, const BoardGuards& guards, bool colour);
void WriteBoardWarningsJson(JsonWriter& w, const BoardState& board, const BoardGuards& guards);

// `conflicts`: each group with its competing events, the rule and the result.
std::string RenderConflictsText(const std::vector<ResolvedConflict>& conflicts, bool colour);
std::string RenderConflictsJson(const std::vector<ResolvedConflict>& conflicts,
                                const std::vector<std::string>& read_warnings);

// `history`: `entity` as the user named it, the selected events (total order) and their replay.
struct HistoryView {
  std::string entity;   // "001-login/WP01", "001-login", "gate-ci-WP01"
  std::string heading;  // e.g. "lane for_review, \"Session tokens\""
  const std::vector<Event>* events = nullptr;
  const ReplayResult* replay = nullptr;
};
std::string RenderHistoryText(const HistoryView& view, bool colour);
std::string RenderHistoryJson(const HistoryView& view, const std::vector<std::string>& read_warnings);

// "planned -> doing", "created \"Tokens\"", "tags +a +b", ...: what one event did.
std::string EventSummary(const Event& event);

// The terminal width of stdout, or 0 when it is not a terminal.
int TerminalWidth();

// Shared by the renderers: "ID (doing -> done, by actor)", and the JSON of a competing event, a
// conflict (with its warning text) and an array of strings under `key`.
std::string CompetitorText(const EventRef& event);
void WriteEventRefJson(JsonWriter& w, const EventRef& event);
void WriteConflictJson(JsonWriter& w, const ResolvedConflict& conflict);
void WriteStringsJson(JsonWriter& w, std::string_view key, const std::vector<std::string>& values);

}  // namespace kittylog::cli
