// What the workflow's text and JSON renderers both read (cli/render/workflow_views.h).
#include "cli/render/workflow_views.h"

namespace kittylog::cli {

std::vector<const BoardColumn*> ShownColumns(const FeatureState& feature) {
  bool any_rejected = false;
  for (const WorkPackageState& wp : feature.work_packages) any_rejected |= wp.lane == "rejected";
  std::vector<const BoardColumn*> shown;
  for (const BoardColumn& column : kBoardColumns) {
    if (column.lane != "rejected" || any_rejected) shown.push_back(&column);
  }
  return shown;
}

size_t DoneCount(const FeatureState& feature) {
  size_t done = 0;
  for (const WorkPackageState& wp : feature.work_packages) done += wp.lane == "done";
  return done;
}

BoardGuards::BoardGuards(const BoardState& board)
    : board(board), gates(IndexGates(board)), cycles(FindDependencyCycles(board)) {}

WarningCounts CountWarnings(const BoardState& board, const BoardGuards& guards) {
  return {board.conflicts.size(), board.breaks.size(), board.saturated.size(), guards.cycles.size()};
}

}  // namespace kittylog::cli
