// What `kittylog repair` makes of a damaged daily file, and how it writes that (DESIGN §2, §9;
// docs/repair.md). Nothing here talks to git: the callers in src/git/ (repair.h, the whole run
// with the git index's unmerged files; repair_rev.h, `repair --rev`) read git and hand the bytes
// in.
//
// PlanRepair is pure: the repaired bytes are exactly the events of the merge driver's canonical
// result for the file (merge::CanonicalizeEventLog: conflict blocks split into their versions
// and merged, duplicates kept once, total order, CRLF read as LF, final newline). Every input
// line that is not in the result is accounted for: the markers of well-formed conflict blocks
// are git's structure and go; blank lines carry nothing and go; any other line (not an event, or
// a version of an event that lost to another) is quarantined with its file, line and reason,
// never dropped silently.
// PlanResolution is the same for a daily file a git command left unmerged in the git index: the
// result is the driver's merge of the versions there (`stages_merged`, MergeEventLogs of base,
// ours and theirs, an absent one an empty log) joined with whatever the work tree's file holds
// (what git left there, and anything added since), through the same canonical merge. Its
// quarantined lines are numbered in the work tree's file; a line only the git index's versions
// hold has line 0.
// ApplyRepair writes the quarantine first (a new file, atomically), then replaces the daily file
// atomically; MoveAside renames an entry that is not a regular file into the quarantine. The
// caller holds the store lock. Failures are Status::Io naming the path. Plans are thread-safe;
// the writers are not (the store lock serialises them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"

namespace kittylog::repair {

struct QuarantinedLine {
  size_t line = 0;     // 1-based, in the damaged file
  std::string bytes;   // the line as it was, without "\n"
  std::string reason;
};

struct RepairPlan {
  bool needed = false;          // the repaired bytes differ from the file's
  std::string repaired;         // the driver's result, events only
  std::vector<QuarantinedLine> quarantined;
  size_t conflict_blocks = 0;
  size_t duplicates_removed = 0;
  size_t events = 0;            // events in the result
  std::vector<std::string> conflicting_ids;  // same id, different bytes on both sides
  bool byte_order_mark_removed = false;  // the file started with a UTF-8 BOM (an encoding mark, no data)
  std::string unmerged;         // git's state of an unmerged file ("deleted by us"; "" when merged)
  std::string Summary() const;  // "2 conflict blocks, 3 duplicates removed, 1 line quarantined"
};

RepairPlan PlanRepair(std::string_view bytes);

RepairPlan PlanResolution(std::string_view stages_merged, std::string_view work_tree, std::string unmerged_state);

// Writes `plan` for daily file `name` (e.g. "2026-01-27.jsonl"); quarantined lines go to
// <quarantine dir>/<stem>-<UTC time>.jsonl (the lines, byte for byte) and a .notes file beside
// it ("file:line: reason" per line). Returns the quarantine file's path ("" when none).
Result<std::string> ApplyRepair(const LogLayout& layout, const std::string& name, const RepairPlan& plan,
                                int64_t now_millis);

// Moves the entry `name` of the events directory (a symlink, a directory, a FIFO: anything that
// is not a regular file) into the quarantine without opening it; returns where it went.
Result<std::string> MoveAside(const LogLayout& layout, const std::string& name, int64_t now_millis);

// One daily file's repair: its plan and where its quarantined lines went.
struct FileRepair {
  std::string name;  // "2026-01-27.jsonl"
  RepairPlan plan;
  std::string quarantine_path;  // where its quarantined lines went ("" when none)
};

}  // namespace kittylog::repair
