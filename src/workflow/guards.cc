#include "workflow/guards.h"

#include <algorithm>

#include <fmt/format.h>

#include "event/event.h"

namespace kittylog {

bool GateBelongsTo(const GateState& gate, std::string_view feature_slug, std::string_view wp_id) {
  return gate.work_package_id == wp_id && (gate.feature_slug.empty() || gate.feature_slug == feature_slug);
}

std::vector<GateState> GatesOf(const BoardState& board, const WorkPackageState& wp) {
  std::vector<GateState> gates;
  for (const GateState& gate : board.gates) {
    if (GateBelongsTo(gate, wp.feature_slug, wp.id)) gates.push_back(gate);
  }
  return gates;
}

GatesByWorkPackage IndexGates(const BoardState& board) {
  GatesByWorkPackage gates;
  for (const GateState& gate : board.gates) gates.emplace(gate.work_package_id, &gate);
  return gates;
}

std::vector<GateState> GatesOf(const GatesByWorkPackage& gates, const WorkPackageState& wp) {
  std::vector<GateState> found;
  auto [begin, end] = gates.equal_range(wp.id);
  for (auto it = begin; it != end; ++it) {
    if (GateBelongsTo(*it->second, wp.feature_slug, wp.id)) found.push_back(*it->second);
  }
  std::sort(found.begin(), found.end(), [](const GateState& a, const GateState& b) { return a.gate_id < b.gate_id; });
  return found;
}

bool IsGuardedMove(std::string_view from, std::string_view to) {
  return (from == "planned" && to == "doing") || (from == "for_review" && to == "done");
}

std::string GuardCheck::Requirement() const {
  if (from == "planned" && to == "doing") return "every dependency done";
  if (from == "for_review" && to == "done") return "every gate passed";
  return "";
}

GuardCheck CheckGuard(std::string_view from, std::string_view to, DependencyStatus dependencies,
                      std::vector<GateState> gates) {
  GuardCheck check;
  check.from = from;
  check.to = to;
  check.dependencies = std::move(dependencies);
  check.gates = std::move(gates);
  if (from == "planned" && to == "doing") {
    for (const DependencyState& dependency : check.dependencies.incomplete) {
      check.unmet.push_back({"dependency " + dependency.id, dependency.created ? dependency.lane : "not created"});
    }
  } else if (from == "for_review" && to == "done") {
    for (const GateState& gate : check.gates) {
      if (gate.status != "passed") {
        check.unmet.push_back({fmt::format("gate {} ({})", gate.gate_id, gate.gate_type), gate.status});
      }
    }
  }
  return check;
}

GuardCheck CheckGuard(const BoardState& board, const WorkPackageState& wp, std::string_view to) {
  return CheckGuard(wp.lane, to, CheckDependencies(board, wp), GatesOf(board, wp));
}

void WriteGuardRecord(JsonWriter& w, const GuardCheck& check) {
  w.Key("gate_results");
  w.BeginArray();
  for (const GateState& gate : check.gates) {
    // A gate another tool wrote with a type or status outside the schema still counts for the
    // guard (it is not passed), but cannot be recorded in a valid event.
    if (!IsOneOf(gate.gate_type, kGateTypes) || !IsOneOf(gate.status, kGateStatuses)) continue;
    w.BeginObject();
    w.Key("gate_type"); w.String(gate.gate_type);
    w.Key("status"); w.String(gate.status);
    w.Key("details"); w.BeginObject();
    w.Key("gate_id"); w.String(gate.gate_id);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("dependency_status");
  w.BeginObject();
  w.Key("all_complete"); w.Bool(check.dependencies.all_complete);
  w.Key("incomplete_dependencies");
  w.BeginArray();
  for (const DependencyState& dependency : check.dependencies.incomplete) w.String(dependency.id);
  w.EndArray();
  w.EndObject();
}

std::string GuardCheck::UnmetText(bool past) const {
  std::string text;
  for (const Unmet& item : unmet) {
    text += fmt::format("{}{} {} {}", text.empty() ? "" : ", ", item.what, past ? "was" : "is", item.state);
  }
  return text;
}

std::string GuardBreakProblem(const GuardCheck& check) {
  return fmt::format("{} -> {} while {} (the guard needs {}; not forced)", check.from, check.to,
                     check.UnmetText(true), check.Requirement());
}

}  // namespace kittylog
