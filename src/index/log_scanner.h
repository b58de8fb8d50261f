// Turns daily-file bytes into index rows (docs/index.md "Rebuild").
//
// ScanLines is the one place where the index reads log bytes. It follows the tolerant reader
// (event/line_reader.h) line for line: memchr finds lines, a trailing "\r" is ignored, blank
// lines are skipped, a line without "\n" is a torn tail. The common case, a clean event line,
// is read once by EventLineReader (event/event_line_view.h) and its fields are handed over as
// views, with no allocation; every other line (not JSON, no event_id, a clock outside
// 1..2^53-1 in any of its occurrences, a byte order mark, a bad id, a torn tail) goes through
// ReadEventLines itself, so what counts as an event and every problem report stay exactly the
// reader's. Not thread-safe: one per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "event/event_codec.h"
#include "event/event_line_view.h"
#include "event/line_reader.h"

namespace kittylog::index_internal {

// What the index needs of one event line. Views are valid only during the sink call.
struct ScannedEvent {
  int64_t line_number = 0;  // 1-based, in the file
  uint64_t offset = 0;      // of the line's first byte, in the file
  bool torn = false;        // the last line, without "\n"
  int64_t clock = 0;
  std::string_view event_id, event_type, entity_id, entity_type, actor, timestamp;
  std::string_view feature_slug, old_status, new_status, title;  // payload
};

// Views of an in-memory event (the emit path), valid while `event` lives.
inline ScannedEvent ViewOf(const Event& event) {
  ScannedEvent view;
  view.clock = event.lamport_clock;
  view.event_id = event.event_id;
  view.event_type = event.event_type;
  view.entity_id = event.entity_id;
  view.entity_type = event.entity_type;
  view.actor = event.actor;
  view.timestamp = event.timestamp;
  view.feature_slug = event.payload.feature_slug;
  view.old_status = event.payload.old_status;
  view.new_status = event.payload.new_status;
  view.title = event.payload.title;
  return view;
}

struct LineLayout {
  uint64_t complete_size = 0;  // bytes up to and including the last "\n"
  int64_t complete_lines = 0;  // number of "\n" in them
};

using ScannedEventSink = std::function<void(const ScannedEvent& event)>;

class LineScanner {
 public:
  // Scans `data`, bytes of a daily file from `base_offset` (a line boundary) whose first line
  // is line `first_line`; `data` must be followed by SIMDJSON_PADDING readable bytes. Only
  // events (lamport_clock in 1..2^53-1) reach `on_event`; problems carry file line numbers.
  LineLayout Scan(std::string_view data, uint64_t base_offset, int64_t first_line, const ScannedEventSink& on_event,
                  const ProblemSink& on_problem);

 private:
  // The fast path: true when `line` is a clean event (fields filled), false to ask the reader.
  bool ExtractClean(std::string_view line, ScannedEvent& event);
  void ScanWithReader(std::string_view line, bool terminated, ScannedEvent& event, const ScannedEventSink& on_event,
                      const ProblemSink& on_problem);

  EventLineReader reader_;
  EventDecoder decoder_;
  std::string scratch_;
};

}  // namespace kittylog::index_internal
