// `conflicts --rev REV --json` (cli/render/workflow_json.h).
#include <set>

#include "cli/render/workflow_json.h"

namespace kittylog::cli {
namespace {

void WriteSide(JsonWriter& w, std::string_view key, const std::vector<Event>& events,
               const std::unordered_set<std::string>& lost) {
  w.Key(key);
  w.BeginArray();
  for (const Event& event : events) {
    w.BeginObject();
    w.Key("event_id"); w.String(event.event_id);
    w.Key("lamport_clock"); w.Int(event.lamport_clock);
    w.Key("event_type"); w.String(event.event_type);
    w.Key("actor"); w.String(event.actor);
    w.Key("in_merge"); w.Bool(!lost.contains(event.event_id));
    if (!event.payload.new_status.empty()) {
      w.Key("old_status"); w.String(event.payload.old_status);
      w.Key("new_status"); w.String(event.payload.new_status);
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string RenderMergeConflictsJson(const git::MergeSides& sides, const std::vector<MergeConflict>& conflicts,
                                     const std::unordered_set<std::string>& lost) {
  JsonWriter w;
  w.BeginObject();
  w.Key("merge"); w.String(sides.merge_commit);
  w.Key("parents"); w.BeginArray();
  for (const std::string& parent : sides.parents) w.String(parent);
  w.EndArray();
  w.Key("base");
  if (sides.base_commit.empty()) w.Null(); else w.String(sides.base_commit);
  w.Key("bases"); w.BeginArray();
  for (const std::string& base : sides.base_commits) w.String(base);
  w.EndArray();
  w.Key("conflicts"); w.BeginArray();
  for (const MergeConflict& group : conflicts) {
    const ResolvedConflict& conflict = group.resolution;
    w.BeginObject();
    w.Key("entity"); w.String(conflict.entity);
    w.Key("aspect"); w.String(conflict.aspect);
    WriteSide(w, "ours", group.ours, lost);
    WriteSide(w, "theirs", group.theirs, lost);
    w.Key("rule"); w.String(conflict.rule);
    w.Key("winner_id");
    if (conflict.winner_id.empty()) w.Null(); else w.String(conflict.winner_id);
    w.Key("result"); w.String(conflict.result);
    w.EndObject();
  }
  w.EndArray();
  w.Key("lost"); w.BeginArray();
  for (const std::string& id : std::set<std::string>(lost.begin(), lost.end())) w.String(id);
  w.EndArray();
  w.Key("warnings"); w.BeginArray();
  for (const std::string& problem : sides.problems) w.String(problem);
  w.EndArray();
  w.EndObject();
  return w.str();
}

}  // namespace kittylog::cli
