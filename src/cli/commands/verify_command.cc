// `kittylog verify`: fsck of the event log (DESIGN §5, §10; docs/cli.md, docs/repair.md). Every line
// parses, ids are valid ULIDs and unique, each file is in total order, no torn tail, clocks in range,
// every event names its type and entity (the checks of the daily files: event/log_fsck.h), no
// entry named like a daily file is anything but a file;
// and the lifecycle breaks the reducer finds (workflow/reducer.h) are listed, file:line each.
// Prints one `file:line: problem` per problem and exits 1 when there is any; lifecycle breaks
// are history replayed as written, not damage: listed, and problems only with --strict.
// `--history [RANGE]` also checks the commits of RANGE for events lost by a merge
// (cli/commands/verify_history.h).
// Dependency cycles between work packages (possible after a merge: workflow/dependencies.h) are
// listed as warnings and do not change the exit code: history is not rewritten, so no repair
// could remove them.
#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/frame/display.h"
#include "cli/commands/verify_history.h"
#include "cli/render/verify_json.h"
#include "cli/render/verify_text.h"
#include "cli/render/workflow_text.h"
#include "event/line_reader.h"
#include "event/log_files.h"
#include "event/log_fsck.h"
#include "event/log_layout.h"
#include "platform/file_io.h"
#include "workflow/dependencies.h"
#include "workflow/reducer.h"

namespace kittylog::cli {
namespace {

struct VerifyFlags {
  bool history = false;  // --history given
  std::string range;     // its RANGE ("" = all of HEAD's history)
  bool strict = false;
};

Status RunVerify(CliContext& context, const VerifyFlags& flags) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  KL_ASSIGN_OR_RETURN(std::vector<std::string> names, platform::ListDirectory(layout.events_dir()));
  size_t repairable = 0;  // what `kittylog repair` fixes: lines that are not events, duplicates, disorder, torn tails
  std::vector<Event> replayed;  // every event: lifecycle and guard breaks, dependency cycles
  EventDecoder::Options options;
  options.keep_raw_line = false;
  for (const std::string& name : names) {
    if (name.ends_with(".jsonl") && !IsDailyFileName(name)) {
      context.Warn(fmt::format("{}: not a daily file name (YYYY-MM-DD.jsonl): ignored", RelativeEventFile(name)));
    }
  }
  KL_ASSIGN_OR_RETURN(LogFiles log_files, ListLogFiles(layout.events_dir()));
  std::vector<std::string> problems;
  // An entry that is not a regular file is never opened (it could be a link out of the
  // repository, a FIFO or /dev/zero): reported by name only.
  for (const SkippedLogEntry& entry : log_files.skipped) {
    problems.push_back(entry.Format() + " (`kittylog repair` moves it aside)");
    ++repairable;
  }
  LogFsck fsck;  // every file: a duplicate is found across files
  size_t events = 0, files = 0;
  for (const std::string& name : log_files.daily) {
    ++files;
    std::string label = RelativeEventFile(name);
    KL_ASSIGN_OR_RETURN(LogContents contents, ReadLogFile(layout.events_dir() + "/" + name, options));
    events += contents.events.size();
    std::vector<LogProblem> found = fsck.CheckFile(label, contents);
    // The reader's reports on a file's lines come before the problems of its events.
    std::stable_partition(found.begin(), found.end(), [](const LogProblem& problem) { return problem.IsLineProblem(); });
    for (const LogProblem& problem : found) {
      problems.push_back(fmt::format("{}:{}: {}", label, problem.line, problem.text));
      repairable += problem.IsMergeDamage();
    }
    replayed.insert(replayed.end(), std::make_move_iterator(contents.events.begin()),
                    std::make_move_iterator(contents.events.end()));
  }

  const BoardState board = Replay(replayed, {.list_conflicts = false}).board;
  std::vector<std::string> breaks;
  for (const LifecycleBreak& lifecycle_break : board.breaks) {
    const LogFsck::Location at = fsck.FirstSeen(lifecycle_break.event.event_id).value();
    breaks.push_back(fmt::format("{}:{}: lifecycle break in {} at clock {} (event {}, by {}): {}", at.file, at.line,
                                 lifecycle_break.entity, lifecycle_break.event.lamport_clock,
                                 lifecycle_break.event.event_id, lifecycle_break.event.actor, lifecycle_break.problem));
  }
  if (flags.strict) problems.insert(problems.end(), breaks.begin(), breaks.end());

  HistoryFindings history;
  if (flags.history) {
    KL_ASSIGN_OR_RETURN(history, VerifyHistory(layout, flags.range));
    for (const std::string& note : history.notes) context.Warn(note);
    problems.insert(problems.end(), history.problems.begin(), history.problems.end());
  }
  const std::vector<DependencyCycle> cycles = FindDependencyCycles(board);
  for (const DependencyCycle& cycle : cycles) context.Warn(CycleWarning(cycle));
  for (const std::string& problem : problems) fmt::print(stderr, "{}\n", EscapeForTerminal(problem));
  if (!flags.strict) {
    for (const std::string& note : breaks) fmt::print(stderr, "{}\n", EscapeForTerminal(note));
  }
  const std::optional<size_t> commits_checked =
      flags.history ? std::optional<size_t>(history.commits_checked) : std::nullopt;
  if (context.json()) {
    context.SetJsonResult(RenderVerifyJson(files, events, commits_checked, problems, breaks, cycles));
  } else if (!context.quiet()) {
    Print(RenderVerifySummaryText(files, events, commits_checked, problems.size(), breaks.size()));
  }
  if (!problems.empty()) {
    return Status::Refused(fmt::format("verify found {} problem(s){}", problems.size(),
                                       repairable > 0 ? "; `kittylog repair` fixes merge damage" : ""));
  }
  return Status::Ok();
}

}  // namespace

void RegisterVerifyCommand(CLI::App& app) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* verify = app.add_subcommand("verify", "Check every line, id, order and tail of the event log");
  verify->add_flag("--strict", flags->strict, "Lifecycle breaks count as problems (exit 1)");
  CLI::Option* history =
      verify->add_option("--history", flags->range, "Also check the commits of RANGE (default: all of HEAD's) for lost events")
          ->expected(0, 1)
          ->option_text("[RANGE]");
  SetHandler(verify, [flags, history](CliContext& context) {
    flags->history = history->count() > 0;
    return RunVerify(context, *flags);
  });
}

}  // namespace kittylog::cli
