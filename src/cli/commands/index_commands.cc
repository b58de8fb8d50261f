// `kittylog query` and `kittylog index rebuild|check|stats` (DESIGN §7, §10; docs/index.md).
//
// query prints the events that match its filters in total order, as a table (default on a
// terminal), a JSON array, or JSONL: the original lines byte for byte. Everything taken from
// the log is escaped before it reaches a terminal (the table and the other commands' output:
// cli/render/index_text.h, cli/render/index_json.h). Filters are validated here so that a bad
// value is a usage error (exit 2) naming its flag; the index treats every value as data.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "cli/commands/commands.h"
#include "cli/frame/cli_context.h"
#include "cli/frame/display.h"
#include "cli/render/index_json.h"
#include "cli/render/index_text.h"
#include "event/timestamp.h"
#include "index/event_index.h"

namespace kittylog::cli {
namespace {

struct QueryFlags {
  std::string entity, entity_type, type, feature, actor, since, until, from, to, limit;
  std::string format;
  CLI::App* command = nullptr;
  bool given(const char* flag) const { return command->count(flag) > 0; }
};

Result<int64_t> ParseCount(const std::string& flag, const std::string& text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return Status::Usage(fmt::format("{}: expected a whole number >= 0, got '{}'", flag, EscapeForTerminal(text)));
  }
  return value;
}

Result<QueryFilter> BuildFilter(const QueryFlags& flags) {
  QueryFilter filter;
  if (flags.given("--entity")) filter.entity = flags.entity;
  if (flags.given("--entity-type")) filter.entity_type = flags.entity_type;
  if (flags.given("--type")) filter.event_type = flags.type;
  if (flags.given("--feature")) filter.feature = flags.feature;
  if (flags.given("--actor")) filter.actor = flags.actor;
  if (flags.given("--since-clock")) {
    KL_ASSIGN_OR_RETURN(filter.since_clock, ParseCount("--since-clock", flags.since));
  }
  if (flags.given("--until-clock")) {
    KL_ASSIGN_OR_RETURN(filter.until_clock, ParseCount("--until-clock", flags.until));
  }
  if (flags.given("--limit")) {
    KL_ASSIGN_OR_RETURN(filter.limit, ParseCount("--limit", flags.limit));
  }
  for (auto [flag, text, field] : {std::tuple{"--from", &flags.from, &filter.from_date},
                                   std::tuple{"--to", &flags.to, &filter.to_date}}) {
    if (!flags.given(flag)) continue;
    if (!IsValidDate(*text)) {
      return Status::Usage(fmt::format("{}: expected a date YYYY-MM-DD, got '{}'", flag, EscapeForTerminal(*text)));
    }
    *field = *text;
  }
  return filter;
}

// Writes through one buffer: a million lines must not cost a million writes. With a `keep`
// string everything is collected there instead (the --json document is printed by the frame).
class Output {
 public:
  Output() = default;
  explicit Output(std::string* keep) : keep_(keep) {}
  ~Output() { Flush(); }
  void Add(std::string_view text) {
    buffer_ += text;
    if (buffer_.size() >= (1 << 16)) Flush();
  }
  void Flush() {
    if (keep_ != nullptr) {
      *keep_ += buffer_;
    } else {
      std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
    }
    buffer_.clear();
  }

 private:
  std::string* keep_ = nullptr;
  std::string buffer_;
};

Status PrintTable(EventIndex& index, const QueryFilter& filter, bool colour) {
  std::deque<QueryTableRow> rows;  // escaped cells: widths need every row first (a deque: no moves as it grows)
  KL_RETURN_IF_ERROR(index.ForEachEvent(filter, [&](Event&& event) {
    rows.push_back(QueryRow(event));
    return Status::Ok();
  }));
  Output out;
  RenderQueryTable(rows, colour, [&](std::string_view text) { out.Add(text); });
  return Status::Ok();
}

Status RunQuery(CliContext& context, const QueryFlags& flags) {
  KL_ASSIGN_OR_RETURN(QueryFilter filter, BuildFilter(flags));
  std::string format = flags.format.empty() ? (context.json() ? "json" : "table") : flags.format;
  if (format != "table" && format != "json" && format != "jsonl") {
    return Status::Usage(fmt::format("--format: expected table, json or jsonl, got '{}'", EscapeForTerminal(format)));
  }
  if (context.json() && format != "json") {
    return Status::Usage(fmt::format("--format {} with --json: --json prints one JSON document; use --format json (its "
                                     "default) or drop --json",
                                     format));
  }
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  IndexOptions options;
  options.show_progress = !context.quiet() && ::isatty(STDERR_FILENO) == 1;
  RefreshReport report;
  Result<std::unique_ptr<EventIndex>> opened = EventIndex::Open(layout, options, &report);
  for (const std::string& warning : report.warnings) context.Warn(warning);
  KL_RETURN_IF_ERROR(opened.status());
  EventIndex& index = **opened;
  Status status;
  if (format == "table") {
    status = PrintTable(index, filter, context.UseColour());
  } else {
    // The original lines, byte for byte: each is a JSON object, so they also make the array.
    std::string document;
    Output out(context.json() ? &document : nullptr);
    bool json = format == "json", first = true;
    if (json) out.Add("[");
    status = index.ForEachEvent(filter, [&](Event&& event) {
      if (json) out.Add(first ? "\n" : ",\n");
      out.Add(event.raw_line);
      if (!json) out.Add("\n");
      first = false;
      return Status::Ok();
    });
    if (json) out.Add(first ? "]\n" : "\n]\n");
    out.Flush();
    if (context.json() && status.ok()) context.SetJsonResult(std::move(document));
  }
  for (const std::string& warning : index.TakeWarnings()) context.Warn(warning);
  return status;
}

Result<std::unique_ptr<EventIndex>> OpenForCommand(CliContext& context) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  IndexOptions options;
  options.show_progress = !context.quiet() && ::isatty(STDERR_FILENO) == 1;
  RefreshReport report;
  Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(layout, options, &report);
  for (const std::string& warning : report.warnings) context.Warn(warning);
  return index;
}

Status RunRebuild(CliContext& context) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<EventIndex> index, OpenForCommand(context));
  KL_ASSIGN_OR_RETURN(RefreshReport report, index->Rebuild());
  for (const std::string& warning : report.warnings) context.Warn(warning);
  if (context.json()) {
    context.SetJsonResult(RenderRebuildJson(report, index->temporary()));
  } else if (!context.quiet()) {
    Print(RenderRebuildText(report));
  }
  return Status::Ok();
}

Status RunCheck(CliContext& context) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<EventIndex> index, OpenForCommand(context));
  KL_ASSIGN_OR_RETURN(CheckReport report, index->Check());
  if (context.json()) {
    context.SetJsonResult(RenderCheckJson(report));
  } else {
    Print(RenderCheckText(report, context.quiet()));
  }
  if (!report.divergences.empty()) {
    return Status::Refused(fmt::format("index check found {} divergence(s); `kittylog index rebuild` rebuilds it",
                                       report.divergences.size()));
  }
  return Status::Ok();
}

Status RunStats(CliContext& context) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<EventIndex> index, OpenForCommand(context));
  KL_ASSIGN_OR_RETURN(IndexStats stats, index->Stats());
  if (context.json()) {
    context.SetJsonResult(RenderStatsJson(stats));
  } else {
    Print(RenderStatsText(stats));
  }
  return Status::Ok();
}

}  // namespace

void RegisterIndexCommands(CLI::App& app) {
  auto flags = std::make_shared<QueryFlags>();
  CLI::App* query = app.add_subcommand("query", "Events matching filters, in total order (from the index)");
  flags->command = query;
  query->add_option("--entity", flags->entity, "entity_id, e.g. WP01 or gate-ci-WP01");
  query->add_option("--entity-type", flags->entity_type, "WorkPackage, FeatureSpec, Subtask, Gate, Workspace");
  query->add_option("--type", flags->type, "event_type, e.g. WPStatusChanged");
  query->add_option("--feature", flags->feature, "payload.feature_slug, e.g. 025-cli-event-log");
  query->add_option("--actor", flags->actor, "who caused the event");
  query->add_option("--since-clock", flags->since, "lamport_clock >= N");
  query->add_option("--until-clock", flags->until, "lamport_clock <= N");
  query->add_option("--from", flags->from, "from this UTC date (YYYY-MM-DD), inclusive");
  query->add_option("--to", flags->to, "to this UTC date (YYYY-MM-DD), inclusive");
  query->add_option("--limit", flags->limit, "at most N events (the first in total order)");
  query->add_option("--format", flags->format, "table (default), json, or jsonl (the original lines)");
  SetHandler(query, [flags](CliContext& context) { return RunQuery(context, *flags); });

  CLI::App* index = app.add_subcommand("index", "The derived SQLite index (.kittify/events/index.db)");
  CLI::App* rebuild = index->add_subcommand("rebuild", "Rebuild the index from the event log");
  SetHandler(rebuild, [](CliContext& context) { return RunRebuild(context); });
  CLI::App* check = index->add_subcommand("check", "Compare the index with the event log; exit 1 on divergence");
  SetHandler(check, [](CliContext& context) { return RunCheck(context); });
  CLI::App* stats = index->add_subcommand("stats", "Counts and sizes of the index");
  SetHandler(stats, [](CliContext& context) { return RunStats(context); });
}

}  // namespace kittylog::cli
