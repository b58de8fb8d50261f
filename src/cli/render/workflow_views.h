// What the text and the JSON renderers of the workflow's reading commands both read
// (docs/workflow.md): the columns a feature's board shows, the guards of the board's work
// packages, the counts of the bounded warnings, one entity's history. The text renderers are
// declared in cli/render/workflow_text.h, the JSON ones in cli/render/workflow_json.h; both
// derive what they show from these, so the two outputs cannot disagree. Pure; thread-compatible.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "workflow/dependencies.h"
#include "workflow/guards.h"
#include "workflow/reducer.h"

namespace kittylog::cli {

// A lane of the lifecycle as a column of the board, with its heading and its colour on a terminal.
struct BoardColumn {
  std::string_view lane;
  std::string_view heading;
  std::string_view colour;
};
inline constexpr std::array<BoardColumn, 5> kBoardColumns = {{
    {"planned", "Planned", "1"},
    {"doing", "Doing", "33"},
    {"for_review", "For Review", "36"},
    {"done", "Done", "32"},
    {"rejected", "Rejected", "31"},
}};

// The columns of `feature`'s board: every lane of kBoardColumns, "rejected" only when a work
// package is there. Lanes the lifecycle does not know are not among them (the text board adds
// a column for each).
std::vector<const BoardColumn*> ShownColumns(const FeatureState& feature);
// How many of `feature`'s work packages are done.
size_t DoneCount(const FeatureState& feature);

// The guards of the board (workflow/guards.h, workflow/dependencies.h), computed once per board:
// the gates by work package and the dependency cycles. The text shows them as marks under a
// card and warnings; --json as the fields `dependencies`, `blocked_by` and `gates` of a WP.
struct BoardGuards {
  explicit BoardGuards(const BoardState& board);
  const BoardState& board;
  GatesByWorkPackage gates;
  std::vector<DependencyCycle> cycles;
};

// The warnings under the board (DESIGN §6 bounded output): the first kWarningsShown in full
// (conflicts, lifecycle breaks, saturated counters, dependency cycles, in that order), then the
// counts of the rest.
inline constexpr size_t kWarningsShown = 10;
struct WarningCounts {
  size_t conflicts = 0;
  size_t lifecycle_breaks = 0;
  size_t saturated_counters = 0;
  size_t dependency_cycles = 0;
  size_t Total() const { return conflicts + lifecycle_breaks + saturated_counters + dependency_cycles; }
};
WarningCounts CountWarnings(const BoardState& board, const BoardGuards& guards);

// `history`: `entity` as the user named it, the selected events (total order) and their replay.
struct HistoryView {
  std::string entity;   // "001-login/WP01", "001-login", "gate-ci-WP01"
  std::string heading;  // e.g. "lane for_review, \"Session tokens\"" (escaped: text only)
  const std::vector<Event>* events = nullptr;
  const ReplayResult* replay = nullptr;
};

}  // namespace kittylog::cli
