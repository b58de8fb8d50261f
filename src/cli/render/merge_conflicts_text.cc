// `conflicts --rev REV` on a terminal (cli/render/workflow_text.h): the merge, then each entity
// both sides changed, its events side by side with the winner and the events the merge lost.
#include <fmt/format.h>

#include "cli/frame/display.h"
#include "cli/render/workflow_text.h"
#include "event/event_types.h"

namespace kittylog::cli {
namespace {

std::string EventText(const Event& event) {
  std::string what;
  if (ChangesStatus(event.event_type)) {
    what = event.payload.old_status + " -> " + event.payload.new_status;
  } else if (event.event_type == kTagsAdded) {
    for (const std::string& tag : event.payload.tags) what += (what.empty() ? "+" : " +") + tag;
  } else if (event.event_type == kCounterIncremented) {
    what = fmt::format("{} {:+}", event.payload.counter, event.payload.delta.value_or(0));
  } else {
    what = event.event_type;
  }
  return fmt::format("{} clock {} ({}, by {})", EscapeForTerminal(event.event_id), event.lamport_clock,
                     EscapeForTerminal(what), EscapeForTerminal(event.actor));
}

}  // namespace

std::string RenderMergeConflictsText(const git::MergeSides& sides, const std::vector<MergeConflict>& conflicts,
                                     const std::unordered_set<std::string>& lost, bool colour) {
  const std::vector<MergeConflict>& both = conflicts;
  std::string bases;
  for (const std::string& base : sides.base_commits) bases += (bases.empty() ? "" : ", ") + base.substr(0, 12);
  std::string out = fmt::format("merge {} (parents {}, {}; {} {}): {} event{} ours, {} theirs since the base\n",
                                sides.merge_commit.substr(0, 12), sides.parents[0].substr(0, 12),
                                sides.parents[1].substr(0, 12), sides.base_commits.size() > 1 ? "bases" : "base",
                                bases.empty() ? "none" : bases, sides.ours.size(), sides.ours.size() == 1 ? "" : "s",
                                sides.theirs.size());
  if (both.empty()) out += "No entity was changed on both sides.\n";
  for (const MergeConflict& group : both) {
    const ResolvedConflict& conflict = group.resolution;
    out += Colour(fmt::format("{}  {}", EscapeForTerminal(conflict.entity), EscapeForTerminal(conflict.aspect)), "1",
                  colour) + "\n";
    for (const auto* side : {&group.ours, &group.theirs}) {
      for (const Event& event : *side) {
        bool won = !conflict.winner_id.empty() && conflict.winner_id == event.event_id;
        bool gone = lost.contains(event.event_id);
        out += fmt::format("  {:<6}  {}{}\n", side == &group.ours ? "ours" : "theirs", EventText(event),
                           won ? Colour("  <- wins", "32", colour)
                               : (gone ? Colour("  (lost by this merge)", "31", colour) : ""));
      }
    }
    out += fmt::format("  rule: {}  result: {}\n", conflict.rule, EscapeForTerminal(conflict.result));
  }
  if (!both.empty()) {
    out += fmt::format("{} entit{} changed on both sides.\n", both.size(), both.size() == 1 ? "y" : "ies");
  }
  return out;
}

}  // namespace kittylog::cli
