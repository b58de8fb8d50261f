// The --json documents of the workflow's reading commands (DESIGN §10; docs/workflow.md, the
// fields are listed there and in docs/cli.md): `status`, `conflicts`, `history`, `ready`,
// `conflicts --rev` and `errors`. Their text output is in cli/render/workflow_text.h; what both
// read is in cli/render/workflow_views.h.
//
// Each Render*Json returns the command's one compact JSON object, built with the event writer's
// escaping (event/json_writer.h), carrying everything the text shows, unescaped for a terminal;
// `read_warnings` are the problems met while reading, as printed on stderr. The Write*Json
// functions add one value to a document being written. Pure functions; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cli/render/workflow_views.h"
#include "event/json_writer.h"
#include "git/merge_history.h"
#include "store/error_log.h"
#include "workflow/source/merge_conflicts.h"

namespace kittylog::cli {

// `status` (board_json.cc): features with their columns, progress and work packages (with their
// guards), gates, the bounded warnings, `warnings` and `max_clock`.
std::string RenderBoardJson(const BoardState& board, const std::vector<std::string>& read_warnings);
// The fields `dependencies`, `blocked_by` (planned WPs only: what keeps them from starting) and
// `gates` of a WP.
void WriteGuardsJson(JsonWriter& w, const BoardGuards& guards, const WorkPackageState& wp);
// {"work_package_id":"WP01","lane":"doing"}, lane null when not created.
void WriteDependencyJson(JsonWriter& w, const DependencyState& dependency);

// The warnings of the board (warnings_json.cc): the first kWarningsShown of each list
// (`conflicts`, `lifecycle_breaks`, `saturated_counters`, `dependency_cycles`) and
// `warning_counts` with every total.
void WriteBoardWarningsJson(JsonWriter& w, const BoardState& board, const BoardGuards& guards);
// A competing event, a conflict (with its warning text), a dependency cycle (with its warning
// text), and an array of strings under `key`.
void WriteEventRefJson(JsonWriter& w, const EventRef& event);
void WriteConflictJson(JsonWriter& w, const ResolvedConflict& conflict);
void WriteCycleJson(JsonWriter& w, const DependencyCycle& cycle);
void WriteStringsJson(JsonWriter& w, std::string_view key, const std::vector<std::string>& values);

// `conflicts` and `history` (timeline_json.cc).
std::string RenderConflictsJson(const std::vector<ResolvedConflict>& conflicts,
                                const std::vector<std::string>& read_warnings);
std::string RenderHistoryJson(const HistoryView& view, const std::vector<std::string>& read_warnings);

// `ready` (ready_json.cc): `ready`, with `all` also `blocked`, `counts`, `dependency_cycles`, `warnings`.
std::string RenderReadyJson(const std::vector<ReadyEntry>& entries, bool all, size_t ready, size_t blocked,
                            const std::vector<DependencyCycle>& cycles, const std::vector<std::string>& warnings);

// `conflicts --rev` (merge_conflicts_json.cc): the merge, its parents and bases, each entity both
// sides changed with both sides' events, the lost event ids, and `warnings` (`problems`: the
// lines of the sides that were skipped).
std::string RenderMergeConflictsJson(const git::MergeSides& sides, const std::vector<MergeConflict>& conflicts,
                                     const std::unordered_set<std::string>& lost);

// `errors` (errors_json.cc): the records as the error log holds them, and the skipped lines.
std::string RenderErrorsJson(const std::vector<ErrorRecord>& records, const std::vector<std::string>& problems);

}  // namespace kittylog::cli
