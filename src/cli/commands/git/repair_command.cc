// `kittylog repair [--check] [FILES]` (DESIGN §9, §10; docs/repair.md): turns daily files left by
// merges without the driver, or left unmerged in the git index by a git command that called no
// driver (cherry-pick, stash pop), into the driver's result; --check only reports (exit 1 when
// something needs repair). FILES are daily files, by name or by path.
// `kittylog repair [--check] --rev REV` puts back the events commit REV lost (git/repair_rev.h).
#include <cstdlib>

#include <fmt/format.h>

#include "cli/commands/commands.h"
#include "cli/commands/git/git_commands.h"
#include "cli/frame/cli_context.h"
#include "cli/frame/display.h"
#include "cli/render/git_json.h"
#include "cli/render/git_text.h"
#include "git/repair.h"
#include "git/repair_rev.h"
#include "platform/file_io.h"
#include "repair/repair_plan.h"

namespace kittylog::cli {
namespace {

struct RepairFlags {
  bool check = false;
  std::vector<std::string> files;
  std::string rev;
};

// A FILES argument as a daily file name; a path must lead into the log's events directory.
Result<std::string> DailyFileName(const LogLayout& layout, const std::string& argument) {
  std::string name = platform::BaseName(argument);
  if (argument.find('/') != std::string::npos) {
    std::string dir = platform::DirName(argument);
    char resolved_dir[4096], events_dir[4096];
    if (::realpath(dir.c_str(), resolved_dir) == nullptr || ::realpath(layout.events_dir().c_str(), events_dir) == nullptr ||
        std::string(resolved_dir) != events_dir) {
      return Status::Usage(fmt::format("{}: not a file of {}", argument, layout.events_dir()));
    }
  }
  if (!IsDailyFileName(name)) return Status::Usage(fmt::format("{}: not a daily event file (YYYY-MM-DD.jsonl)", argument));
  return name;
}

Status RunRepairRev(CliContext& context, const RepairFlags& flags) {
  if (!flags.files.empty()) return Status::Usage("repair --rev REV takes no FILES: it repairs the files REV lost events of");
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  KL_ASSIGN_OR_RETURN(std::unique_ptr<git::GitRepository> repo, git::GitRepository::Open(layout.root));
  Result<git::RestoreRun> restored = git::RestoreLostEvents(*repo, layout, flags.rev, flags.check);
  if (!restored.ok()) return restored.status().WithPrefix("--rev");
  const git::RestoreRun& run = *restored;
  for (const std::string& note : run.check.not_checked) context.Warn(note);
  const std::string commit = git::ShortId(run.check.commit);
  const std::string what = run.check.merge() ? "merge" : "commit";
  size_t to_restore = 0;
  for (const auto& ids : run.restored_ids) to_restore += ids.size();
  if (context.json()) {
    context.SetJsonResult(RenderRestoreJson(run, flags.check));
  } else if (!context.quiet()) {
    Print(RenderRestoreText(run, flags.check));
  }
  if (!flags.check) {
    for (const std::string& warning : run.refresh.warnings) context.Warn(warning);
  }
  if (flags.check && to_restore > 0) {
    return Status::Refused(fmt::format("{} event(s) lost by {} {} need restoring; run `kittylog repair --rev {}`",
                                       to_restore, what, commit, flags.rev));
  }
  return Status::Ok();
}

Status RunRepair(CliContext& context, const RepairFlags& flags) {
  if (!flags.rev.empty()) return RunRepairRev(context, flags);
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  std::vector<std::string> names;
  for (const std::string& file : flags.files) {
    KL_ASSIGN_OR_RETURN(std::string name, DailyFileName(layout, file));
    names.push_back(std::move(name));
  }
  KL_ASSIGN_OR_RETURN(git::RepairRun run, git::RepairLog(layout, names, flags.check));
  for (const std::string& note : run.notes) context.Warn(note);
  if (context.json()) {
    context.SetJsonResult(RenderRepairJson(run, flags.check));
  } else if (!context.quiet()) {
    Print(RenderRepairText(run, flags.check));
  }
  if (!flags.check) {
    for (const std::string& warning : run.refresh.warnings) context.Warn(warning);
  }
  if (flags.check && (!run.files.empty() || !run.moved.empty())) {
    return Status::Refused(
        fmt::format("{} file(s) need repair; run `kittylog repair`", run.files.size() + run.moved.size()));
  }
  return Status::Ok();
}

}  // namespace

void RegisterRepairCommand(CLI::App& app) {
  auto flags = std::make_shared<RepairFlags>();
  CLI::App* repair = app.add_subcommand("repair", "Fix event files merged without the driver; quarantine non-events");
  repair->add_flag("--check", flags->check, "Only report what needs repair (exit 1 when something does)");
  repair->add_option("FILES", flags->files, "Daily files to repair (default: all)");
  repair->add_option("--rev", flags->rev, "Put back the events commit REV lost (a merge made without the driver)");
  SetHandler(repair, [flags](CliContext& context) { return RunRepair(context, *flags); });
}

}  // namespace kittylog::cli
