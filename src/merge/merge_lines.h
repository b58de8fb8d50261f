// Internal to the merge (merge.cc): how the lines of one input become records.
//
// LineParser reads lines with EventLineReader (event/event_line_view.h), the one reading of an
// event line, one line at a time (in place when the input has SIMDJSON_PADDING more bytes after
// the line, else in a padded scratch copy; the input is never written): a JSON object with a
// string event_id and a lamport_clock in 1..2^53-1 (after a leading byte order mark) is an
// event, anything else a line that is not one. Base lines are read for their key only; the
// report fields of ours and theirs with DuplicateKeys::kLastWins, the merge's reading of odd
// lines. It keeps views into the input (or copies in its arena), so records stay small.
// The fast path of the shared prefix is the reader's ReadCanonicalKey (a byte-level shape check).
// Not thread-safe; one parser per merge.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "event/event_line_view.h"
#include "merge/merge.h"

namespace kittylog::merge {

// The total order of DESIGN §2 on (lamport_clock, event_id) of an EventKey (event_line_view.h).
bool KeyLess(const EventKey& a, const EventKey& b);

enum class LineProblem : uint8_t { kNone, kJson, kNotObject, kNoEventId, kNulByte, kNoClock, kClockRange };

inline constexpr uint32_t kNoRecord = UINT32_MAX;

struct LineRecord {
  std::string_view line;  // without "\n" and a trailing "\r"
  std::string_view id;    // events only
  int64_t clock = 0;      // events: in 1..2^53-1
  uint32_t line_number = 0;
  uint32_t next_same_id = kNoRecord;  // chain of records with the same id
  Side side = Side::kBase;
  LineProblem problem = LineProblem::kNone;  // kNone: an event
  bool newline_follows = false;  // the input has "\n" right after `line` (no "\r" between)
  simdjson::error_code json_error = simdjson::SUCCESS;
  // Filled for events of ours and theirs (the concurrency report needs them).
  std::string_view event_type, entity_id, entity_type, feature_slug, old_status, new_status;

  bool is_event() const { return problem == LineProblem::kNone; }
  EventKey key() const { return {clock, id}; }
};

// Why a line is not an event, in words ("not valid JSON (...)", "contains a NUL byte", ...).
std::string DescribeProblem(const LineRecord& record);

// Owns copies of strings that cannot be viewed in the input (escaped ids, payload fields).
class StringArena {
 public:
  std::string_view Copy(std::string_view text);

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  size_t left_ = 0;
};

class LineParser {
 public:
  explicit LineParser(StringArena* arena) : arena_(arena) {}
  LineParser(const LineParser&) = delete;
  LineParser& operator=(const LineParser&) = delete;

  // Appends one record per non-blank line of `bytes` to `out`; the first line is numbered
  // `first_line`. With `keep_entity`, events carry the fields of the concurrency report.
  void ParseLines(std::string_view bytes, Side side, uint32_t first_line, bool keep_entity,
                  std::vector<LineRecord>& out);

  size_t parsed_lines() const { return parsed_lines_; }

 private:
  LineRecord ParseLine(std::string_view line, Side side, uint32_t line_number, bool keep_entity, bool padded);
  std::string_view Keep(std::string_view decoded, std::string_view line);

  StringArena* arena_;
  EventLineReader reader_;
  std::unique_ptr<char[]> scratch_;
  size_t scratch_capacity_ = 0;
  size_t parsed_lines_ = 0;
};

// A line is blank when it holds nothing but spaces, tabs and carriage returns.
bool IsBlankLine(std::string_view line);

}  // namespace kittylog::merge
