// The commits of a range of history, newest first (DESIGN §9: `verify --history [RANGE]` and the
// hooks check the commits that enter a checkout; docs/git-integration.md).
//
// WalkCommits lists the commits reachable from `tips` and not from `hidden`: what `git rev-list
// TIPS ^HIDDEN` lists (`A..B`, `A...B`). It follows git's own walk (revision.c, limit_list):
// commits are taken newest first by committer time, a hidden commit paints its parents hidden
// and the paint runs on through commits already taken, and the walk ends only when no listed
// commit and no commit as new as the last listed one is left (then git's 5 commits of slop).
// So commits that share a committer time, as scripted commits do, are always told apart
// exactly; like git without a commit-graph, a commit can be listed although hidden only when a
// committer clock ran backwards (a commit older than its parent) by more than the slop absorbs.
// It walks parents itself rather than through libgit2's revwalk, which in libgit2 1.5 aborts the
// whole walk at the first missing parent: a shallow clone's oldest commits have parents that are
// not in the repository. Here a missing commit ends its line of history and is named in
// `missing` (unless it is outside the range).
// `limit` bounds the commits listed and followed (the hooks' bound): past it the walk follows
// hidden commits only, to drop listed ones they reach, and `truncated` says that more commits
// may be in the range.
// ParseRange reads `REV`, `A..B` and `A...B` (both sides, without their merge bases).
// Not thread-safe (one GitRepository per thread); failures are kIo, or kRefused for a range
// that names nothing.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "base/status.h"
#include "git/event_blobs.h"
#include "git/repository.h"

namespace kittylog::git {

struct CommitRange {
  std::vector<std::string> tips;    // full hex ids
  std::vector<std::string> hidden;
};

// An empty `spec` is HEAD (no commits when HEAD is unborn).
Result<CommitRange> ParseRange(const GitRepository& repo, const std::string& spec);

struct WalkResult {
  std::vector<CommitInfo> commits;   // newest first
  std::vector<std::string> missing;  // commits named by a listed commit but not in the repository
  bool truncated = false;            // `limit` was reached: the range may hold more commits
};

Result<WalkResult> WalkCommits(const GitRepository& repo, const CommitRange& range,
                               size_t limit = std::numeric_limits<size_t>::max());

}  // namespace kittylog::git
