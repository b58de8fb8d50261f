// Internal to the merge (merge.cc): the report entries that need more than one record.
//
// ReportConcurrentChanges groups the events that only one of ours/theirs added since the base
// by entity, and for each entity both sides changed, adds one kConcurrentChange entry naming
// the events of each side and, for a work package's status, the move that decides its lane in
// the merged log: the reducer's lane rules (workflow/lane_replay.h, DESIGN §6) over every move
// of it the merge holds. Pure; not thread-safe.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "merge/merge.h"
#include "merge/merge_lines.h"

namespace kittylog::merge {

// The outcome for one event_id: the record written and the inputs that hold the id.
struct EventOutcome {
  uint32_t chosen = kNoRecord;
  std::array<bool, 3> present{};  // indexed by Side (base, ours, theirs)
};

// `outcomes` in any order (best in record order: the records are then read sequentially).
void ReportConcurrentChanges(const std::vector<LineRecord>& records, const std::vector<EventOutcome>& outcomes,
                             std::vector<ReportEntry>& report);

// At most `limit` bytes of `line`, through the one escaper (event/terminal_text.h): report lines
// and the quarantine notes `repair` writes never carry a raw control, bidi or invisible character.
std::string Excerpt(std::string_view line, size_t limit = 60);

// `text` as kittylog prints any text from a log (EscapeForTerminal, event/terminal_text.h: the
// one escaper). Every report line passes through it: entity ids and statuses come from a
// teammate's branch.
std::string EscapeControls(std::string_view text);

}  // namespace kittylog::merge
