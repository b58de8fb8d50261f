#include "fuzz/log_lines.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "merge/merge_lines.h"

namespace kittylog::fuzz {

std::vector<LineInfo> ClassifyLines(std::string_view bytes, EventDecoder& decoder) {
  std::vector<LineInfo> lines;
  size_t number = 0;
  for (size_t start = 0; start < bytes.size();) {
    size_t newline = bytes.find('\n', start);
    size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    LineInfo info;
    info.line = bytes.substr(start, end - start);
    info.number = ++number;
    start = end + 1;
    while (!info.line.empty() && info.line.back() == '\r') info.line.remove_suffix(1);  // as the merge reads lines
    if (merge::IsBlankLine(info.line)) continue;
    Result<Event> event = decoder.DecodeUnpadded(info.line);
    if (event.ok()) {
      info.is_event = true;
      info.id = event->event_id;
      info.clock = event->lamport_clock;
    }
    lines.push_back(std::move(info));
  }
  return lines;
}

std::string CheckCanonicalOutput(const char* what, const std::vector<std::vector<LineInfo>>& inputs,
                                 const merge::MergeResult& result, EventDecoder& decoder) {
  const std::string& out = result.output;
  if (!out.empty() && out.back() != '\n') return fmt::format("{}: output does not end in a newline", what);
  std::vector<LineInfo> lines = ClassifyLines(out, decoder);
  size_t raw_lines = static_cast<size_t>(std::count(out.begin(), out.end(), '\n'));
  if (lines.size() != raw_lines) return fmt::format("{}: output holds {} blank lines", what, raw_lines - lines.size());
  if (result.stats.events_out + result.stats.non_events_out != lines.size()) {
    return fmt::format("{}: stats count {}+{} lines, output has {}", what, result.stats.events_out,
                       result.stats.non_events_out, lines.size());
  }

  std::set<std::string_view> input_lines;
  std::set<std::string> input_ids;
  for (const auto& input : inputs) {
    for (const LineInfo& info : input) {
      input_lines.insert(info.line);
      if (info.is_event) input_ids.insert(info.id);
    }
  }
  std::set<std::string> output_ids;
  std::set<std::string_view> output_non_events;
  bool in_events = true;
  for (size_t i = 0; i < lines.size(); ++i) {
    const LineInfo& info = lines[i];
    if (!input_lines.count(info.line)) return fmt::format("{}: output line {} is in no input", what, i + 1);
    if (info.is_event) {
      if (!in_events) return fmt::format("{}: output line {}: an event after the non-event lines", what, i + 1);
      if (!output_ids.insert(info.id).second) return fmt::format("{}: output line {}: duplicate event_id", what, i + 1);
      if (i > 0 && !TotalOrderLess(lines[i - 1].clock, lines[i - 1].id, info.clock, info.id)) {
        return fmt::format("{}: output line {}: not in total order", what, i + 1);
      }
    } else {
      if (!in_events && !(lines[i - 1].line < info.line)) {
        return fmt::format("{}: output line {}: non-event lines not in strict byte order", what, i + 1);
      }
      in_events = false;
      output_non_events.insert(info.line);
    }
  }
  for (const std::string& id : input_ids) {
    if (!output_ids.count(id)) return fmt::format("{}: event_id {:?} of an input is missing", what, id);
  }
  for (const auto& input : inputs) {
    for (const LineInfo& info : input) {
      if (!info.is_event && !output_non_events.count(info.line)) {
        return fmt::format("{}: non-event line {} {:?} was dropped", what, info.number, info.line.substr(0, 80));
      }
    }
  }
  return "";
}

}  // namespace kittylog::fuzz
