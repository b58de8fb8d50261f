// `status --json`: the board as one document (cli/render/workflow_json.h).
#include "cli/render/workflow_json.h"

namespace kittylog::cli {
namespace {

void WriteCounters(JsonWriter& w, const std::map<std::string, int64_t>& counters) {
  w.Key("counters");
  w.BeginObject();
  for (const auto& [name, value] : counters) {
    w.Key(name);
    w.Int(value);
  }
  w.EndObject();
}

}  // namespace

void WriteDependencyJson(JsonWriter& w, const DependencyState& dependency) {
  w.BeginObject();
  w.Key("work_package_id"); w.String(dependency.id);
  w.Key("lane");
  if (dependency.created) w.String(dependency.lane); else w.Null();
  w.EndObject();
}

void WriteGuardsJson(JsonWriter& w, const BoardGuards& guards, const WorkPackageState& wp) {
  WriteStringsJson(w, "dependencies", wp.dependencies);
  w.Key("blocked_by"); w.BeginArray();
  if (wp.lane == "planned") {
    for (const DependencyState& dependency : CheckDependencies(guards.board, wp).incomplete) {
      WriteDependencyJson(w, dependency);
    }
  }
  w.EndArray();
  w.Key("gates"); w.BeginArray();
  for (const GateState& gate : GatesOf(guards.gates, wp)) {
    w.BeginObject();
    w.Key("gate_id"); w.String(gate.gate_id);
    w.Key("gate_type"); w.String(gate.gate_type);
    w.Key("status"); w.String(gate.status);
    w.EndObject();
  }
  w.EndArray();
}

std::string RenderBoardJson(const BoardState& board, const std::vector<std::string>& read_warnings) {
  const BoardGuards guards(board);
  JsonWriter w;
  w.BeginObject();
  w.Key("features"); w.BeginArray();
  for (const FeatureState& feature : board.features) {
    w.BeginObject();
    w.Key("feature_slug"); w.String(feature.slug);
    w.Key("title"); w.String(feature.title);
    w.Key("created"); w.Bool(feature.created);
    WriteStringsJson(w, "tags", feature.tags);
    WriteCounters(w, feature.counters);
    w.Key("columns"); w.BeginArray();
    for (const BoardColumn* column : ShownColumns(feature)) w.String(column->lane);
    w.EndArray();
    w.Key("progress"); w.BeginObject();
    w.Key("done"); w.Int(static_cast<int64_t>(DoneCount(feature)));
    w.Key("total"); w.Int(static_cast<int64_t>(feature.work_packages.size()));
    w.EndObject();
    w.Key("work_packages"); w.BeginArray();
    for (const WorkPackageState& wp : feature.work_packages) {
      w.BeginObject();
      w.Key("work_package_id"); w.String(wp.id);
      w.Key("title"); w.String(wp.title);
      w.Key("lane"); w.String(wp.lane);
      w.Key("created"); w.Bool(wp.created);
      WriteStringsJson(w, "tags", wp.tags);
      WriteCounters(w, wp.counters);
      w.Key("subtasks_done"); w.BeginArray();
      for (int64_t index : wp.subtasks_done) w.Int(index);
      w.EndArray();
      w.Key("deciding_event"); w.BeginObject();
      w.Key("event_id"); w.String(wp.deciding_event_id);
      w.Key("lamport_clock"); w.Int(wp.deciding_clock);
      w.EndObject();
      WriteGuardsJson(w, guards, wp);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("gates"); w.BeginArray();
  for (const GateState& gate : board.gates) {
    w.BeginObject();
    w.Key("gate_id"); w.String(gate.gate_id);
    w.Key("gate_type"); w.String(gate.gate_type);
    w.Key("feature_slug"); w.String(gate.feature_slug);
    w.Key("work_package_id"); w.String(gate.work_package_id);
    w.Key("status"); w.String(gate.status);
    w.EndObject();
  }
  w.EndArray();
  WriteBoardWarningsJson(w, board, guards);
  WriteStringsJson(w, "warnings", read_warnings);
  w.Key("max_clock"); w.Int(board.max_clock);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace kittylog::cli
