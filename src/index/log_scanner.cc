#include "index/log_scanner.h"

#include <algorithm>
#include <cstring>

#include "event/ulid.h"

namespace kittylog::index_internal {
namespace {

// Assigns `value` to `out` when it is a string; like the decoder, a mistyped field is absent
// and does not undo an earlier good occurrence of the same key.
inline void ReadString(simdjson::dom::element value, std::string_view& out) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) out = text;
}

}  // namespace

bool LineScanner::ExtractClean(std::string_view line, ScannedEvent& event) {
  simdjson::dom::element root;
  if (parser_.parse(line.data(), line.size(), false).get(root) != simdjson::SUCCESS) return false;
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return false;
  bool has_id = false;
  bool clock_ok = false;
  bool clock_bad = false;
  for (auto [key, value] : object) {
    if (key == "event_id") {
      std::string_view id;
      if (value.get_string().get(id) == simdjson::SUCCESS) {
        event.event_id = id;
        has_id = true;
      }
    } else if (key == "event_type") {
      ReadString(value, event.event_type);
    } else if (key == "lamport_clock") {
      int64_t clock;
      if (value.get_int64().get(clock) == simdjson::SUCCESS && IsValidLamportClock(clock)) {
        event.clock = clock;
        clock_ok = true;
      } else {
        clock_bad = true;
      }
    } else if (key == "entity_id") {
      ReadString(value, event.entity_id);
    } else if (key == "entity_type") {
      ReadString(value, event.entity_type);
    } else if (key == "actor") {
      ReadString(value, event.actor);
    } else if (key == "timestamp") {
      ReadString(value, event.timestamp);
    } else if (key == "payload") {
      // Each payload key replaces the previous one's fields, as ExtractPayloadFields does.
      event.feature_slug = event.old_status = event.new_status = event.title = {};
      simdjson::dom::object payload;
      if (value.get_object().get(payload) != simdjson::SUCCESS) continue;
      for (auto [field, field_value] : payload) {
        if (field == "feature_slug") ReadString(field_value, event.feature_slug);
        else if (field == "old_status") ReadString(field_value, event.old_status);
        else if (field == "new_status") ReadString(field_value, event.new_status);
        else if (field == "title") ReadString(field_value, event.title);
      }
    }
  }
  // Anything the reader would report (even softly) takes the reader's path.
  return has_id && clock_ok && !clock_bad && IsValidUlid(event.event_id);
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
        event.clock = decoded.lamport_clock;
        event.event_id = decoded.event_id;
        event.event_type = decoded.event_type;
        event.entity_id = decoded.entity_id;
        event.entity_type = decoded.entity_type;
        event.actor = decoded.actor;
        event.timestamp = decoded.timestamp;
        event.feature_slug = decoded.payload.feature_slug;
        event.old_status = decoded.payload.old_status;
        event.new_status = decoded.payload.new_status;
        event.title = decoded.payload.title;
        on_event(event);
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
