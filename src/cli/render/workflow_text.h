// The text output of the workflow's reading commands on a terminal (docs/workflow.md): the
// kanban board of `status` and the warnings under it, `conflicts`, `history`, `ready`,
// `conflicts --rev` and `errors`. Their --json documents are in cli/render/workflow_json.h;
// what both read is in cli/render/workflow_views.h.
//
// Everything that came from the log is escaped (EscapeForTerminal) and padded by display width;
// colour only when asked. The warning lines here are also the `warning` fields of --json.
// Pure functions (TerminalWidth asks the terminal); thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "cli/render/workflow_views.h"
#include "git/merge_history.h"
#include "store/error_log.h"
#include "workflow/source/merge_conflicts.h"

namespace kittylog::cli {

struct BoardStyle {
  bool colour = false;
  int width = 0;  // terminal width; 0 = unknown (columns take the width their cards need)
};

// `status`: every feature's board, its progress line, then the warnings (conflicts, lifecycle
// breaks, saturated counters, dependency cycles).
std::string RenderBoardText(const BoardState& board, const BoardStyle& style);
// The lines under a card (board_text.cc): a planned WP's unfinished dependencies, each failed
// gate; escaped, without indent.
std::vector<std::string> CardMarks(const BoardGuards& guards, const WorkPackageState& wp);

// One line per resolved conflict / lifecycle break / saturated counter / dependency cycle, as
// printed under the board (warnings_text.cc).
std::string ConflictWarning(const ResolvedConflict& conflict);
std::string BreakWarning(const LifecycleBreak& lifecycle_break);  // a summary when count > 1
std::string SaturationWarning(const CounterSaturation& saturation);
std::string CycleWarning(const DependencyCycle& cycle);
// "clock 8", or "clocks 6..7" for a group of DESIGN §6 (c).
std::string ClockSpan(const ResolvedConflict& conflict);
// "ID (doing -> done, by actor)": one competing event of a conflict.
std::string CompetitorText(const EventRef& event);
// The warnings under the board: the first kWarningsShown in full, then one line `... and N more
// warnings (...)` with the counts of the rest and the commands that list them all
// (`conflicts`, `verify`; no command lists saturated counters); "" when there is none.
std::string MoreWarningsLine(const WarningCounts& hidden);
std::string RenderBoardWarnings(const BoardState& board, const BoardGuards& guards, bool colour);

// `conflicts`: each group with its competing events, the rule and the result (timeline_text.cc).
std::string RenderConflictsText(const std::vector<ResolvedConflict>& conflicts, bool colour);
// `history`: one line per event with its verdict.
std::string RenderHistoryText(const HistoryView& view, bool colour);
// "planned -> doing", "created \"Tokens\"", "tags +a +b", ...: what one event did (not escaped).
std::string EventSummary(const Event& event);

// `ready` (ready_text.cc): the ready work packages (with `all` the blocked ones and by what),
// then the counts.
std::string RenderReadyText(const std::vector<ReadyEntry>& entries, bool all, size_t ready, size_t blocked);

// `conflicts --rev` (merge_conflicts_text.cc): the merge, then each entity both sides changed
// with its events, ours then theirs; `lost` holds the ids of the events the merge lost.
std::string RenderMergeConflictsText(const git::MergeSides& sides, const std::vector<MergeConflict>& conflicts,
                                     const std::unordered_set<std::string>& lost, bool colour);

// `errors` (errors_text.cc): the records of the error log; `entity` is the --entity filter.
std::string RenderErrorsText(const std::vector<ErrorRecord>& records, const std::optional<std::string>& entity,
                             bool colour);

// The terminal width of stdout, or 0 when it is not a terminal.
int TerminalWidth();

}  // namespace kittylog::cli
