// `kittylog conflicts --rev REV` (DESIGN §6 (b), §10; docs/merge-rules.md): reads the two sides
// of a merge commit from git history (git/merge_history.h) and the events the merge lost
// (git/lost_events.h), has the reducer resolve the entities both sides changed
// (workflow/source/merge_conflicts.h), and prints them as text or JSON
// (cli/render/workflow_text.h, cli/render/workflow_json.h).
#include <unordered_set>

#include "cli/commands/workflow/workflow_commands.h"
#include "cli/frame/cli_context.h"
#include "cli/frame/display.h"
#include "cli/render/workflow_json.h"
#include "cli/render/workflow_text.h"
#include "git/lost_events.h"
#include "git/merge_history.h"
#include "git/repository.h"
#include "workflow/source/merge_conflicts.h"

namespace kittylog::cli {

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
    context.SetJsonResult(RenderMergeConflictsJson(sides, both, lost));
  } else {
    Print(RenderMergeConflictsText(sides, both, lost, context.UseColour()));
  }
  return Status::Ok();
}

}  // namespace kittylog::cli
