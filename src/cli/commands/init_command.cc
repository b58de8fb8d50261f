// `kittylog init`: create .kittify/, then `kittylog install`, then bring the checkout's index and
// clock up to date with its log, as the hooks would have (DESIGN §1, §3, §9, §10).
// Outside a git repository only .kittify/ and its .gitignore entries are created, with a note:
// the git integration needs a repository (`git init`, then `kittylog install`). A bare
// repository is refused (exit 3): it has no work tree to hold the log.
#include <fmt/format.h>

#include "cli/commands/commands.h"
#include "cli/commands/git/git_commands.h"
#include "cli/frame/cli_context.h"
#include "cli/frame/display.h"
#include "cli/render/git_json.h"
#include "cli/render/git_text.h"
#include "git/gitignore.h"
#include "git/repository.h"
#include "platform/file_io.h"
#include "store/store_lock.h"
#include "store/store_refresh.h"

namespace kittylog::cli {
namespace {

Status RunInit(CliContext& context) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Layout());
  Result<std::unique_ptr<git::GitRepository>> repo = git::GitRepository::Open(layout.root);
  // A bare repository has no work tree: a log created inside it would sit among git's own files.
  if (repo.ok() && (*repo)->is_bare()) {
    return Status::Io(fmt::format("{}: bare repository: the event log lives in a work tree; run `kittylog init` in a "
                                  "clone or worktree",
                                  (*repo)->git_dir()));
  }
  bool existed = platform::IsDirectory(layout.kittify_dir());
  KL_RETURN_IF_ERROR(platform::MakeDirectories(layout.events_dir()));
  std::vector<std::string> changes, notes;
  changes.push_back(fmt::format("{} {}", existed ? "kept" : "created", layout.kittify_dir()));

  if (!repo.ok()) {
    KL_ASSIGN_OR_RETURN(std::vector<std::string> added, EnsureGitignoreEntries(layout));
    for (const std::string& line : added) changes.push_back("added to .gitignore: " + line);
    notes.push_back("not inside a git work tree: the merge driver and hooks were not installed (run `kittylog install` "
                    "once this is a git repository)");
  } else {
    Result<git::InstallReport> report = InstallGitIntegration(context);
    if (!report.ok()) return report.status().WithPrefix("created .kittify/, but the git integration was not installed");
    changes.insert(changes.end(), report->changes.begin(), report->changes.end());
    notes.insert(notes.end(), report->notes.begin(), report->notes.end());
  }
  if (context.json()) {
    context.SetJsonResult(RenderInitJson(layout.kittify_dir(), !existed, changes, notes));
  } else if (!context.quiet()) {
    Print(RenderChangesText(changes, notes, ""));
  }
  // A fresh clone brings a log but ran no hook: do what post-checkout would have done, so the
  // checkout is complete (index built, clock witnessed) and `kittylog doctor` has nothing to fix.
  KL_ASSIGN_OR_RETURN(std::unique_ptr<StoreLock> lock, StoreLock::Acquire(layout.lock_path(), -1));
  KL_ASSIGN_OR_RETURN(StoreRefresh refresh, RefreshDerivedState(layout));
  for (const std::string& warning : refresh.warnings) context.Warn(warning);
  if (!context.quiet() && refresh.clock > 0) fmt::print("{}\n", EscapeForTerminal(SummaryLine(refresh)));
  return Status::Ok();
}

}  // namespace

void RegisterInitCommand(CLI::App& app) {
  CLI::App* init = app.add_subcommand("init", "Create .kittify/ here and install the git integration");
  SetHandler(init, [](CliContext& context) { return RunInit(context); });
}

}  // namespace kittylog::cli
