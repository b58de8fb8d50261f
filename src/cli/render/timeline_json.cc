// `conflicts --json` and `history --json` (cli/render/workflow_json.h).
#include "cli/render/workflow_json.h"
#include "cli/render/workflow_text.h"

namespace kittylog::cli {

std::string RenderConflictsJson(const std::vector<ResolvedConflict>& conflicts,
                                const std::vector<std::string>& read_warnings) {
  JsonWriter w;
  w.BeginObject();
  w.Key("conflicts"); w.BeginArray();
  for (const ResolvedConflict& conflict : conflicts) WriteConflictJson(w, conflict);
  w.EndArray();
  WriteStringsJson(w, "warnings", read_warnings);
  w.EndObject();
  return w.Take() + "\n";
}

std::string RenderHistoryJson(const HistoryView& view, const std::vector<std::string>& read_warnings) {
  JsonWriter w;
  w.BeginObject();
  w.Key("entity"); w.String(view.entity);
  w.Key("events"); w.BeginArray();
  for (const EventVerdict& verdict : view.replay->verdicts) {
    const Event& event = (*view.events)[verdict.index];
    w.BeginObject();
    w.Key("event_id"); w.String(event.event_id);
    w.Key("lamport_clock"); w.Int(event.lamport_clock);
    w.Key("event_type"); w.String(event.event_type);
    w.Key("actor"); w.String(event.actor);
    w.Key("timestamp"); w.String(event.timestamp);
    w.Key("summary"); w.String(EventSummary(event));
    w.Key("concurrent"); w.Bool(verdict.concurrent);
    w.Key("applied"); w.Bool(verdict.applied);
    w.Key("duplicate"); w.Bool(verdict.duplicate);
    w.Key("rule");
    if (verdict.rule.empty()) w.Null(); else w.String(verdict.rule);
    w.Key("lifecycle_break");
    if (verdict.problem.empty()) w.Null(); else w.String(verdict.problem);
    if (!event.raw_line.empty()) { w.Key("event"); w.Raw(event.raw_line); }
    w.EndObject();
  }
  w.EndArray();
  w.Key("conflicts"); w.BeginArray();
  for (const ResolvedConflict& conflict : view.replay->board.conflicts) WriteConflictJson(w, conflict);
  w.EndArray();
  WriteStringsJson(w, "warnings", read_warnings);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace kittylog::cli
