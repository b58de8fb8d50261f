#include "index/log_scanner.h"

#include <algorithm>
#include <cstring>

#include "event/ulid.h"

namespace kittylog::index_internal {

bool LineScanner::ExtractClean(std::string_view line, ScannedEvent& event) {
  const EventLineView view = reader_.Read(line, EventLineReader::Options{});
  if (!view.is_object) return false;
  // Anything the reader would report (even softly) takes the reader's path.
  if (!view.has_id || !view.clock_valid || view.clock_ever_invalid || view.byte_order_mark ||
      !IsValidUlid(view.event_id)) {
    return false;
  }
  event.clock = view.lamport_clock;
  event.event_id = view.event_id;
  event.event_type = view.event_type;
  event.entity_id = view.entity_id;
  event.entity_type = view.entity_type;
  event.actor = view.actor;
  event.timestamp = view.timestamp;
  event.feature_slug = view.payload_fields.feature_slug;
  event.old_status = view.payload_fields.old_status;
  event.new_status = view.payload_fields.new_status;
  event.title = view.payload_fields.title;
  return true;
}

void LineScanner::ScanWithReader(std::string_view line, bool terminated, ScannedEvent& event,
                                 const ScannedEventSink& on_event, const ProblemSink& on_problem) {
  scratch_.assign(line);
  if (terminated) scratch_ += '\n';
  const size_t size = scratch_.size();
  scratch_.append(simdjson::SIMDJSON_PADDING, '\0');
  EventDecoder::Options options;
  options.keep_raw_line = false;
  ReadEventLines(
      std::string_view(scratch_.data(), size), decoder_, options,
      [&](Event&& decoded, size_t) {
        if (!IsValidLamportClock(decoded.lamport_clock)) return;  // not an event (the decoder says so)
        ScannedEvent view = ViewOf(decoded);
        view.line_number = event.line_number;
        view.offset = event.offset;
        view.torn = event.torn;
        on_event(view);
      },
      [&](LineProblem&& problem) {
        problem.line_number = static_cast<size_t>(event.line_number);
        on_problem(std::move(problem));
      });
}

LineLayout LineScanner::Scan(std::string_view data, uint64_t base_offset, int64_t first_line,
                             const ScannedEventSink& on_event, const ProblemSink& on_problem) {
  LineLayout layout;
  const char* begin = data.data();
  const char* cursor = begin;
  const char* end = begin + data.size();
  int64_t line_number = first_line - 1;
  while (cursor < end) {
    ++line_number;
    const char* newline = static_cast<const char*>(std::memchr(cursor, '\n', static_cast<size_t>(end - cursor)));
    const bool terminated = newline != nullptr;
    const char* line_end = terminated ? newline : end;
    std::string_view line(cursor, static_cast<size_t>(line_end - cursor));
    ScannedEvent event;
    event.line_number = line_number;
    event.offset = base_offset + static_cast<uint64_t>(cursor - begin);
    event.torn = !terminated;
    cursor = terminated ? newline + 1 : end;
    if (terminated) {
      layout.complete_size = static_cast<uint64_t>(cursor - begin);
      ++layout.complete_lines;
    }

    std::string_view trimmed = line;
    if (!trimmed.empty() && trimmed.back() == '\r') trimmed.remove_suffix(1);
    if (trimmed.find_first_not_of(" \t") == std::string_view::npos && terminated) continue;
    if (terminated && ExtractClean(trimmed, event)) {
      on_event(event);
    } else {
      ScanWithReader(line, terminated, event, on_event, on_problem);
    }
  }
  return layout;
}

}  // namespace kittylog::index_internal
