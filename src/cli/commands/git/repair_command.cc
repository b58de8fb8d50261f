// `kittylog repair [--check] [FILES]` (DESIGN §9, §10; docs/repair.md): turns daily files left by
// merges without the driver, or left unmerged in the git index by a git command that called no
// driver (cherry-pick, stash pop), into the driver's result; --check only reports (exit 1 when
// something needs repair). FILES are daily files, by name or by path.
// `kittylog repair [--check] --rev REV` puts back the events commit REV lost (git/repair_rev.h).
#include <cstdlib>

#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/frame/display.h"
#include "cli/commands/git/git_commands.h"
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

void PrintQuarantine(const repair::FileRepair& file, bool check) {
  for (const repair::QuarantinedLine& line : file.plan.quarantined) {
    std::string where = line.line == 0 ? "a line" : fmt::format("line {}", line.line);  // 0: the git index's only
    fmt::print("  {}{}: {}\n", check ? "would quarantine " : "quarantined ", where, EscapeForTerminal(line.reason));
  }
  if (!file.quarantine_path.empty()) fmt::print("  quarantine: {}\n", EscapeForTerminal(file.quarantine_path));
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
    std::string out = fmt::format("{{\"check\":{},\"rev\":{},\"lost\":{},\"already_back\":{},\"files\":[",
                                  flags.check ? "true" : "false", JsonQuote(run.check.commit), run.check.lost.size(),
                                  run.already_back);
    for (size_t i = 0; i < run.files.size(); ++i) {
      std::string ids;
      for (size_t k = 0; k < run.restored_ids[i].size(); ++k) ids += (k ? "," : "") + JsonQuote(run.restored_ids[i][k]);
      out += fmt::format("{}{{\"file\":{},\"restored\":[{}],\"summary\":{},\"quarantined\":{},\"quarantine\":{}}}",
                         i ? "," : "", JsonQuote(RelativeEventFile(run.files[i].name)), ids,
                         JsonQuote(run.files[i].plan.Summary()), run.files[i].plan.quarantined.size(),
                         JsonQuote(run.files[i].quarantine_path));
    }
    context.SetJsonResult(out + "]}");
  } else if (!context.quiet()) {
    if (run.check.lost.empty()) {
      fmt::print("{} {} lost no events of its parent{}: nothing to repair\n", what, commit, run.check.merge() ? "s" : "");
    } else if (to_restore == 0) {
      fmt::print("{} {} lost {} event{}; all are in the work tree again: nothing to repair\n", what, commit,
                 run.check.lost.size(), run.check.lost.size() == 1 ? "" : "s");
    }
    for (size_t i = 0; i < run.files.size(); ++i) {
      const repair::FileRepair& file = run.files[i];
      fmt::print("{} {} event{} lost by {} {} {} {}\n", flags.check ? "would restore" : "restored",
                 run.restored_ids[i].size(), run.restored_ids[i].size() == 1 ? "" : "s", what, commit,
                 flags.check ? "into" : "to", RelativeEventFile(file.name));
      for (const std::string& id : run.restored_ids[i]) fmt::print("  {}\n", EscapeForTerminal(id));
      PrintQuarantine(file, flags.check);
    }
    if (!flags.check && to_restore > 0) {
      fmt::print("index refreshed, clock {}; commit the restored events (git add .kittify/events)\n", run.refresh.clock);
    }
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
  size_t unmerged = 0;
  for (const repair::FileRepair& file : run.files) unmerged += file.plan.unmerged.empty() ? 0 : 1;

  if (context.json()) {
    std::string out = fmt::format("{{\"check\":{},\"continue\":{},\"files\":[", flags.check ? "true" : "false",
                                  JsonQuote(run.continue_command));
    for (size_t i = 0; i < run.files.size(); ++i) {
      const repair::FileRepair& file = run.files[i];
      out += fmt::format(
          "{}{{\"file\":{},\"summary\":{},\"events\":{},\"quarantined\":{},\"quarantine\":{},\"unmerged\":{}}}",
          i ? "," : "", JsonQuote(RelativeEventFile(file.name)), JsonQuote(file.plan.Summary()), file.plan.events,
          file.plan.quarantined.size(), JsonQuote(file.quarantine_path), JsonQuote(file.plan.unmerged));
    }
    out += "],\"moved_aside\":[";
    for (size_t i = 0; i < run.moved.size(); ++i) {
      const git::MovedEntry& entry = run.moved[i];
      out += fmt::format("{}{{\"file\":{},\"is\":{},\"destination\":{}}}", i ? "," : "",
                         JsonQuote(RelativeEventFile(entry.name)), JsonQuote(entry.what), JsonQuote(entry.destination));
    }
    context.SetJsonResult(out + "]}");
  } else if (!context.quiet()) {
    for (const git::MovedEntry& entry : run.moved) {
      if (flags.check) {
        fmt::print("needs repair {}: {}, not a regular file (never read): would move it into the quarantine\n",
                   RelativeEventFile(entry.name), entry.what);
      } else {
        fmt::print("moved aside {}: {}, not a regular file (never read): now {}\n", RelativeEventFile(entry.name),
                   entry.what, EscapeForTerminal(entry.destination));
      }
    }
    for (const repair::FileRepair& file : run.files) {
      fmt::print("{} {}: {}\n", flags.check ? "needs repair" : "repaired", RelativeEventFile(file.name),
                 file.plan.Summary());
      PrintQuarantine(file, flags.check);
      for (const std::string& id : file.plan.conflicting_ids) {
        fmt::print("  event {} had conflicting versions: the driver's choice was kept, the others quarantined\n",
                   EscapeForTerminal(id));
      }
    }
    if (run.files.empty() && run.moved.empty()) fmt::print("nothing to repair\n");
    if (!flags.check && (!run.files.empty() || !run.moved.empty()) && unmerged == 0) {
      fmt::print("index refreshed, clock {}; commit the repaired files (git add .kittify/events)\n", run.refresh.clock);
    } else if (!flags.check && unmerged > 0) {
      // Marking a conflict resolved is the user's step: repair never writes the git index.
      fmt::print("index refreshed, clock {}; mark {} resolved with `git add .kittify/events`, then {}\n",
                 run.refresh.clock, unmerged == 1 ? "it" : "them",
                 run.continue_command.empty()
                     ? "go on (a `git stash pop` that stopped kept the stash: `git stash drop` it when done)"
                     : "`" + run.continue_command + "`");
    }
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
