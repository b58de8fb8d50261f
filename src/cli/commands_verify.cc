// `kittylog verify`: fsck of the event log (DESIGN §10; docs/cli.md, docs/repair.md). Every line parses,
// ids are valid ULIDs and unique, each file is in total order, no torn tail, clocks valid.
// Prints one `file:line: problem` per problem and exits 1 when there is any. `--history [RANGE]`
// also checks the commits of RANGE for events lost by a merge (cli/verify_history.h).
// Dependency cycles between work packages (possible after a merge: workflow/dependencies.h) are
// listed as warnings and do not change the exit code: history is not rewritten, so no repair
// could remove them.
#include <map>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/display.h"
#include "cli/verify_history.h"
#include "cli/workflow_render.h"
#include "event/line_reader.h"
#include "event/log_layout.h"
#include "platform/file_io.h"
#include "workflow/dependencies.h"
#include "workflow/reducer.h"

namespace kittylog::cli {
namespace {

struct Location {
  std::string file;
  size_t line;
};

struct VerifyFlags {
  bool history = false;  // --history given
  std::string range;     // its RANGE ("" = all of HEAD's history)
};

Status RunVerify(CliContext& context, const VerifyFlags& flags) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Layout());
  KL_ASSIGN_OR_RETURN(std::vector<std::string> names, platform::ListDirectory(layout.events_dir()));
  std::vector<std::string> problems;
  std::map<std::string, Location> seen_ids;
  size_t events = 0, files = 0;
  std::vector<Event> creations;  // WPCreated: their dependencies, for the cycle check
  for (const std::string& name : names) {
    if (name.ends_with(".jsonl") && !IsDailyFileName(name)) {
      context.Warn(fmt::format("{}: not a daily file name (YYYY-MM-DD.jsonl): ignored", RelativeEventFile(name)));
      continue;
    }
    if (!IsDailyFileName(name)) continue;
    ++files;
    std::string label = RelativeEventFile(name);
    KL_ASSIGN_OR_RETURN(LogContents contents, ReadLogFile(layout.events_dir() + "/" + name));
    for (const LineProblem& problem : contents.problems) problems.push_back(problem.Format(label));
    const Event* previous = nullptr;
    for (size_t i = 0; i < contents.events.size(); ++i) {
      const Event& event = contents.events[i];
      size_t line = contents.line_numbers[i];
      ++events;
      if (event.event_type == "WPCreated") creations.push_back(event);
      auto [it, inserted] = seen_ids.try_emplace(event.event_id, Location{label, line});
      if (!inserted) {
        problems.push_back(fmt::format("{}:{}: duplicate event_id {} (first at {}:{})", label, line,
                                       event.event_id, it->second.file, it->second.line));
      } else if (previous != nullptr && !TotalOrderLess(*previous, event)) {
        problems.push_back(fmt::format("{}:{}: out of order: clock {} {} after clock {} {}", label, line,
                                       event.lamport_clock, event.event_id, previous->lamport_clock,
                                       previous->event_id));
      }
      previous = &event;
    }
  }
  HistoryFindings history;
  if (flags.history) {
    KL_ASSIGN_OR_RETURN(history, VerifyHistory(layout, flags.range));
    for (const std::string& note : history.notes) context.Warn(note);
    problems.insert(problems.end(), history.problems.begin(), history.problems.end());
  }
  const std::vector<DependencyCycle> cycles = FindDependencyCycles(Replay(creations).board);
  for (const DependencyCycle& cycle : cycles) context.Warn(CycleWarning(cycle));
  for (const std::string& problem : problems) fmt::print(stderr, "{}\n", EscapeForTerminal(problem));
  if (context.json()) {
    fmt::print("{{\"files\":{},\"events\":{},", files, events);
    if (flags.history) fmt::print("\"commits_checked\":{},", history.commits_checked);
    fmt::print("\"problems\":[");
    for (size_t i = 0; i < problems.size(); ++i) fmt::print("{}{}", i ? "," : "", JsonQuote(problems[i]));
    JsonWriter w;
    w.BeginArray();
    for (const DependencyCycle& cycle : cycles) WriteCycleJson(w, cycle);
    w.EndArray();
    fmt::print("],\"dependency_cycles\":{}}}\n", w.Take());
  } else if (!context.quiet()) {
    fmt::print("{} files, {} events{}, {} problems\n", files, events,
               flags.history ? fmt::format(", {} commits", history.commits_checked) : "", problems.size());
  }
  if (!problems.empty()) {
    return Status::Refused(fmt::format("verify found {} problem(s); `kittylog repair` fixes merge damage",
                                       problems.size()));
  }
  return Status::Ok();
}

}  // namespace

void RegisterVerifyCommand(CLI::App& app) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* verify = app.add_subcommand("verify", "Check every line, id, order and tail of the event log");
  CLI::Option* history =
      verify->add_option("--history", flags->range, "Also check the commits of RANGE (default: all of HEAD's) for lost events")
          ->expected(0, 1);
  SetHandler(verify, [flags, history](CliContext& context) {
    flags->history = history->count() > 0;
    return RunVerify(context, *flags);
  });
}

}  // namespace kittylog::cli
