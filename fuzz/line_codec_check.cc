// CheckLineCodec: see fuzz_checks.h.
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/event_codec.h"
#include "event/line_reader.h"
#include "fuzz/fuzz_checks.h"

namespace kittylog::fuzz {
namespace {

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The reader's notion of a blank line: nothing but spaces and tabs once one "\r" is gone.
bool IsBlank(std::string_view line) { return StripCr(line).find_first_not_of(" \t") == std::string_view::npos; }

std::string CompareEvents(const Event& a, const Event& b) {
  if (a.event_id != b.event_id) return "event_id";
  if (a.event_type != b.event_type) return "event_type";
  if (a.event_version != b.event_version) return "event_version";
  if (a.lamport_clock != b.lamport_clock) return "lamport_clock";
  if (a.entity_id != b.entity_id) return "entity_id";
  if (a.entity_type != b.entity_type) return "entity_type";
  if (a.timestamp != b.timestamp) return "timestamp";
  if (a.actor != b.actor) return "actor";
  if (a.causation_id != b.causation_id) return "causation_id";
  if (a.correlation_id != b.correlation_id) return "correlation_id";
  if (a.payload_json != b.payload_json) return "payload_json";
  const PayloadFields &p = a.payload, &q = b.payload;
  if (p.feature_slug != q.feature_slug || p.work_package_id != q.work_package_id || p.old_status != q.old_status ||
      p.new_status != q.new_status || p.reason != q.reason || p.title != q.title || p.gate_id != q.gate_id ||
      p.gate_type != q.gate_type || p.counter != q.counter || p.delta != q.delta ||
      p.subtask_index != q.subtask_index || p.tags != q.tags) {
    return "payload fields";
  }
  return "";
}

}  // namespace

std::string CheckLineCodec(std::string_view data) {
  // The reader's contract: the data is followed by SIMDJSON_PADDING readable bytes.
  std::unique_ptr<char[]> padded(new char[data.size() + simdjson::SIMDJSON_PADDING]);
  if (!data.empty()) std::memcpy(padded.get(), data.data(), data.size());
  std::memset(padded.get() + data.size(), 0, simdjson::SIMDJSON_PADDING);
  std::string_view view(padded.get(), data.size());

  std::vector<std::string_view> lines;  // the reader's lines, numbered from 1
  for (size_t start = 0; start < data.size();) {
    size_t newline = data.find('\n', start);
    size_t end = newline == std::string_view::npos ? data.size() : newline;
    lines.push_back(data.substr(start, end - start));
    start = end + 1;
  }

  EventDecoder decoder;
  EventDecoder::Options options;
  options.keep_payload_json = true;
  std::vector<std::pair<Event, size_t>> events;
  std::vector<LineProblem> problems;
  bool torn = ReadEventLines(
      view, decoder, options, [&](Event&& event, size_t line) { events.emplace_back(std::move(event), line); },
      [&](LineProblem&& problem) { problems.push_back(std::move(problem)); });

  bool expect_torn = !data.empty() && data.back() != '\n';
  if (torn != expect_torn) return fmt::format("torn tail reported {} for {} bytes not ending in a newline: {}", torn, data.size(), expect_torn);

  // Each non-blank line is exactly one event or one hard problem; blank lines are neither.
  std::vector<int> accounted(lines.size() + 1, 0);
  for (const auto& [event, line] : events) {
    if (line < 1 || line > lines.size()) return fmt::format("event on line {} of {}", line, lines.size());
    std::string_view expected = StripCr(lines[line - 1]);
    if (expected.starts_with(kUtf8ByteOrderMark)) expected.remove_prefix(kUtf8ByteOrderMark.size());  // a mark, not data
    if (event.raw_line != expected) return fmt::format("line {}: raw_line differs from the line", line);
    ++accounted[line];
  }
  for (const LineProblem& problem : problems) {
    size_t line = problem.line_number;
    if (line < 1 || line > lines.size()) return fmt::format("problem on line {} of {}", line, lines.size());
    if (problem.reason.empty()) return fmt::format("line {}: problem without a reason", line);
    if (problem.reason.find('\n') != std::string::npos) return fmt::format("line {}: reason spans lines", line);
    if (!problem.is_event) ++accounted[line];
  }
  for (size_t line = 1; line <= lines.size(); ++line) {
    bool torn_blank = line == lines.size() && expect_torn && !lines[line - 1].empty();
    int want = IsBlank(lines[line - 1]) ? 0 : 1;
    if (IsBlank(lines[line - 1]) && torn_blank) want = 1;  // a blank torn tail is still reported
    if (accounted[line] != want) {
      return fmt::format("line {}: accounted for {} times, expected {}", line, accounted[line], want);
    }
  }

  // Round trip through the canonical writer.
  for (const auto& [event, line] : events) {
    std::string encoded = EncodeEventLine(event);
    for (unsigned char c : encoded) {
      if (c < 0x20 || c == 0x7f) return fmt::format("line {}: encoded line holds raw control byte {:#x}", line, c);
    }
    std::vector<std::string> notes;
    Result<Event> again = decoder.DecodeUnpadded(encoded, &notes);
    if (!again.ok()) return fmt::format("line {}: re-encoded line does not decode: {}", line, again.status().message());
    std::string differs = CompareEvents(event, *again);
    if (!differs.empty()) return fmt::format("line {}: {} changed through encode/decode", line, differs);
    if (EncodeEventLine(*again) != encoded) return fmt::format("line {}: encoding is not a fixed point", line);
  }
  return "";
}

}  // namespace kittylog::fuzz
