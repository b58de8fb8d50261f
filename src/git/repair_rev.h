// `kittylog repair --rev REV`: putting back the events a commit lost (DESIGN §9; docs/repair.md
// "Events a merge lost").
//
// The lost events are those CheckCommit (lost_events.h) finds for REV that the work tree's log
// still lacks. Each comes back as the line the merge driver would have kept: for a merge of two
// parents, its line in MergeEventLogs(base, first parent, second parent) of that daily file (so
// the driver's three-way rule chooses between two versions of one event; when those versions
// cannot all be read, as in a shallow clone, the parent's line); for any other commit, the line
// of the first parent that has it. The lines join the work tree's daily file through
// PlanRepair (repair/repair_plan.h), so the file ends up exactly as the driver orders and writes it, byte for
// byte, and anything else a merge without the driver left in it is repaired and quarantined as
// `kittylog repair` does. Under the store lock; then the index is refreshed and the clock
// witnessed. With `check_only` nothing is written.
// Failures: kRefused when REV names no commit, kIo for git objects or files that cannot be read.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"
#include "git/lost_events.h"
#include "git/repository.h"
#include "repair/repair_plan.h"
#include "store/store_refresh.h"

namespace kittylog::git {

struct RestoreRun {
  CommitCheck check;               // REV and what it lost (all of it, before looking at the work tree)
  size_t already_back = 0;         // lost events the work tree holds again
  std::vector<repair::FileRepair> files;   // per daily file written (or to write, with check_only)
  std::vector<std::vector<std::string>> restored_ids;  // per entry of `files`: the ids put back
  StoreRefresh refresh;            // after writing (not filled with check_only)
};

Result<RestoreRun> RestoreLostEvents(const GitRepository& repo, const LogLayout& layout, const std::string& rev,
                                     bool check_only);

}  // namespace kittylog::git
