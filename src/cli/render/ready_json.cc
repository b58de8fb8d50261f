// `ready --json` (cli/render/workflow_json.h).
#include "cli/render/workflow_json.h"

namespace kittylog::cli {
namespace {

void WriteEntryJson(JsonWriter& w, const ReadyEntry& entry, bool with_blockers) {
  w.BeginObject();
  w.Key("feature_slug"); w.String(entry.feature->slug);
  w.Key("work_package_id"); w.String(entry.work_package->id);
  w.Key("title"); w.String(entry.work_package->title);
  WriteStringsJson(w, "dependencies", entry.work_package->dependencies);
  if (with_blockers) {
    w.Key("blocked_by"); w.BeginArray();
    for (const DependencyState& dependency : entry.blocked_by) WriteDependencyJson(w, dependency);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

std::string RenderReadyJson(const std::vector<ReadyEntry>& entries, bool all, size_t ready, size_t blocked,
                            const std::vector<DependencyCycle>& cycles, const std::vector<std::string>& warnings) {
  JsonWriter w;
  w.BeginObject();
  w.Key("ready"); w.BeginArray();
  for (const ReadyEntry& entry : entries) {
    if (entry.blocked_by.empty()) WriteEntryJson(w, entry, false);
  }
  w.EndArray();
  if (all) {
    w.Key("blocked"); w.BeginArray();
    for (const ReadyEntry& entry : entries) {
      if (!entry.blocked_by.empty()) WriteEntryJson(w, entry, true);
    }
    w.EndArray();
  }
  w.Key("counts"); w.BeginObject();
  w.Key("ready"); w.Int(static_cast<int64_t>(ready));
  w.Key("blocked"); w.Int(static_cast<int64_t>(blocked));
  w.EndObject();
  w.Key("dependency_cycles"); w.BeginArray();
  for (const DependencyCycle& cycle : cycles) WriteCycleJson(w, cycle);
  w.EndArray();
  WriteStringsJson(w, "warnings", warnings);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace kittylog::cli
