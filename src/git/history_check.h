// Finding the commits that lost events, in a range of history or among the commits new to this
// checkout (DESIGN §9; docs/git-integration.md "Merges that lost events").
//
// CheckHistory runs CheckCommit (lost_events.h) on every commit of a range (history_walk.h),
// newest first. A commit's loss is reported only while the lost events are still missing from
// the work tree's log: once `kittylog repair --rev` (or anything else) has put them back and the
// fix is committed, the old merge stays in history but is no longer a problem (`repaired`
// counts those). `deadline_ms` (0: none) bounds the time spent; commits left unchecked are
// counted in `unchecked`.
// CheckNewCommits is the hooks' form: the range is HEAD minus the commits this checkout already
// checked, remembered as up to kRememberedHeads recent HEADs in `<git dir>/kittylog-checked-heads`
// (one full id a line, newest first; this worktree's own git dir, so each checkout checks what
// enters it once). HEAD is remembered even when the bound cut the check short: the hooks stay
// cheap and `verify --history` checks the rest.
// Not thread-safe; failures are kIo (git objects or the work tree cannot be read).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"
#include "git/history_walk.h"
#include "git/lost_events.h"
#include "git/repository.h"

namespace kittylog::git {

inline constexpr size_t kRememberedHeads = 16;
inline constexpr size_t kHookCommitLimit = 500;

struct HistoryCheck {
  size_t commits_checked = 0;
  std::vector<CommitCheck> losses;       // newest first; `lost` holds only events still missing
  size_t repaired = 0;                   // commits that lost events the work tree has again
  std::vector<std::string> not_checked;  // what could not be looked at, and why
  size_t unchecked = 0;                  // commits of the range left out by the limit or deadline
};

struct HistoryLimits {
  size_t max_commits = std::numeric_limits<size_t>::max();
  int64_t deadline_ms = 0;  // milliseconds from the start; 0 = none
};

Result<HistoryCheck> CheckHistory(const GitRepository& repo, const LogLayout& layout, const CommitRange& range,
                                  const HistoryLimits& limits = {});

Result<HistoryCheck> CheckNewCommits(const GitRepository& repo, const LogLayout& layout, const HistoryLimits& limits);

// Whether `head` (a full hex id) is among the HEADs remembered in `git_dir` (so the hooks can
// skip opening the repository when nothing is new).
bool HeadAlreadyChecked(const std::string& git_dir, const std::string& head);

// The event ids of the work tree's daily files, each file read on first use.
class WorkTreeIds {
 public:
  explicit WorkTreeIds(LogLayout layout) : layout_(std::move(layout)) {}
  // Whether the log holds an event with `id`: daily file `name` is read first (where the event
  // belongs), every other daily file only when it is not there.
  Result<bool> Contains(const std::string& name, const std::string& id);

 private:
  Result<const std::unordered_set<std::string>*> IdsOf(const std::string& name);
  LogLayout layout_;
  std::map<std::string, std::unordered_set<std::string>> files_;
};

// Removes from `check.lost` the events the work tree's log holds again.
Status DropEventsInWorkTree(WorkTreeIds& work_tree, CommitCheck& check);

}  // namespace kittylog::git
