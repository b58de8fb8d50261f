// `conflicts` and `history` on a terminal (cli/render/workflow_text.h).
#include <fmt/format.h>
#include <simdjson.h>

#include "cli/frame/display.h"
#include "cli/render/workflow_text.h"
#include "event/event_types.h"

namespace kittylog::cli {

std::string RenderConflictsText(const std::vector<ResolvedConflict>& conflicts, bool colour) {
  if (conflicts.empty()) return "No concurrent changes in the log.\n";
  std::string out;
  for (const ResolvedConflict& conflict : conflicts) {
    out += Colour(fmt::format("{}  {}  {}", ClockSpan(conflict), EscapeForTerminal(conflict.entity),
                              EscapeForTerminal(conflict.aspect)),
                  "1", colour);
    out += "\n";
    if (conflict.omitted > 0) out += fmt::format("  ... {} earlier competing events (see `kittylog history`)\n", conflict.omitted);
    for (const EventRef& event : conflict.competing) {
      bool won = !conflict.winner_id.empty() && event.event_id == conflict.winner_id;
      out += fmt::format("  {}  {}{}\n", CompetitorText(event), ShortTimestamp(EscapeForTerminal(event.timestamp)),
                         won ? Colour("  <- wins", "32", colour) : "");
    }
    out += fmt::format("  rule: {}  result: {}\n", conflict.rule, EscapeForTerminal(conflict.result));
  }
  out += fmt::format("{} concurrent change{} resolved.\n", conflicts.size(), conflicts.size() == 1 ? "" : "s");
  return out;
}

std::string EventSummary(const Event& event) {
  const std::string& type = event.event_type;
  const PayloadFields& p = event.payload;
  // Fields the decoder does not extract are read from the line itself.
  auto field = [&](const char* key) -> std::string {
    if (event.raw_line.empty()) return "";
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    std::string_view value;
    if (parser.parse(event.raw_line).get(root) != simdjson::SUCCESS) return "";
    if (root["payload"][key].get_string().get(value) != simdjson::SUCCESS) return "";
    return std::string(value);
  };
  if (type == kWPStatusChanged) {
    std::string text = p.old_status + " -> " + p.new_status;
    if (p.forced) text += " (forced past its guard)";
    if (!p.reason.empty()) text += " (reason: " + p.reason + ")";
    return text;
  }
  if (type == kSpecCreated) return "feature created \"" + p.title + "\"";
  if (type == kWPCreated) {
    std::string text = "created \"" + p.title + "\"";
    if (!p.dependencies.empty()) text += " depends on " + fmt::format("{}", fmt::join(p.dependencies, ", "));
    return text;
  }
  if (type == kWorkspaceCreated) return "workspace " + field("worktree_path") + " on branch " + field("branch_name");
  if (type == kSubtaskCompleted) {
    std::string text = fmt::format("subtask {} done", p.subtask_index.value_or(-1));
    std::string subtask_text = field("subtask_text");
    if (!subtask_text.empty()) text += " \"" + subtask_text + "\"";
    return text;
  }
  if (type == kGateCreated) return "gate " + p.gate_id + " (" + p.gate_type + ") created";
  if (type == kGateResultChanged) return "gate " + p.old_status + " -> " + p.new_status;
  if (type == kTagsAdded) {
    std::string text = "tags";
    for (const std::string& tag : p.tags) text += " +" + tag;
    return text;
  }
  if (type == kCounterIncremented) return fmt::format("counter {} {:+}", p.counter, p.delta.value_or(0));
  return type + " (unknown event type, kept as is)";
}

std::string RenderHistoryText(const HistoryView& view, bool colour) {
  std::string out = Colour(EscapeForTerminal(view.entity), "1", colour);
  if (!view.heading.empty()) out += "  " + view.heading;
  out += "\n";
  for (const EventVerdict& verdict : view.replay->verdicts) {
    const Event& event = (*view.events)[verdict.index];
    std::string line = fmt::format("clock {}: {}  by {}  {}", event.lamport_clock, EscapeForTerminal(EventSummary(event)),
                                   EscapeForTerminal(event.actor), EscapeForTerminal(ShortTimestamp(event.timestamp)));
    if (verdict.duplicate) {
      line += Colour("  [duplicate of an earlier copy, ignored]", "2", colour);
    } else if (verdict.concurrent) {
      line += Colour(fmt::format("  [concurrent: {}, {}]", verdict.applied ? "wins" : "overruled", verdict.rule), "33",
                     colour);
    }
    if (!verdict.problem.empty()) {
      line += Colour("  [lifecycle break: " + EscapeForTerminal(verdict.problem) + "]", "31", colour);
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace kittylog::cli
