// `kittylog repair [--check] [FILES]` (DESIGN §9, §10; docs/repair.md): turns daily files left by
// merges without the driver into the driver's result; --check only reports (exit 1 when
// something needs repair). FILES are daily files, by name or by path.
#include <cstdlib>

#include <fmt/format.h>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/display.h"
#include "cli/git_commands.h"
#include "git/repair.h"
#include "platform/file_io.h"

namespace kittylog::cli {
namespace {

struct RepairFlags {
  bool check = false;
  std::vector<std::string> files;
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

Status RunRepair(CliContext& context, const RepairFlags& flags) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  std::vector<std::string> names;
  for (const std::string& file : flags.files) {
    KL_ASSIGN_OR_RETURN(std::string name, DailyFileName(layout, file));
    names.push_back(std::move(name));
  }
  KL_ASSIGN_OR_RETURN(git::RepairRun run, git::RepairLog(layout, names, flags.check));

  if (context.json()) {
    std::string out = fmt::format("{{\"check\":{},\"files\":[", flags.check ? "true" : "false");
    for (size_t i = 0; i < run.files.size(); ++i) {
      const git::FileRepair& file = run.files[i];
      out += fmt::format("{}{{\"file\":{},\"summary\":{},\"events\":{},\"quarantined\":{},\"quarantine\":{}}}",
                         i ? "," : "", JsonQuote(RelativeEventFile(file.name)), JsonQuote(file.plan.Summary()),
                         file.plan.events, file.plan.quarantined.size(), JsonQuote(file.quarantine_path));
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
    for (const git::FileRepair& file : run.files) {
      fmt::print("{} {}: {}\n", flags.check ? "needs repair" : "repaired", RelativeEventFile(file.name),
                 file.plan.Summary());
      for (const git::QuarantinedLine& line : file.plan.quarantined) {
        fmt::print("  {}line {}: {}\n", flags.check ? "would quarantine " : "quarantined ", line.line,
                   EscapeForTerminal(line.reason));
      }
      if (!file.quarantine_path.empty()) fmt::print("  quarantine: {}\n", EscapeForTerminal(file.quarantine_path));
      for (const std::string& id : file.plan.conflicting_ids) {
        fmt::print("  event {} had conflicting versions: the driver's choice was kept, the others quarantined\n",
                   EscapeForTerminal(id));
      }
    }
    if (run.files.empty() && run.moved.empty()) fmt::print("nothing to repair\n");
    if (!flags.check && (!run.files.empty() || !run.moved.empty())) {
      fmt::print("index refreshed, clock {}; commit the repaired files (git add .kittify/events)\n", run.refresh.clock);
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
  SetHandler(repair, [flags](CliContext& context) { return RunRepair(context, *flags); });
}

}  // namespace kittylog::cli
