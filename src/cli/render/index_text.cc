// The query table and the text of `index rebuild|check|stats` (cli/render/index_text.h).
#include "cli/render/index_text.h"

#include <algorithm>

#include <fmt/format.h>

#include "cli/frame/display.h"
#include "event/event_types.h"

namespace kittylog::cli {
namespace {

std::string Summary(const Event& event) {
  const PayloadFields& p = event.payload;
  std::string text;
  if (ChangesStatus(event.event_type)) {
    text = fmt::format("{} -> {}", p.old_status, p.new_status);
    if (!p.reason.empty()) text += ": " + p.reason;
  } else if (event.event_type == kWPCreated || event.event_type == kSpecCreated) {
    text = p.title;
  } else if (event.event_type == kGateCreated) {
    text = p.gate_type;
  } else if (event.event_type == kTagsAdded) {
    text = "+" + fmt::format("{}", fmt::join(p.tags, ", +"));
  } else if (event.event_type == kCounterIncremented) {
    text = fmt::format("{} {:+d}", p.counter, p.delta.value_or(0));
  } else if (event.event_type == kSubtaskCompleted) {
    text = p.subtask_index ? fmt::format("subtask {}", *p.subtask_index) : "subtask";
  }
  if (!p.feature_slug.empty()) text = text.empty() ? p.feature_slug : p.feature_slug + ": " + text;
  return text;
}

}  // namespace

QueryTableRow QueryRow(const Event& event) {
  std::string time = event.timestamp.size() >= 19 ? event.timestamp.substr(0, 10) + " " + event.timestamp.substr(11, 8)
                                                  : event.timestamp;
  return {std::to_string(event.lamport_clock), EscapeForTerminal(time), EscapeForTerminal(event.event_type),
          EscapeForTerminal(event.entity_id), EscapeForTerminal(event.actor), EscapeForTerminal(Summary(event))};
}

void RenderQueryTable(const std::deque<QueryTableRow>& rows, bool colour,
                      const std::function<void(std::string_view)>& write) {
  static const char* kHeaders[] = {"CLOCK", "TIME", "TYPE", "ENTITY", "ACTOR", "SUMMARY"};
  if (rows.empty()) {
    write("no matching events\n");
    return;
  }
  size_t widths[6];
  for (int c = 0; c < 6; ++c) widths[c] = DisplayWidth(kHeaders[c]);
  for (const auto& row : rows) {
    for (int c = 0; c < 6; ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  auto print_row = [&](const auto& cells, bool header) {
    std::string line;
    for (int c = 0; c < 6; ++c) {
      std::string_view cell = cells[c];
      std::string padded(cell);
      if (c < 5) padded += std::string(widths[c] - DisplayWidth(cell) + 2, ' ');
      line += header ? Colour(padded, "1", colour) : padded;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    write(line + "\n");
  };
  print_row(kHeaders, true);
  for (const auto& row : rows) print_row(row, false);
}

std::string RenderRebuildText(const RefreshReport& report) {
  return fmt::format("index rebuilt: {} events from {} daily files\n", report.events_added, report.files_reindexed);
}

std::string RenderCheckText(const CheckReport& report, bool quiet) {
  std::string out;
  for (const std::string& divergence : report.divergences) out += fmt::format("{}\n", EscapeForTerminal(divergence));
  if (!quiet) {
    out += fmt::format("{} daily files, {} events checked, {} divergence(s)\n", report.files_checked,
                       report.events_checked, report.divergences.size());
  }
  return out;
}

std::string RenderStatsText(const IndexStats& stats) {
  double ratio = stats.jsonl_bytes > 0 ? static_cast<double>(stats.index_bytes) / stats.jsonl_bytes : 0;
  std::string out;
  out += fmt::format("index:          {}{}\n", EscapeForTerminal(stats.path), stats.temporary ? " (temporary)" : "");
  out += fmt::format("schema version: {}\n", stats.schema_version);
  out += fmt::format("events:         {}\n", stats.events);
  out += fmt::format("daily files:    {}\n", stats.files);
  out += fmt::format("work packages:  {}\n", stats.work_packages);
  out += fmt::format("names:          {}\n", stats.names);
  out += fmt::format("highest clock:  {}\n", stats.max_clock);
  out += fmt::format("size:           {:.1f} MB ({:.2f}x the {:.1f} MB of JSONL)\n", stats.index_bytes / 1e6, ratio,
                     stats.jsonl_bytes / 1e6);
  out += fmt::format("built at:       {}\n", EscapeForTerminal(stats.built_at));
  return out;
}

}  // namespace kittylog::cli
