#include "cli/commands/verify_history.h"

#include <fmt/format.h>

#include "git/history_check.h"
#include "git/repository.h"

namespace kittylog::cli {

Result<HistoryFindings> VerifyHistory(const LogLayout& layout, const std::string& range) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<git::GitRepository> repo, git::GitRepository::Open(layout.root));
  Result<git::CommitRange> commits = git::ParseRange(*repo, range);
  if (!commits.ok()) return commits.status().WithPrefix("--history");
  KL_ASSIGN_OR_RETURN(git::HistoryCheck check, git::CheckHistory(*repo, layout, *commits));
  HistoryFindings findings;
  findings.commits_checked = check.commits_checked;
  findings.repaired = check.repaired;
  for (const git::CommitCheck& loss : check.losses) findings.problems.push_back(git::DescribeLoss(loss));
  findings.notes = std::move(check.not_checked);
  if (check.repaired > 0) {
    findings.notes.push_back(fmt::format("{} commit{} lost events that the work tree holds again (repaired)",
                                         check.repaired, check.repaired == 1 ? "" : "s"));
  }
  return findings;
}

}  // namespace kittylog::cli
