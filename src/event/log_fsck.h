// The fsck of the daily files (DESIGN §2, §6, §9; docs/repair.md, docs/cli.md): the one check
// of what a daily file holds, for `kittylog verify`, the pre-commit hook and doctor.
//
// LogFsck checks daily files one after another, as the tolerant reader read them
// (event/line_reader.h), and returns typed problems in line order (within a line, the reader's
// problem before those of its event). Two families:
//  - merge damage, what a merge made without the driver leaves and `kittylog repair` fixes:
//    git conflict markers, lines that are not events, duplicate event ids, events out of total
//    order, a torn tail;
//  - the rest, for `verify` only: a soft problem of a line that is still an event (a clock out
//    of range, a bad ULID) and an event that names no type or entity.
// A duplicate is found across every file one checker has seen. Order is a property of one file:
// an event must follow the one before it in total order; a second copy of an event of the same
// file is left out of that (repair removes it), a copy of another file's event is not. (Before this
// one check, `verify` compared the next event with such a copy and the pre-commit hook did not:
// `verify` may now report one disorder more or one fewer after an in-file duplicate.)
// CheckEventLog reads a whole staged file into memory (daily files are one day's events).
// Each problem carries the words of both reports: `verify`'s, which repeat the reader's reason,
// and the shorter ones the pre-commit hook prints under its summary.
// Pure functions over what was read; a LogFsck is not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/line_reader.h"
#include "platform/file_io.h"

namespace kittylog {

struct LogProblem {
  // Merge damage first: SummarizeProblems counts these five in this order.
  enum class Kind { kConflictMarker, kDuplicateId, kMalformed, kDisorder, kTornTail, kSoftProblem, kUnnamed };
  Kind kind = Kind::kMalformed;
  size_t line = 0;     // 1-based
  std::string text;    // verify's words: its line is "file:line: " + text
  std::string brief;   // the pre-commit hook's words: "git conflict marker", "not an event: ...", ...

  bool IsMergeDamage() const { return kind < Kind::kSoftProblem; }
  // A problem of the line as read (not an event, a soft problem, a torn tail), rather than of
  // the event it holds (a duplicate, disorder, a missing name).
  bool IsLineProblem() const;
};

class LogFsck {
 public:
  struct Location {
    std::string_view file;  // the label given to CheckFile
    size_t line = 0;
  };

  // Checks one daily file as ReadLogFile/ReadLogContents returned it; `label` names the file
  // in the problems (".kittify/events/2026-01-27.jsonl").
  std::vector<LogProblem> CheckFile(std::string_view label, const LogContents& contents);

  // Where an event id was first seen, if any file checked so far holds it.
  std::optional<Location> FirstSeen(const std::string& event_id) const;

 private:
  struct Seen {
    uint32_t file = 0;  // index into labels_
    size_t line = 0;
  };
  std::deque<std::string> labels_;  // a deque: Location views stay valid
  std::map<std::string, Seen, std::less<>> first_seen_;
};

// The merge damage of one daily file's bytes, in line order (what pre-commit refuses and
// doctor reports).
std::vector<LogProblem> CheckEventLog(std::string_view bytes);
// The same without a copy, for a file read by platform::ReadFilePadded with SIMDJSON_PADDING.
std::vector<LogProblem> CheckEventLog(const platform::PaddedBuffer& padded);

// "3 conflict markers, 2 duplicate ids, 1 event out of order" (empty when there is nothing):
// merge damage only.
std::string SummarizeProblems(const std::vector<LogProblem>& problems);

}  // namespace kittylog
