// `kittylog conflicts --rev REV` (DESIGN §6 (b), §10; docs/merge-rules.md): reads the two sides
// of a merge commit from git history (git/merge_history.h) and the events the merge lost
// (git/lost_events.h), has the reducer resolve the entities both sides changed
// (workflow/source/merge_conflicts.h), and prints them as text or JSON.
#include <fmt/format.h>

#include <set>
#include <unordered_set>

#include "cli/cli_context.h"
#include "cli/display.h"
#include "cli/workflow_commands.h"
#include "event/event_types.h"
#include "event/json_writer.h"
#include "git/lost_events.h"
#include "git/merge_history.h"
#include "git/repository.h"
#include "workflow/source/merge_conflicts.h"

namespace kittylog::cli {
namespace {

std::string EventText(const Event& event) {
  std::string what;
  if (event.event_type == kWPStatusChanged || event.event_type == kGateResultChanged) {
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

Status RunConflictsAtRev(CliContext& context, const std::string& rev) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  KL_ASSIGN_OR_RETURN(git::MergeSides sides, git::ReadMergeSides(layout.root, rev));
  for (const std::string& problem : sides.problems) context.Warn(problem + " (line skipped)");
  std::unordered_set<std::string> lost;
  {
    KL_ASSIGN_OR_RETURN(std::unique_ptr<git::GitRepository> repo, git::GitRepository::Open(layout.root));
    KL_ASSIGN_OR_RETURN(git::CommitCheck check, git::CheckCommit(*repo, sides.merge_commit));
    for (const std::string& note : check.not_checked) context.Warn(note);
    if (!check.lost.empty()) context.Warn(git::DescribeLoss(check));
    for (const git::MissingEvent& event : check.lost) lost.insert(event.event_id);
  }

  const std::vector<MergeConflict> both = ResolveMergeConflicts(sides.ours, sides.theirs, sides.merged, lost);

  if (context.json()) {
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
    for (const MergeConflict& group : both) {
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
    context.SetJsonResult(w.str());
    return Status::Ok();
  }

  const bool colour = context.UseColour();
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
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::Ok();
}

}  // namespace kittylog::cli
