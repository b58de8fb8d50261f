#include "cli/workflow_render.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <simdjson.h>

#include "cli/display.h"
#include "event/event_types.h"
#include "event/json_writer.h"

namespace kittylog::cli {
namespace {

constexpr size_t kMinColumn = 12;
constexpr size_t kMaxColumn = 34;
constexpr size_t kBarWidth = 20;
constexpr std::string_view kGap = "  ";

struct Column {
  std::string_view lane;
  std::string_view heading;
  std::string_view colour;
};
constexpr std::array<Column, 5> kColumns = {{
    {"planned", "Planned", "1"},
    {"doing", "Doing", "33"},
    {"for_review", "For Review", "36"},
    {"done", "Done", "32"},
    {"rejected", "Rejected", "31"},
}};

// At most `width` columns of `text` (display width: a CJK character takes two), cut between
// characters, "..." when cut; a wide character that does not fit leaves a space instead.
std::string Fit(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  size_t keep = width > 3 ? width - 3 : 0;
  TextPrefix prefix = PrefixWithin(text, keep);
  return std::string(text.substr(0, prefix.bytes)) + std::string(keep - prefix.columns, ' ') +
         std::string("...").substr(0, width - keep);
}

std::string Pad(std::string_view text, size_t width) {
  size_t shown = DisplayWidth(text);
  return std::string(text) + std::string(width > shown ? width - shown : 0, ' ');
}

std::string JoinEscaped(const std::vector<std::string>& values, std::string_view separator) {
  std::string joined;
  for (const std::string& value : values) {
    if (!joined.empty()) joined += separator;
    joined += EscapeForTerminal(value);
  }
  return joined;
}

// One card line: text plus the colour to show it in.
struct CardLine {
  std::string text;
  std::string colour;
};

std::string ProgressLine(size_t done, size_t total, bool colour) {
  size_t filled = total == 0 ? 0 : done * kBarWidth / total;
  size_t percent = total == 0 ? 0 : done * 100 / total;
  std::string bar;
  for (size_t i = 0; i < kBarWidth; ++i) bar += i < filled ? (colour ? "█" : "#") : (colour ? "░" : "-");
  return fmt::format("  progress: {}/{} done  [{}]  {}%", done, total, Colour(bar, "32", colour), percent);
}

void RenderFeature(const FeatureState& feature, const BoardGuards& guards, const BoardStyle& style, std::string& out) {
  std::string title = feature.created ? EscapeForTerminal(feature.title) : "(no SpecCreated in the log)";
  out += Colour(EscapeForTerminal(feature.slug), "1", style.colour) + "  " + title;
  if (!feature.tags.empty()) out += "  [" + JoinEscaped(feature.tags, ", ") + "]";
  out += "\n";

  bool any_rejected = false;
  size_t done = 0;
  for (const WorkPackageState& wp : feature.work_packages) {
    any_rejected |= wp.lane == "rejected";
    done += wp.lane == "done";
  }
  std::vector<const Column*> shown;
  for (const Column& column : kColumns) {
    if (column.lane != "rejected" || any_rejected) shown.push_back(&column);
  }
  // Lanes the lifecycle does not know (written through `emit` by another tool) get a column too.
  std::vector<std::string> extra_lanes;
  for (const WorkPackageState& wp : feature.work_packages) {
    bool known = std::any_of(kColumns.begin(), kColumns.end(), [&](const Column& c) { return c.lane == wp.lane; });
    if (!known && std::find(extra_lanes.begin(), extra_lanes.end(), wp.lane) == extra_lanes.end()) {
      extra_lanes.push_back(wp.lane);
    }
  }

  struct Lane {
    std::string heading;
    std::string colour;
    std::vector<CardLine> lines;
    size_t width = kMinColumn;
  };
  std::vector<Lane> lanes;
  auto fill = [&](std::string_view lane_name, std::string heading, std::string colour) {
    Lane lane;
    lane.colour = std::move(colour);
    size_t count = 0;
    for (const WorkPackageState& wp : feature.work_packages) {
      if (wp.lane != lane_name) continue;
      ++count;
      std::string card = EscapeForTerminal(wp.id);
      if (!wp.title.empty()) card += " " + EscapeForTerminal(wp.title);
      lane.lines.push_back({card, lane.colour});
      if (!wp.tags.empty()) lane.lines.push_back({"  [" + JoinEscaped(wp.tags, ", ") + "]", "2"});
      for (std::string& mark : guards.CardMarks(wp)) lane.lines.push_back({"  " + std::move(mark), "31"});
    }
    lane.heading = fmt::format("{} ({})", heading, count);
    lane.width = std::max(kMinColumn, DisplayWidth(lane.heading));
    for (const CardLine& line : lane.lines) lane.width = std::max(lane.width, std::min(kMaxColumn, DisplayWidth(line.text)));
    lanes.push_back(std::move(lane));
  };
  for (const Column* column : shown) fill(column->lane, std::string(column->heading), std::string(column->colour));
  for (const std::string& lane : extra_lanes) fill(lane, EscapeForTerminal(lane), "35");

  // Narrow the widest columns until the board fits the terminal.
  if (style.width > 0) {
    auto total = [&] {
      size_t sum = kGap.size();
      for (const Lane& lane : lanes) sum += lane.width + kGap.size();
      return sum;
    };
    while (total() > static_cast<size_t>(style.width)) {
      auto widest = std::max_element(lanes.begin(), lanes.end(),
                                     [](const Lane& a, const Lane& b) { return a.width < b.width; });
      if (widest->width <= kMinColumn) break;
      --widest->width;
    }
  }

  std::string heading_row = std::string(kGap), rule_row = std::string(kGap);
  for (const Lane& lane : lanes) {
    heading_row += Colour(Pad(Fit(lane.heading, lane.width), lane.width), "1", style.colour) + std::string(kGap);
    rule_row += std::string(lane.width, '-') + std::string(kGap);
  }
  auto trim = [](std::string row) {
    while (!row.empty() && row.back() == ' ') row.pop_back();
    return row;
  };
  out += trim(heading_row) + "\n" + trim(rule_row) + "\n";
  size_t rows = 0;
  for (const Lane& lane : lanes) rows = std::max(rows, lane.lines.size());
  for (size_t row = 0; row < rows; ++row) {
    std::string line = std::string(kGap);
    for (const Lane& lane : lanes) {
      if (row < lane.lines.size()) {
        const CardLine& card = lane.lines[row];
        line += Colour(Pad(Fit(card.text, lane.width), lane.width), card.colour, style.colour && !card.colour.empty());
      } else {
        line += std::string(lane.width, ' ');
      }
      line += kGap;
    }
    out += trim(line) + "\n";
  }
  out += ProgressLine(done, feature.work_packages.size(), style.colour) + "\n";
}

void WriteCounters(JsonWriter& w, const std::map<std::string, int64_t>& counters) {
  w.Key("counters");
  w.BeginObject();
  for (const auto& [name, value] : counters) {
    w.Key(name);
    w.Int(value);
  }
  w.EndObject();
}

}  // namespace

std::string CompetitorText(const EventRef& event) {
  std::string what;
  if (event.event_type == kWPStatusChanged || event.event_type == kGateResultChanged) {
    what = EscapeForTerminal(event.old_status) + " -> " + EscapeForTerminal(event.new_status);
  } else if (event.event_type == kTagsAdded) {
    for (const std::string& tag : event.tags) what += (what.empty() ? "+" : " +") + EscapeForTerminal(tag);
  } else if (event.event_type == kCounterIncremented) {
    what = fmt::format("{} {:+}", EscapeForTerminal(event.counter), event.delta);
  } else {
    what = EscapeForTerminal(event.event_type);
  }
  return fmt::format("{} ({}, by {})", EscapeForTerminal(event.event_id), what, EscapeForTerminal(event.actor));
}

void WriteEventRefJson(JsonWriter& w, const EventRef& event) {
  w.BeginObject();
  w.Key("event_id"); w.String(event.event_id);
  w.Key("lamport_clock"); w.Int(event.lamport_clock);
  w.Key("event_type"); w.String(event.event_type);
  w.Key("actor"); w.String(event.actor);
  w.Key("timestamp"); w.String(event.timestamp);
  if (!event.old_status.empty() || !event.new_status.empty()) {
    w.Key("old_status"); w.String(event.old_status);
    w.Key("new_status"); w.String(event.new_status);
  }
  if (!event.tags.empty()) {
    w.Key("tags"); w.BeginArray();
    for (const std::string& tag : event.tags) w.String(tag);
    w.EndArray();
  }
  if (!event.counter.empty()) {
    w.Key("counter"); w.String(event.counter);
    w.Key("delta"); w.Int(event.delta);
  }
  w.EndObject();
}

void WriteConflictJson(JsonWriter& w, const ResolvedConflict& conflict) {
  w.BeginObject();
  w.Key("entity"); w.String(conflict.entity);
  w.Key("aspect"); w.String(conflict.aspect);
  w.Key("lamport_clock"); w.Int(conflict.lamport_clock);
  w.Key("last_clock"); w.Int(conflict.last_clock);
  w.Key("competing"); w.BeginArray();
  for (const EventRef& event : conflict.competing) WriteEventRefJson(w, event);
  w.EndArray();
  w.Key("omitted"); w.Int(static_cast<int64_t>(conflict.omitted));
  w.Key("rule"); w.String(conflict.rule);
  w.Key("winner_id");
  if (conflict.winner_id.empty()) w.Null(); else w.String(conflict.winner_id);
  w.Key("result"); w.String(conflict.result);
  w.Key("warning"); w.String(ConflictWarning(conflict));
  w.EndObject();
}

void WriteStringsJson(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& value : values) w.String(value);
  w.EndArray();
}

int TerminalWidth() {
  if (::isatty(STDOUT_FILENO) != 1) return 0;
  struct winsize size {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 0;
  return size.ws_col;
}

std::string ClockSpan(const ResolvedConflict& conflict) {
  if (conflict.last_clock <= conflict.lamport_clock) return fmt::format("clock {}", conflict.lamport_clock);
  return fmt::format("clocks {}..{}", conflict.lamport_clock, conflict.last_clock);
}

std::string ConflictWarning(const ResolvedConflict& conflict) {
  // A warning line stays short: the winner and the latest others; `conflicts` lists them all.
  constexpr size_t kShown = 4;
  std::vector<const EventRef*> shown;
  for (const EventRef& event : conflict.competing) {
    if (event.event_id == conflict.winner_id) shown.push_back(&event);
  }
  for (auto it = conflict.competing.rbegin(); it != conflict.competing.rend() && shown.size() < kShown; ++it) {
    if (it->event_id != conflict.winner_id) shown.push_back(&*it);
  }
  std::sort(shown.begin(), shown.end());  // back in total order (competing is)
  std::string competing;
  for (const EventRef* event : shown) competing += (competing.empty() ? "" : ", ") + CompetitorText(*event);
  const size_t more = conflict.competing.size() - shown.size() + conflict.omitted;
  if (more > 0) competing += fmt::format(", and {} more", more);
  std::string winner = conflict.winner_id.empty() ? "" : " (event " + EscapeForTerminal(conflict.winner_id) + ")";
  return fmt::format("concurrent {} changes to {} at {}: {}; {} -> {}{}", EscapeForTerminal(conflict.aspect),
                     EscapeForTerminal(conflict.entity), ClockSpan(conflict), competing, conflict.rule,
                     EscapeForTerminal(conflict.result), winner);
}

std::string BreakWarning(const LifecycleBreak& lifecycle_break) {
  const bool left_out = lifecycle_break.problem.ends_with("not applied");
  if (lifecycle_break.count > 1) {
    return fmt::format("lifecycle breaks in {}: {} moves replayed as written; the latest at clock {} (event {}, by {}): "
                       "{}; `kittylog history` lists them all",
                       EscapeForTerminal(lifecycle_break.entity), lifecycle_break.count,
                       lifecycle_break.event.lamport_clock, EscapeForTerminal(lifecycle_break.event.event_id),
                       EscapeForTerminal(lifecycle_break.event.actor), EscapeForTerminal(lifecycle_break.problem));
  }
  return fmt::format("lifecycle break in {} at clock {} (event {}, by {}): {}{}",
                     EscapeForTerminal(lifecycle_break.entity), lifecycle_break.event.lamport_clock,
                     EscapeForTerminal(lifecycle_break.event.event_id), EscapeForTerminal(lifecycle_break.event.actor),
                     EscapeForTerminal(lifecycle_break.problem), left_out ? "" : "; replayed as written");
}

std::string SaturationWarning(const CounterSaturation& saturation) {
  return fmt::format("counter {} of {} saturated at {} (event {}): counters hold +/-(2^63-1)",
                     EscapeForTerminal(saturation.counter), EscapeForTerminal(saturation.entity), saturation.value,
                     EscapeForTerminal(saturation.event_id));
}

std::string RenderBoardText(const BoardState& board, const BoardStyle& style) {
  std::string out;
  if (board.features.empty()) {
    out += "No features yet: the board is empty.\n"
           "Start one with `kittylog spec create 001-my-feature --title \"My feature\"`.\n";
  }
  const BoardGuards guards(board);
  for (size_t i = 0; i < board.features.size(); ++i) {
    if (i > 0) out += "\n";
    RenderFeature(board.features[i], guards, style, out);
  }
  out += RenderBoardWarnings(board, guards, style.colour);
  return out;
}

std::string RenderBoardJson(const BoardState& board, const std::vector<std::string>& read_warnings) {
  const BoardGuards guards(board);
  JsonWriter w;
  w.BeginObject();
  w.Key("features"); w.BeginArray();
  for (const FeatureState& feature : board.features) {
    size_t done = 0;
    bool any_rejected = false;
    for (const WorkPackageState& wp : feature.work_packages) {
      done += wp.lane == "done";
      any_rejected |= wp.lane == "rejected";
    }
    w.BeginObject();
    w.Key("feature_slug"); w.String(feature.slug);
    w.Key("title"); w.String(feature.title);
    w.Key("created"); w.Bool(feature.created);
    WriteStringsJson(w, "tags", feature.tags);
    WriteCounters(w, feature.counters);
    w.Key("columns"); w.BeginArray();
    for (const Column& column : kColumns) {
      if (column.lane != "rejected" || any_rejected) w.String(column.lane);
    }
    w.EndArray();
    w.Key("progress"); w.BeginObject();
    w.Key("done"); w.Int(static_cast<int64_t>(done));
    w.Key("total"); w.Int(static_cast<int64_t>(feature.work_packages.size()));
    w.EndObject();
    w.Key("work_packages"); w.BeginArray();
    for (const WorkPackageState& wp : feature.work_packages) {
      w.BeginObject();
      w.Key("work_package_id"); w.String(wp.id);
      w.Key("title"); w.String(wp.title);
      w.Key("lane"); w.String(wp.lane);
      w.Key("created"); w.Bool(wp.created);
      WriteStringsJson(w, "tags", wp.tags);
      WriteCounters(w, wp.counters);
      w.Key("subtasks_done"); w.BeginArray();
      for (int64_t index : wp.subtasks_done) w.Int(index);
      w.EndArray();
      w.Key("deciding_event"); w.BeginObject();
      w.Key("event_id"); w.String(wp.deciding_event_id);
      w.Key("lamport_clock"); w.Int(wp.deciding_clock);
      w.EndObject();
      guards.WriteJson(w, wp);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("gates"); w.BeginArray();
  for (const GateState& gate : board.gates) {
    w.BeginObject();
    w.Key("gate_id"); w.String(gate.gate_id);
    w.Key("gate_type"); w.String(gate.gate_type);
    w.Key("feature_slug"); w.String(gate.feature_slug);
    w.Key("work_package_id"); w.String(gate.work_package_id);
    w.Key("status"); w.String(gate.status);
    w.EndObject();
  }
  w.EndArray();
  WriteBoardWarningsJson(w, board, guards);
  WriteStringsJson(w, "warnings", read_warnings);
  w.Key("max_clock"); w.Int(board.max_clock);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace kittylog::cli
