// Shared by the fuzz checks: the lines of a log as kittylog's tolerant reader sees them, and
// the invariants of a canonical merge output (events in strict total order with unique ids,
// then the non-event lines in strict byte order, nothing invented, nothing dropped).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_codec.h"
#include "merge/merge.h"

namespace kittylog::fuzz {

struct LineInfo {
  std::string_view line;  // without "\n" and one trailing "\r"
  size_t number = 0;      // 1-based line number in its input
  bool is_event = false;
  std::string id;
  int64_t clock = 0;  // 0 when absent or invalid (DESIGN §2)
};

// The non-blank lines of `bytes` (blank = only spaces, tabs and CRs, as in the merge).
std::vector<LineInfo> ClassifyLines(std::string_view bytes, EventDecoder& decoder);

// "" when `result` is a canonical merge of `inputs` (their classified lines): see above.
std::string CheckCanonicalOutput(const char* what, const std::vector<std::vector<LineInfo>>& inputs,
                                 const merge::MergeResult& result, EventDecoder& decoder);

}  // namespace kittylog::fuzz
