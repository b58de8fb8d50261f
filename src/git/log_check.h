// What a merge made without the driver leaves in a daily file, found line by line
// (DESIGN §9; docs/repair.md): git conflict markers, duplicate event ids, lines that are not
// events, events out of total order, and a torn tail. pre-commit refuses a staged file with any
// of them, doctor reports them, and `kittylog repair` fixes them.
// Pure functions over bytes; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "event/conflict_markers.h"
#include "event/line_reader.h"

namespace kittylog::git {

struct LogProblem {
  enum class Kind { kConflictMarker, kDuplicateId, kMalformed, kDisorder, kTornTail };
  Kind kind = Kind::kMalformed;
  size_t line = 0;  // 1-based
  std::string message;
};

// Whether a line is a git conflict marker: the one rule (event/conflict_markers.h).
using kittylog::IsConflictMarker;

// The problems of one daily file, in line order.
std::vector<LogProblem> CheckEventLog(std::string_view bytes);

// "3 conflict markers, 2 duplicate ids, 1 line out of order" (empty when there is nothing).
std::string SummarizeProblems(const std::vector<LogProblem>& problems);

}  // namespace kittylog::git
