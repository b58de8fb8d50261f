// `kittylog repair`: the whole run over the log (DESIGN §2, §9; docs/repair.md). It lives in
// src/git/ because it talks to git: it finds the daily files a git command left unmerged in the
// git index and reads their versions there (event_blobs.h UnmergedEventFile); what becomes of
// each file, and how it is written, is the repair room's (repair/repair_plan.h), which knows
// nothing of git. Failures are Status values naming the path; not thread-safe (it takes the
// store lock).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"
#include "repair/repair_plan.h"
#include "store/store_refresh.h"

namespace kittylog::git {

// An entry with a daily file name that is not a regular file (a symlink, a directory, a FIFO,
// a device: a teammate's branch can commit them). It is never opened: repair renames the entry
// itself into the quarantine, so nothing blocks the log and `git status` shows it removed.
struct MovedEntry {
  std::string name;         // "2026-01-28.jsonl"
  std::string what;         // "a symbolic link"
  std::string destination;  // its path in the quarantine ("" in check mode)
};

struct RepairRun {
  std::vector<repair::FileRepair> files;  // only the files that needed repair (every unmerged one)
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
