// `kittylog repair`: turning a daily file damaged by a merge made without the driver, or left
// unmerged by a git command that called no driver, into the driver's own result (DESIGN §2, §9;
// docs/repair.md).
//
// PlanRepair is pure: the repaired bytes are exactly the events of the merge driver's canonical
// result for the file (merge::CanonicalizeEventLog: conflict blocks split into their versions
// and merged, duplicates kept once, total order, CRLF read as LF, final newline). Every input
// line that is not in the result is accounted for: the markers of well-formed conflict blocks
// are git's structure and go; blank lines carry nothing and go; any other line (not an event, or
// a version of an event that lost to another) is quarantined with its file, line and reason,
// never dropped silently.
// PlanResolution is the same for a daily file a git command left unmerged in the git index
// (event_blobs.h UnmergedEventFile): the result is the driver's merge of the versions there
// (`stages_merged`, MergeEventLogs of base, ours and theirs, an absent one an empty log) joined
// with whatever the work tree's file holds (what git left there, and anything added since),
// through the same canonical merge. Its quarantined lines are numbered in the work tree's file;
// a line only the git index's versions hold has line 0.
// ApplyRepair writes the quarantine first (a new file, atomically), then replaces the daily file
// atomically; the caller holds the store lock. Failures are Status::Io naming the path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"
#include "git/store_refresh.h"

namespace kittylog::git {

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

struct FileRepair {
  std::string name;  // "2026-01-27.jsonl"
  RepairPlan plan;
  std::string quarantine_path;  // where its quarantined lines went ("" when none)
};

// An entry with a daily file name that is not a regular file (a symlink, a directory, a FIFO,
// a device: a teammate's branch can commit them). It is never opened: repair renames the entry
// itself into the quarantine, so nothing blocks the log and `git status` shows it removed.
struct MovedEntry {
  std::string name;         // "2026-01-28.jsonl"
  std::string what;         // "a symbolic link"
  std::string destination;  // its path in the quarantine ("" in check mode)
};

struct RepairRun {
  std::vector<FileRepair> files;  // only the files that needed repair (every unmerged one)
  std::vector<MovedEntry> moved;  // entries that are not regular files (moved aside unless checking)
  StoreRefresh refresh;           // after the rewrite (not filled in check mode)
  std::string continue_command;   // what goes on after the unmerged files are staged ("" if none)
  std::vector<std::string> notes; // unmerged files left alone, and why (warnings)
};

// The whole repair: under the store lock, plans every named daily file (all of them when
// `names` is empty, and every daily file the git index holds unmerged), and unless
// `check_only`, applies the plans and moves aside the entries that are not regular files, then
// refreshes the index and witnesses the clock. An unmerged file is always listed: the git index
// still needs it marked resolved (`git add`), which repair leaves to the user. A name that is
// not a daily file of the log is a usage error.
Result<RepairRun> RepairLog(const LogLayout& layout, const std::vector<std::string>& names, bool check_only);

}  // namespace kittylog::git
