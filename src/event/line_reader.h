// The tolerant reader of a daily log (DESIGN §2, §11).
//
// The whole file sits in one padded buffer; lines are found with memchr and each is parsed on
// its own, so a bad line is reported (file:line: reason) and skipped without hiding its
// neighbours. Blank lines are ignored. A last line without "\n" is a torn tail: when it still
// decodes it is delivered as an event and also reported; otherwise it is reported only. A git
// conflict marker is reported as such ("conflict marker: run `kittylog repair`").
// Nothing here writes. Not thread-safe (uses one EventDecoder).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/event_codec.h"

namespace kittylog {

struct LineProblem {
  size_t line_number = 0;   // 1-based
  std::string reason;       // e.g. "not valid JSON (...)", "torn tail: no final newline"
  std::string raw_line;     // the line's bytes
  bool is_event = false;    // the line is still an event (a soft problem such as a bad clock)
  bool torn_tail = false;   // this problem is the missing final "\n" of the last line
  std::string Format(std::string_view file) const;  // "file:line: reason"
};

struct LogContents {
  std::vector<Event> events;          // in file order
  std::vector<size_t> line_numbers;   // line number of each event
  std::vector<LineProblem> problems;  // in file order
  bool torn_tail = false;
};

using EventSink = std::function<void(Event&& event, size_t line_number)>;
using ProblemSink = std::function<void(LineProblem&& problem)>;

// Reads the lines of `data`; `data` must be followed by SIMDJSON_PADDING readable bytes.
// Returns whether the data ends in a torn tail.
bool ReadEventLines(std::string_view data, EventDecoder& decoder, const EventDecoder::Options& options,
                    const EventSink& on_event, const ProblemSink& on_problem);

// Reads the lines of `data` into one LogContents; `data` must be followed by SIMDJSON_PADDING
// readable bytes.
LogContents ReadLogContents(std::string_view data, const EventDecoder::Options& options = {});

// Reads a whole file (absent file = empty log). Fails only when the file cannot be read.
Result<LogContents> ReadLogFile(const std::string& path, const EventDecoder::Options& options = {});

}  // namespace kittylog
