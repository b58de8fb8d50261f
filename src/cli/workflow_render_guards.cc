// What the board shows of the guards and dependencies (cli/workflow_render.h).
#include <fmt/format.h>

#include "cli/display.h"
#include "cli/workflow_render.h"

namespace kittylog::cli {

BoardGuards::BoardGuards(const BoardState& board)
    : board(board), gates(IndexGates(board)), cycles(FindDependencyCycles(board)) {}

std::vector<std::string> BoardGuards::CardMarks(const WorkPackageState& wp) const {
  std::vector<std::string> marks;
  if (wp.lane == "planned") {
    // The ids only: the card is narrow, and each dependency's lane is on the board.
    std::string blocked;
    for (const DependencyState& dependency : CheckDependencies(board, wp).incomplete) {
      blocked += (blocked.empty() ? "" : ", ") + EscapeForTerminal(dependency.id);
    }
    if (!blocked.empty()) marks.push_back("blocked by " + blocked);
  }
  for (const GateState& gate : GatesOf(gates, wp)) {
    if (gate.status == "failed") {
      marks.push_back(fmt::format("gate {} failed", EscapeForTerminal(gate.gate_id)));
    }
  }
  return marks;
}

void WriteDependencyJson(JsonWriter& w, const DependencyState& dependency) {
  w.BeginObject();
  w.Key("work_package_id"); w.String(dependency.id);
  w.Key("lane");
  if (dependency.created) w.String(dependency.lane); else w.Null();
  w.EndObject();
}

void BoardGuards::WriteJson(JsonWriter& w, const WorkPackageState& wp) const {
  WriteStringsJson(w, "dependencies", wp.dependencies);
  w.Key("blocked_by"); w.BeginArray();
  if (wp.lane == "planned") {
    for (const DependencyState& dependency : CheckDependencies(board, wp).incomplete) WriteDependencyJson(w, dependency);
  }
  w.EndArray();
  w.Key("gates"); w.BeginArray();
  for (const GateState& gate : GatesOf(gates, wp)) {
    w.BeginObject();
    w.Key("gate_id"); w.String(gate.gate_id);
    w.Key("gate_type"); w.String(gate.gate_type);
    w.Key("status"); w.String(gate.status);
    w.EndObject();
  }
  w.EndArray();
}

std::string CycleWarning(const DependencyCycle& cycle) {
  return fmt::format("dependency cycle in {}: {}; none of these work packages can start without --force",
                     EscapeForTerminal(cycle.feature_slug), EscapeForTerminal(FormatCycle(cycle.path)));
}

void WriteCycleJson(JsonWriter& w, const DependencyCycle& cycle) {
  w.BeginObject();
  w.Key("feature_slug"); w.String(cycle.feature_slug);
  WriteStringsJson(w, "cycle", cycle.path);
  w.Key("warning"); w.String(CycleWarning(cycle));
  w.EndObject();
}

}  // namespace kittylog::cli
