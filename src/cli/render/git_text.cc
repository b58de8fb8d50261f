// The text output of the git integration commands and `init` (cli/render/git_text.h).
#include "cli/render/git_text.h"

#include <fmt/format.h>

#include "cli/frame/display.h"
#include "event/log_layout.h"
#include "git/event_blobs.h"

namespace kittylog::cli {
namespace {

std::string QuarantineText(const repair::FileRepair& file, bool check) {
  std::string out;
  for (const repair::QuarantinedLine& line : file.plan.quarantined) {
    std::string where = line.line == 0 ? "a line" : fmt::format("line {}", line.line);  // 0: the git index's only
    out += fmt::format("  {}{}: {}\n", check ? "would quarantine " : "quarantined ", where, EscapeForTerminal(line.reason));
  }
  if (!file.quarantine_path.empty()) out += fmt::format("  quarantine: {}\n", EscapeForTerminal(file.quarantine_path));
  return out;
}

}  // namespace

std::string RenderChangesText(const std::vector<std::string>& changes, const std::vector<std::string>& notes,
                              std::string_view nothing) {
  std::string out;
  for (const std::string& change : changes) out += fmt::format("{}\n", EscapeForTerminal(change));
  for (const std::string& note : notes) out += fmt::format("note: {}\n", EscapeForTerminal(note));
  if (changes.empty() && notes.empty() && !nothing.empty()) out += fmt::format("{}\n", nothing);
  return out;
}

std::string RenderDoctorText(const git::DoctorReport& report, bool fix, bool colour) {
  std::string out;
  size_t problems = 0;
  for (const git::DoctorCheck& check : report.checks) {
    problems += check.ok ? 0 : 1;
    std::string mark = check.fixed ? Colour("fixed  ", "33", colour)
                                   : (check.ok ? Colour("ok     ", "32", colour) : Colour("problem", "31", colour));
    out += fmt::format("{} {:<12} {}\n", mark, check.name, EscapeForTerminal(check.detail));
  }
  if (problems > 0 && !fix) out += "run `kittylog doctor --fix` to fix what can be fixed\n";
  return out;
}

std::string RenderHookText(const git::HookOutcome& outcome) {
  return outcome.summary.empty() ? "" : fmt::format("{}\n", EscapeForTerminal(outcome.summary));
}

std::string RenderRepairText(const git::RepairRun& run, bool check) {
  size_t unmerged = 0;
  for (const repair::FileRepair& file : run.files) unmerged += file.plan.unmerged.empty() ? 0 : 1;
  std::string out;
  for (const git::MovedEntry& entry : run.moved) {
    if (check) {
      out += fmt::format("needs repair {}: {}, not a regular file (never read): would move it into the quarantine\n",
                         RelativeEventFile(entry.name), entry.what);
    } else {
      out += fmt::format("moved aside {}: {}, not a regular file (never read): now {}\n", RelativeEventFile(entry.name),
                         entry.what, EscapeForTerminal(entry.destination));
    }
  }
  for (const repair::FileRepair& file : run.files) {
    out += fmt::format("{} {}: {}\n", check ? "needs repair" : "repaired", RelativeEventFile(file.name),
                       file.plan.Summary());
    out += QuarantineText(file, check);
    for (const std::string& id : file.plan.conflicting_ids) {
      out += fmt::format("  event {} had conflicting versions: the driver's choice was kept, the others quarantined\n",
                         EscapeForTerminal(id));
    }
  }
  if (run.files.empty() && run.moved.empty()) out += "nothing to repair\n";
  if (!check && (!run.files.empty() || !run.moved.empty()) && unmerged == 0) {
    out += fmt::format("index refreshed, clock {}; commit the repaired files (git add .kittify/events)\n",
                       run.refresh.clock);
  } else if (!check && unmerged > 0) {
    // Marking a conflict resolved is the user's step: repair never writes the git index.
    out += fmt::format("index refreshed, clock {}; mark {} resolved with `git add .kittify/events`, then {}\n",
                       run.refresh.clock, unmerged == 1 ? "it" : "them",
                       run.continue_command.empty()
                           ? "go on (a `git stash pop` that stopped kept the stash: `git stash drop` it when done)"
                           : "`" + run.continue_command + "`");
  }
  return out;
}

std::string RenderRestoreText(const git::RestoreRun& run, bool check) {
  const std::string commit = git::ShortId(run.check.commit);
  const std::string what = run.check.merge() ? "merge" : "commit";
  size_t to_restore = 0;
  for (const auto& ids : run.restored_ids) to_restore += ids.size();
  std::string out;
  if (run.check.lost.empty()) {
    out += fmt::format("{} {} lost no events of its parent{}: nothing to repair\n", what, commit,
                       run.check.merge() ? "s" : "");
  } else if (to_restore == 0) {
    out += fmt::format("{} {} lost {} event{}; all are in the work tree again: nothing to repair\n", what, commit,
                       run.check.lost.size(), run.check.lost.size() == 1 ? "" : "s");
  }
  for (size_t i = 0; i < run.files.size(); ++i) {
    const repair::FileRepair& file = run.files[i];
    out += fmt::format("{} {} event{} lost by {} {} {} {}\n", check ? "would restore" : "restored",
                       run.restored_ids[i].size(), run.restored_ids[i].size() == 1 ? "" : "s", what, commit,
                       check ? "into" : "to", RelativeEventFile(file.name));
    for (const std::string& id : run.restored_ids[i]) out += fmt::format("  {}\n", EscapeForTerminal(id));
    out += QuarantineText(file, check);
  }
  if (!check && to_restore > 0) {
    out += fmt::format("index refreshed, clock {}; commit the restored events (git add .kittify/events)\n",
                       run.refresh.clock);
  }
  return out;
}

}  // namespace kittylog::cli
