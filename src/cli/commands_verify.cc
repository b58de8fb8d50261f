// `kittylog verify`: fsck of the event log (DESIGN §10; docs/cli.md). Every line parses,
// ids are valid ULIDs and unique, each file is in total order, no torn tail, clocks valid, every
// event names its type and entity, no entry named like a daily file is anything but a file.
// Prints one `file:line: problem` per problem and exits 1 when there is any.
#include <map>

#include <fmt/format.h>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/display.h"
#include "event/line_reader.h"
#include "event/log_files.h"
#include "event/log_layout.h"
#include "platform/file_io.h"

namespace kittylog::cli {
namespace {

struct Location {
  std::string file;
  size_t line;
};

// Read is tolerant (DESIGN §2): a line with an event_id is an event and is kept, but one that
// names no type or entity cannot be replayed by anything; verify says so.
void ReportUnnamed(const Event& event, const std::string& label, size_t line, std::vector<std::string>& problems) {
  for (auto [field, value] : {std::pair<const char*, const std::string*>{"event_type", &event.event_type},
                              {"entity_id", &event.entity_id}, {"entity_type", &event.entity_type}}) {
    if (value->empty()) problems.push_back(fmt::format("{}:{}: {} is missing or empty", label, line, field));
  }
}

Status RunVerify(CliContext& context) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  KL_ASSIGN_OR_RETURN(std::vector<std::string> names, platform::ListDirectory(layout.events_dir()));
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
  }
  std::map<std::string, Location> seen_ids;
  size_t events = 0, files = 0;
  for (const std::string& name : log_files.daily) {
    ++files;
    std::string label = RelativeEventFile(name);
    KL_ASSIGN_OR_RETURN(LogContents contents, ReadLogFile(layout.events_dir() + "/" + name));
    for (const LineProblem& problem : contents.problems) problems.push_back(problem.Format(label));
    const Event* previous = nullptr;
    for (size_t i = 0; i < contents.events.size(); ++i) {
      const Event& event = contents.events[i];
      size_t line = contents.line_numbers[i];
      ++events;
      ReportUnnamed(event, label, line, problems);
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
  for (const std::string& problem : problems) fmt::print(stderr, "{}\n", EscapeForTerminal(problem));
  if (context.json()) {
    std::string out = fmt::format("{{\"files\":{},\"events\":{},\"problems\":[", files, events);
    for (size_t i = 0; i < problems.size(); ++i) out += (i ? "," : "") + JsonQuote(problems[i]);
    context.SetJsonResult(out + "]}");
  } else if (!context.quiet()) {
    fmt::print("{} files, {} events, {} problems\n", files, events, problems.size());
  }
  if (!problems.empty()) {
    return Status::Refused(fmt::format("verify found {} problem(s); `kittylog repair` fixes merge damage",
                                       problems.size()));
  }
  return Status::Ok();
}

}  // namespace

void RegisterVerifyCommand(CLI::App& app) {
  CLI::App* verify = app.add_subcommand("verify", "Check every line, id, order and tail of the event log");
  SetHandler(verify, [](CliContext& context) { return RunVerify(context); });
}

}  // namespace kittylog::cli
